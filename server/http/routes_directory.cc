// The directory: organisations, people, SPOC assignments, providers' services, imports.
#include <chrono>

#include "server/core/directory/validate.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/views.h"

namespace warroom::http {
namespace {

using service::ToJson;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// An organisation as the directory lists it: its record, its SPOC, its deputy count
// and its gaps; the caller closes the object (a detail adds more).
void OpenSummary(JsonWriter& w, const core::Organisation& o,
                 const std::optional<core::PersonRef>& spoc, bool people_visible, int64_t now) {
  w.BeginObject();
  service::WriteMembers(w, o);
  w.Key("spoc");
  if (spoc) {
    service::Write(w, *spoc);
  } else {
    w.Null();
  }
  w.Field("deputy_count", people_visible ? o.deputy_count : 0).Key("gaps").BeginArray();
  for (core::DirectoryGap g : core::GapsOf(o, now)) w.String(core::Name(g));
  w.EndArray();
}

template <typename T>
void WriteArray(JsonWriter& w, std::string_view name, const std::vector<T>& items) {
  w.Key(name).BeginArray();
  for (const T& item : items) service::Write(w, item);
  w.EndArray();
}

template <typename T>
void WriteOptional(JsonWriter& w, std::string_view name, const std::optional<T>& item) {
  w.Key(name);
  if (item) {
    service::Write(w, *item);
  } else {
    w.Null();
  }
}

std::string DetailJson(const service::OrganisationDetail& d) {
  JsonWriter w(4096);
  OpenSummary(w, d.organisation, d.spoc, d.people_visible, NowMs());
  w.Field("exercise_contacts", d.exercise_contacts);
  WriteArray(w, "people", d.people);
  WriteArray(w, "deputies", d.deputies);
  WriteArray(w, "providers", d.providers);
  WriteArray(w, "customers", d.customers);
  WriteOptional(w, "parent", d.parent);
  WriteOptional(w, "merged_into", d.merged_into);
  w.EndObject();
  return w.Take();
}

// Reads the kind, province and region filters of a directory query, adding an error
// for each bad one.
void ReadPlaceFilters(const Request& r, std::optional<core::OrganisationKind>& kind,
                      std::optional<std::string>& province, std::optional<std::string>& region,
                      std::vector<FieldError>& errors) {
  if (auto k = r.Query("kind")) {
    kind = core::ParseOrganisationKind(*k);
    if (!kind) errors.push_back({"kind", 0, 0, "unknown_value", "unknown_value"});
  }
  for (const auto& [name, target] :
       {std::pair{"province", &province}, std::pair{"region", &region}}) {
    if (auto v = r.Query(name)) {
      if (!core::IsNisCode(*v)) {
        errors.push_back({name, 0, 0, "invalid_nis_code", "invalid_nis_code"});
      }
      *target = *v;
    }
  }
}

Response WithETag(Response r, int version) {
  r.With("ETag", ETag(version));
  return r;
}

// Reads the fields a person may have; `creating` requires full_name.
void ReadPerson(JsonInput& in, bool creating, service::PersonInput& create,
                service::PersonPatch& patch) {
  if (creating) {
    create.full_name = in.String("full_name");
  } else {
    patch.full_name = in.OptString("full_name");
  }
  auto job = in.NullableString("job_title");
  auto work = in.NullableString("work_email", 254);
  auto oob = in.NullableString("oob_email", 254);
  auto mobile = in.NullableString("mobile", 32);
  auto landline = in.NullableString("landline", 32);
  auto lang = in.OptEnum<core::Language>("preferred_language", core::ParseLanguage);
  std::optional<std::vector<core::ContactRole>> roles;
  if (auto names = in.OptStringArray("roles", 8, 32)) {
    roles.emplace();
    for (size_t i = 0; i < names->size(); ++i) {
      auto r = core::ParseContactRole((*names)[i]);
      if (!r) {
        in.Fail("roles/" + std::to_string(i), "unknown_value");
      } else {
        roles->push_back(*r);
      }
    }
  }
  if (creating) {
    if (job) create.job_title = *job;
    if (work) create.work_email = *work;
    if (oob) create.oob_email = *oob;
    if (mobile) create.mobile = *mobile;
    if (landline) create.landline = *landline;
    if (lang) create.preferred_language = *lang;
    if (roles) create.roles = *roles;
  } else {
    patch.job_title = job;
    patch.work_email = work;
    patch.oob_email = oob;
    patch.mobile = mobile;
    patch.landline = landline;
    patch.preferred_language = lang;
    patch.roles = roles;
  }
}

}  // namespace

void RegisterDirectoryRoutes(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/regions", Access::kSignedIn,
              Permission{Resource::kReferenceData, Action::kRead},
              [&deps](const Request&, const service::Caller*) {
                auto rs = deps.directory.Regions();
                if (!rs) return Problem(rs.error());
                nlohmann::json items = nlohmann::json::array();
                for (const auto& r : *rs) items.push_back(ToJson(r));
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({"GET", "/api/provinces", Access::kSignedIn,
              Permission{Resource::kReferenceData, Action::kRead},
              [&deps](const Request&, const service::Caller*) {
                auto ps = deps.directory.Provinces();
                if (!ps) return Problem(ps.error());
                nlohmann::json items = nlohmann::json::array();
                for (const auto& p : *ps) items.push_back(ToJson(p));
                return Response::Json(200, {{"items", items}});
              }});

  router.Add({"GET", "/api/organisations", Access::kSignedIn,
              Permission{Resource::kOrganisation, Action::kRead},
              [&deps](const Request& r, const service::Caller* c) {
                service::OrganisationListRequest req;
                std::vector<FieldError> errors;
                auto limit = Limit(r);
                if (!limit) return Problem(limit.error());
                req.query.limit = *limit;
                req.query.text = r.Query("q").value_or("");
                if (req.query.text.size() > 200) {
                  errors.push_back({"q", 0, 0, "too_long", "too_long"});
                }
                ReadPlaceFilters(r, req.query.kind, req.query.province_nis, req.query.region_nis,
                                 errors);
                if (auto o = r.Query("sort")) {
                  if (*o == "gaps") {
                    req.query.order = storage::OrganisationOrder::kMostGaps;
                  } else if (*o != "name") {
                    errors.push_back({"sort", 0, 0, "unknown_value", "unknown_value"});
                  }
                }
                if (auto g = r.Query("gap")) {
                  req.query.gap = core::ParseDirectoryGap(*g);
                  if (!req.query.gap) {
                    errors.push_back({"gap", 0, 0, "unknown_value", "unknown_value"});
                  }
                }
                if (auto s = r.Query("status")) {
                  req.query.status = core::ParseOrganisationStatus(*s);
                  if (!req.query.status) {
                    errors.push_back({"status", 0, 0, "unknown_value", "unknown_value"});
                  }
                }
                req.cursor = r.Query("cursor").value_or("");
                if (!errors.empty()) {
                  return Problem(Error::Invalid("invalid query parameters", errors));
                }
                auto page = deps.directory.List(c->principal, std::move(req));
                if (!page) return Problem(page.error());
                const int64_t now = NowMs();
                JsonWriter w(1024 * page->items.size() + 64);
                w.BeginObject().Key("items").BeginArray();
                for (const auto& item : page->items) {
                  OpenSummary(w, item.organisation, item.spoc, page->people_visible, now);
                  w.EndObject();
                }
                w.EndArray().Field("next_cursor", page->next_cursor);
                if (page->total) w.Field("total", *page->total);
                w.EndObject();
                return Response::JsonText(200, w.Take());
              }});

  router.Add({"POST", "/api/organisations", Access::kSignedIn,
              Permission{Resource::kOrganisation, Action::kCreate},
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                service::OrganisationInput o;
                auto kind = in.OptEnum<core::OrganisationKind>("kind", core::ParseOrganisationKind);
                if (!in.Has("kind")) in.Fail("kind", "required");
                o.name_nl = in.String("name_nl");
                for (const auto& [key, target] :
                     {std::pair{"nis_code", &o.nis_code}, std::pair{"external_id", &o.external_id},
                      std::pair{"name_fr", &o.name_fr}, std::pair{"name_de", &o.name_de},
                      std::pair{"name_en", &o.name_en}, std::pair{"region_nis", &o.region_nis},
                      std::pair{"province_nis", &o.province_nis}}) {
                  if (auto v = in.NullableString(key)) *target = *v;
                }
                if (auto v = in.NullableInt("parent_id")) o.parent_id = *v;
                if (auto v = in.NullableInt("merged_into_id")) o.merged_into_id = *v;
                auto status =
                    in.OptEnum<core::OrganisationStatus>("status", core::ParseOrganisationStatus);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                if (kind) o.kind = *kind;
                if (status) o.status = *status;
                auto created = deps.directory.Create(c->principal, o);
                if (!created) return Problem(created.error());
                return WithETag(Response::JsonText(201, service::Written(*created)),
                                created->version)
                    .With("Location", "/api/organisations/" + std::to_string(created->id));
              }});

  router.Add({"GET", "/api/organisations/{id}", Access::kSignedIn,
              Permission{Resource::kOrganisation, Action::kRead},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto d = deps.directory.Get(c->principal, *id);
                if (!d) return Problem(d.error());
                return WithETag(Response::JsonText(200, DetailJson(*d)), d->organisation.version);
              }});

