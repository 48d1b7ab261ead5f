// Critical services and restart funding (issue 13, C2): the maintained list
// (/api/critical-services, the admin changes it), each incident's services with their
// history (/api/incidents/{id}/services[/{key}], PUT with If-Match once the service is on
// the incident), the recovery view (/api/recovery) and funding requests with the war
// room's decision (/api/incidents/{id}/funding). Who sees what is the storage scope's
// business (through the incident's readers); these handlers only parse and render.
#include "libs/base/rfc3339.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/incident_service.h"
#include "server/service/views.h"

namespace warroom::http {
namespace {

using nlohmann::json;
using service::OrNull;

constexpr Permission kRead{Resource::kIncident, Action::kRead};
constexpr Permission kUpdate{Resource::kIncident, Action::kUpdate};
constexpr Permission kVocabulary{Resource::kReferenceData, Action::kRead};
constexpr Permission kManageServices{Resource::kCriticalService, Action::kManage};
constexpr Permission kDecideFunding{Resource::kFundingDecision, Action::kCreate};

constexpr size_t kBodyLimit = size_t{32} * 1024;

Response NotWired() {
  return Problem(Error::Unavailable("incidents are not available in this process"));
}

json Time(const std::optional<int64_t>& ms) {
  return ms ? json(FormatRfc3339(*ms)) : json(nullptr);
}

json CatalogueJson(const storage::CriticalServiceRecord& c, core::Language language) {
  return {{"key", c.key},
          {"name", c.Name(language)},
          {"names", {{"nl", c.name_nl}, {"fr", c.name_fr}, {"en", c.name_en}, {"de", c.name_de}}},
          {"position", c.position},
          {"active", c.active},
          {"version", c.version}};
}

json ServiceJson(const storage::IncidentServiceRecord& s, int64_t now) {
  const auto& st = s.state;
  return {{"incident_id", s.incident_id},
          {"service_key", s.service_key},
          {"status", core::Name(st.status)},
          {"since", FormatRfc3339(st.since)},
          {"restore_target", Time(st.restore_target)},
          {"restored_at", Time(st.restored_at)},
          {"note", st.note},
          {"outage_seconds", core::OutageMs(st, now) / 1000},
          {"overdue", core::IsOverdue(st, now)},
          {"version", s.version},
          {"updated_at", FormatRfc3339(s.updated_at)}};
}

json ChangeJson(const storage::ServiceChangeRecord& c) {
  return {{"id", c.id},
          {"from", c.from ? json(core::Name(*c.from)) : json(nullptr)},
          {"to", core::Name(c.to.status)},
          {"since", FormatRfc3339(c.to.since)},
          {"restore_target", Time(c.to.restore_target)},
          {"restored_at", Time(c.to.restored_at)},
          {"note", c.to.note},
          {"changed_at", FormatRfc3339(c.changed_at)},
          {"changed_by", {{"id", OrNull(c.changed_by_user_id)}, {"name", c.changed_by}}}};
}

json ServiceViewJson(const service::ServiceView& v, int64_t now) {
  json out = ServiceJson(v.service, now);
  json history = json::array();
  for (const auto& c : v.history) history.push_back(ChangeJson(c));
  out["history"] = history;
  return out;
}

json FundingJson(const storage::FundingRecord& f) {
  json decided_by = nullptr;
  if (f.decided_by) decided_by = {{"id", OrNull(f.decided_by_user_id)}, {"name", *f.decided_by}};
  return {{"id", f.id},
          {"incident_id", f.incident_id},
          {"kind", core::Name(f.kind)},
          {"amount_cents", f.amount_cents},
          {"purpose", f.purpose},
          {"requested_at", FormatRfc3339(f.requested_at)},
          {"requested_by", {{"id", OrNull(f.requested_by_user_id)}, {"name", f.requested_by}}},
          {"decision", core::Name(f.decision)},
          {"granted_cents", OrNull(f.granted_cents)},
          {"decided_at", Time(f.decided_at)},
          {"decided_by", decided_by},
          {"decision_note", OrNull(f.decision_note)},
          {"version", f.version}};
}

Result<std::optional<core::Language>> LanguageOf(const Request& r) {
  auto it = r.query.find("lang");
  if (it == r.query.end()) return std::optional<core::Language>{};
  auto lang = core::ParseLanguage(it->second);
  if (!lang) {
    return Error::Invalid("the language is not valid",
                          {{"lang", 0, 0, "unknown_language", "is not nl, fr, en or de"}});
  }
  return std::optional(*lang);
}

std::optional<std::string> PathKey(const Request& r, const std::string& name) {
  auto it = r.params.find(name);
  if (it == r.params.end() || it->second.empty() || it->second.size() > 40) return std::nullopt;
  return it->second;
}

Result<core::CriticalServiceInput> ParseCatalogueEntry(const Request& r) {
  JsonInput in(r.body);
  core::CriticalServiceInput out;
  out.key = in.String("key", 64);
  out.name_nl = in.String("name_nl", 400);
  out.name_fr = in.String("name_fr", 400);
  out.name_en = in.String("name_en", 400);
  out.name_de = in.String("name_de", 400);
  out.position = static_cast<int>(in.OptInt("position").value_or(1000));
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

Result<service::CriticalServicePatch> ParseCataloguePatch(const Request& r) {
  JsonInput in(r.body);
  service::CriticalServicePatch out;
  out.name_nl = in.OptString("name_nl", 400);
  out.name_fr = in.OptString("name_fr", 400);
  out.name_en = in.OptString("name_en", 400);
  out.name_de = in.OptString("name_de", 400);
  if (auto position = in.OptInt("position")) {
    if (*position < 0 || *position > 1'000'000) {
      in.Fail("position", "out_of_range");
    } else {
      out.position = static_cast<int>(*position);
    }
  }
  out.active = in.OptBool("active");
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

Result<core::ServiceStateInput> ParseState(const Request& r) {
  JsonInput in(r.body);
  core::ServiceStateInput out;
  if (auto status = in.OptString("status", 64)) {
    out.status = *status;
  } else if (!in.Has("status")) {
    in.Fail("status", "required");
  }
  out.since = in.OptTime("since");
  out.restore_target = in.NullableTime("restore_target");
  out.restored_at = in.OptTime("restored_at");
  out.note = in.OptString("note", 8'000);
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

Result<core::FundingRequestInput> ParseFunding(const Request& r) {
  JsonInput in(r.body);
  core::FundingRequestInput out;
  out.kind = in.String("kind", 64);
  out.amount_cents = in.Int("amount_cents");
  out.purpose = in.String("purpose", 16'000);
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

Result<core::FundingDecisionInput> ParseDecision(const Request& r) {
  JsonInput in(r.body);
  core::FundingDecisionInput out;
  out.decision = in.String("decision", 64);
  out.granted_cents = in.OptInt("granted_cents");
  out.note = in.OptString("note", 16'000);
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

void RegisterCatalogue(Router& router, const ApiDeps& deps) {
  router.Add(
      {"GET", "/api/critical-services", Access::kSignedIn, kVocabulary,
       [&deps](const Request& r, const service::Caller* c) {
         if (deps.incidents == nullptr) return NotWired();
         auto lang = LanguageOf(r);
         if (!lang) return Problem(lang.error());
         auto it = r.query.find("retired");
         const bool retired = it != r.query.end() && it->second == "true";
         auto list = deps.incidents->CriticalServices(c->principal, *lang, retired);
         if (!list) return Problem(list.error());
         json items = json::array();
         for (const auto& s : list->services) {
           items.push_back(CatalogueJson(s, list->language));
         }
         return Response::Json(200, {{"language", core::Name(list->language)}, {"items", items}});
       }});
  router.Add({"POST", "/api/critical-services", Access::kSignedIn, kManageServices,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto in = ParseCatalogueEntry(r);
                if (!in) return Problem(in.error());
                auto s = deps.incidents->AddCriticalService(c->principal, *in);
                if (!s) return Problem(s.error());
                return Response::Json(201, CatalogueJson(*s, core::Language::kNl))
                    .With("ETag", ETag(s->version));
              },
              kBodyLimit});
  router.Add({"PATCH", "/api/critical-services/{key}", Access::kSignedIn, kManageServices,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto key = PathKey(r, "key");
                if (!key) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                auto patch = ParseCataloguePatch(r);
                if (!patch) return Problem(patch.error());
                auto s =
                    deps.incidents->ChangeCriticalService(c->principal, *key, *version, *patch);
                if (!s) return Problem(s.error());
                return Response::Json(200, CatalogueJson(*s, core::Language::kNl))
                    .With("ETag", ETag(s->version));
              },
              kBodyLimit});
}

void RegisterServices(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/incidents/{id}/services", Access::kSignedIn, kRead,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto list = deps.incidents->Services(c->principal, *id);
                if (!list) return Problem(list.error());
                const int64_t now = deps.incidents->Now();
                json items = json::array();
                for (const auto& s : *list) items.push_back(ServiceJson(s, now));
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({"GET", "/api/incidents/{id}/services/{key}", Access::kSignedIn, kRead,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                auto key = PathKey(r, "key");
                if (!id || !key) return BadId();
                auto v = deps.incidents->Service(c->principal, *id, *key);
                if (!v) return Problem(v.error());
                return Response::Json(200, ServiceViewJson(*v, deps.incidents->Now()))
                    .With("ETag", ETag(v->service.version));
              }});
  router.Add({"PUT", "/api/incidents/{id}/services/{key}", Access::kSignedIn, kUpdate,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                auto key = PathKey(r, "key");
                if (!id || !key) return BadId();
                std::optional<int> version;
                if (r.Header("if-match")) {
                  auto v = IfMatchVersion(r);
                  if (!v) return Problem(v.error());
                  version = *v;
                }
                auto in = ParseState(r);
                if (!in) return Problem(in.error());
                auto v = deps.incidents->PutService(c->principal, *id, *key, version, *in);
                if (!v) return Problem(v.error());
                return Response::Json(version ? 200 : 201,
                                      ServiceViewJson(*v, deps.incidents->Now()))
                    .With("ETag", ETag(v->service.version));
              },
              kBodyLimit});
  router.Add({"GET", "/api/recovery", Access::kSignedIn, kRead,
              [&deps](const Request&, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto rows = deps.incidents->Recovery(c->principal);
                if (!rows) return Problem(rows.error());
                const int64_t now = deps.incidents->Now();
                json items = json::array();
                for (const auto& x : *rows) {
                  json item = ServiceJson(x.service, now);
                  item["incident"] = {
                      {"id", x.incident_id},
                      {"title", x.incident_title},
                      {"severity", x.severity},
                      {"is_exercise", x.is_exercise},
                      {"organisation", {{"id", x.organisation_id}, {"name", x.organisation_name}}}};
                  items.push_back(item);
                }
                return Response::Json(200, {{"items", items}});
              }});
}

void RegisterFunding(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/incidents/{id}/funding", Access::kSignedIn, kRead,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto list = deps.incidents->Funding(c->principal, *id);
                if (!list) return Problem(list.error());
                json items = json::array();
                for (const auto& f : *list) items.push_back(FundingJson(f));
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({"POST", "/api/incidents/{id}/funding", Access::kSignedIn, kUpdate,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto in = ParseFunding(r);
                if (!in) return Problem(in.error());
                auto f = deps.incidents->RequestFunding(c->principal, *id, *in);
                if (!f) return Problem(f.error());
                return Response::Json(201, FundingJson(*f)).With("ETag", ETag(f->version));
              },
              kBodyLimit});
  router.Add({"POST", "/api/incidents/{id}/funding/{fid}/decision", Access::kSignedIn,
              kDecideFunding,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                auto fid = PathId(r, "fid");
                if (!id || !fid) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                auto in = ParseDecision(r);
                if (!in) return Problem(in.error());
                auto f = deps.incidents->DecideFunding(c->principal, *id, *fid, *version, *in);
                if (!f) return Problem(f.error());
                return Response::Json(200, FundingJson(*f)).With("ETag", ETag(f->version));
              },
              kBodyLimit});
}

}  // namespace

void RegisterIncidentServiceRoutes(Router& router, const ApiDeps& deps) {
  RegisterCatalogue(router, deps);
  RegisterServices(router, deps);
  RegisterFunding(router, deps);
}

}  // namespace warroom::http