  router.Add(
      {"PATCH", "/api/organisations/{id}", Access::kSignedIn,
       Permission{Resource::kOrganisation, Action::kUpdate},
       [&deps](const Request& r, const service::Caller* c) {
         auto id = PathId(r);
         if (!id) return BadId();
         auto version = IfMatchVersion(r);
         if (!version) return Problem(version.error());
         JsonInput in(r.body);
         service::OrganisationPatch patch;
         patch.kind = in.OptEnum<core::OrganisationKind>("kind", core::ParseOrganisationKind);
         patch.name_nl = in.OptString("name_nl");
         patch.name_fr = in.NullableString("name_fr");
         patch.name_de = in.NullableString("name_de");
         patch.name_en = in.NullableString("name_en");
         patch.external_id = in.NullableString("external_id", 100);
         patch.region_nis = in.NullableString("region_nis");
         patch.province_nis = in.NullableString("province_nis");
         patch.parent_id = in.NullableInt("parent_id");
         patch.merged_into_id = in.NullableInt("merged_into_id");
         patch.status =
             in.OptEnum<core::OrganisationStatus>("status", core::ParseOrganisationStatus);
         if (auto ok = in.Finish(); !ok) return Problem(ok.error());
         auto updated = deps.directory.Update(c->principal, *id, *version, patch);
         if (!updated) return Problem(updated.error());
         return WithETag(Response::JsonText(200, service::Written(*updated)), updated->version);
       }});

  router.Add({"PUT", "/api/organisations/{id}/spoc", Access::kSignedIn,
              Permission{Resource::kPerson, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                auto spoc = in.NullableInt("spoc_id");
                if (!in.Has("spoc_id")) in.Fail("spoc_id", "required");
                auto deputies = in.OptIntArray("deputy_ids", 10);
                if (!in.Has("deputy_ids")) in.Fail("deputy_ids", "required");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto d =
                    deps.directory.SetSpoc(c->principal, *id, *version, spoc.value_or(std::nullopt),
                                           deputies.value_or(std::vector<int64_t>{}));
                if (!d) return Problem(d.error());
                return WithETag(Response::JsonText(200, DetailJson(*d)), d->organisation.version);
              }});

  router.Add({"POST", "/api/organisations/{id}/people", Access::kSignedIn,
              Permission{Resource::kPerson, Action::kCreate},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                JsonInput in(r.body);
                service::PersonInput create;
                service::PersonPatch unused;
                ReadPerson(in, true, create, unused);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto p = deps.directory.CreatePerson(c->principal, *id, create);
                if (!p) return Problem(p.error());
                return WithETag(Response::JsonText(201, service::Written(*p)), p->version)
                    .With("Location", "/api/people/" + std::to_string(p->id));
              }});

  router.Add({"GET", "/api/organisations/{id}/customers", Access::kSignedIn,
              Permission{Resource::kOrganisation, Action::kRead},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                std::optional<core::ServiceKind> service;
                if (auto s = r.Query("service")) {
                  service = core::ParseServiceKind(*s);
                  if (!service) {
                    return Problem(Error::Invalid(
                        "unknown service", {{"service", 0, 0, "unknown_value", "unknown_value"}}));
                  }
                }
                auto list = deps.directory.Customers(c->principal, *id, service);
                if (!list) return Problem(list.error());
                JsonWriter w;
                w.BeginObject();
                WriteArray(w, "items", *list);
                w.EndObject();
                return Response::JsonText(200, w.Take());
              }});

  router.Add({"GET", "/api/people/{id}", Access::kSignedIn,
              Permission{Resource::kPerson, Action::kRead},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto p = deps.directory.GetPerson(c->principal, *id);
                if (!p) return Problem(p.error());
                return WithETag(Response::JsonText(200, service::Written(*p)), p->version);
              }});

  router.Add({"PATCH", "/api/people/{id}", Access::kSignedIn,
              Permission{Resource::kPerson, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                service::PersonInput unused;
                service::PersonPatch patch;
                ReadPerson(in, false, unused, patch);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto p = deps.directory.UpdatePerson(c->principal, *id, *version, patch);
                if (!p) return Problem(p.error());
                return WithETag(Response::JsonText(200, service::Written(*p)), p->version);
              }});

  router.Add({"POST", "/api/people/{id}/verify", Access::kSignedIn,
              Permission{Resource::kPerson, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                if (!r.body.empty()) {
                  JsonInput in(r.body);
                  if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                }
                auto p = deps.directory.VerifyPerson(c->principal, *id);
                if (!p) return Problem(p.error());
                return WithETag(Response::JsonText(200, service::Written(*p)), p->version);
              }});

  router.Add({"POST", "/api/services", Access::kSignedIn,
              Permission{Resource::kProviderService, Action::kCreate},
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const int64_t provider = in.Int("provider_id");
                const int64_t customer = in.Int("customer_id");
                auto kind = in.OptEnum<core::ServiceKind>("service", core::ParseServiceKind);
                if (!in.Has("service")) in.Fail("service", "required");
                auto description = in.NullableString("description", 500);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto s = deps.directory.CreateService(c->principal, provider, customer, *kind,
                                                      description.value_or(std::nullopt));
                if (!s) return Problem(s.error());
                return Response::JsonText(201, service::Written(*s));
              }});

  router.Add({"DELETE", "/api/services/{id}", Access::kSignedIn,
              Permission{Resource::kProviderService, Action::kDelete},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                if (auto ok = deps.directory.DeleteService(c->principal, *id); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  router.Add({"GET", "/api/directory/gaps", Access::kSignedIn,
              Permission{Resource::kDirectoryGaps, Action::kRead},
              [&deps](const Request& r, const service::Caller* c) {
                storage::GapQuery query;
                std::vector<FieldError> errors;
                ReadPlaceFilters(r, query.kind, query.province_nis, query.region_nis, errors);
                if (!errors.empty()) {
                  return Problem(Error::Invalid("invalid query parameters", errors));
                }
                auto g = deps.directory.Gaps(c->principal, query);
                if (!g) return Problem(g.error());
                return Response::Json(200, {{"organisations", g->organisations},
                                            {"no_spoc", g->no_spoc},
                                            {"no_deputy", g->no_deputy},
                                            {"no_out_of_band", g->no_out_of_band},
                                            {"stale_contacts", g->stale_contacts},
                                            {"stale_after_days", core::kStaleContactDays}});
              }});

  for (const bool people : {false, true}) {
    Route route{
        "POST", people ? "/api/imports/people" : "/api/imports/organisations", Access::kSignedIn,
        Permission{Resource::kImport, Action::kImport},
        [&deps, people](const Request& r, const service::Caller* c) {
          auto type = r.Header("content-type");
          if (!type || (type->rfind("text/csv", 0) != 0 && type->rfind("text/plain", 0) != 0)) {
            return Problem(Error::InvalidArgument("content_type_must_be_csv"), 415);
          }
          service::ImportOptions options;
          const auto dry = r.Query("dry_run").value_or("false");
          if (dry != "true" && dry != "false") {
            return Problem(
                Error::Invalid("dry_run is true or false",
                               {{"dry_run", 0, 0, "must_be_boolean", "must_be_boolean"}}));
          }
          options.dry_run = dry == "true";
          auto report = people ? deps.import.ImportPeople(c->principal, r.body, options)
                               : deps.import.ImportOrganisations(c->principal, r.body, options);
          if (!report) {
            return Problem(report.error(),
                           report.error().code == ErrorCode::kInvalidArgument ? 422 : 0);
          }
          return Response::Json(200, {{"dry_run", report->dry_run},
                                      {"rows", report->rows},
                                      {"created", report->created},
                                      {"updated", report->updated},
                                      {"written", report->written},
                                      {"batches", report->batches},
                                      {"ignored_columns", report->ignored_columns}});
        }};
    route.max_body = size_t{8} * 1024 * 1024;
    route.json_body = false;  // CSV, checked above
    router.Add(std::move(route));
  }
}

}  // namespace warroom::http
