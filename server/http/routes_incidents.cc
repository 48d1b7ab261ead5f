// Incidents (issue 13, C2), first slice: declare, list, read, change (If-Match) and move
// through the status workflow, and the classification vocabulary (RSIT and the severity
// definitions in the reader's language). Who sees which incident is the storage scope's
// business (core::IncidentReadScope); these handlers only parse and render.
#include <algorithm>
#include <charconv>

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
constexpr Permission kCreate{Resource::kIncident, Action::kCreate};
constexpr Permission kUpdate{Resource::kIncident, Action::kUpdate};
// The vocabulary is reference data: every signed-in caller may read it.
constexpr Permission kVocabulary{Resource::kReferenceData, Action::kRead};

constexpr size_t kBodyLimit = size_t{128} * 1024;
constexpr size_t kMaxWhatHappenedBytes = 40'000;  // 10,000 characters of up to 4 bytes

service::IncidentService* Service(const ApiDeps& deps) { return deps.incidents; }

Response NotWired() {
  return Problem(Error::Unavailable("incidents are not available in this process"));
}

json Time(const std::optional<int64_t>& ms) {
  return ms ? json(FormatRfc3339(*ms)) : json(nullptr);
}

json ClockJson(const core::LegalClock& c) {
  return {{"kind", core::Name(c.kind)},
          {"due_at", FormatRfc3339(c.due_at)},
          {"due_local", c.due_local},
          {"done", c.done()},
          {"done_at", Time(c.done_at)},
          {"reference", OrNull(c.reference)},
          {"seconds_left", c.done() ? json(nullptr) : json(c.time_left_ms / 1000)},
          {"overdue", c.overdue()}};
}

json IncidentJson(const service::IncidentView& v) {
  const auto& r = v.incident;
  const auto& f = r.facts;
  json clocks = json::array();
  for (const auto& c : v.clocks) clocks.push_back(ClockJson(c));
  json next = json::array();
  for (auto s : v.next_statuses) next.push_back(core::Name(s));
  return {{"id", r.id},
          {"organisation", {{"id", r.organisation_id}, {"name", r.organisation_name}}},
          {"title", f.title},
          {"what_happened", f.what_happened},
          {"detected_at", FormatRfc3339(f.detected_at)},
          {"became_aware_at", FormatRfc3339(f.became_aware_at)},
          {"declared_at", FormatRfc3339(r.declared_at)},
          {"declared_by", r.declared_by},
          {"severity", f.severity},
          {"rsit_class", OrNull(f.rsit_class)},
          {"rsit_type", OrNull(f.rsit_type)},
          {"status", core::Name(r.status)},
          {"next_statuses", next},
          {"local_lead", OrNull(f.local_lead)},
          {"callback_number", OrNull(f.callback_number)},
          {"is_exercise", f.is_exercise},
          {"tlp", core::Name(f.tlp)},
          {"tlp_label", core::TlpLabel(f.tlp)},
          {"personal_data", f.personal_data},
          {"nis2_applicable", f.nis2_applicable},
          {"gdpr_notified_at", Time(r.clocks.gdpr_notified_at)},
          {"gdpr_reference", OrNull(r.clocks.gdpr_reference)},
          {"nis2_early_warning_at", Time(r.clocks.nis2_early_warning_at)},
          {"nis2_notification_at", Time(r.clocks.nis2_notification_at)},
          {"nis2_final_report_at", Time(r.clocks.nis2_final_report_at)},
          {"nis2_reference", OrNull(r.clocks.nis2_reference)},
          {"clocks", clocks},
          {"closed_at", Time(r.closed_at)},
          {"version", r.version},
          {"created_at", FormatRfc3339(r.created_at)},
          {"updated_at", FormatRfc3339(r.updated_at)}};
}

Response IncidentResponse(int status, const service::IncidentView& v) {
  return Response::Json(status, IncidentJson(v)).With("ETag", ETag(v.incident.version));
}

// A free text that may span lines (what happened): a string of at most `max_bytes` with
// no control characters but line breaks and tabs. UTF-8 and length in characters are the
// core's checks.
std::optional<std::string> MultilineText(JsonInput& in, const std::string& key, size_t max_bytes) {
  const json* v = in.Raw(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    in.Fail(key, "must_be_string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    in.Fail(key, "too_long");
    return std::nullopt;
  }
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\n' && c != '\r' && c != '\t') || b == 0x7F) {
      in.Fail(key, "invalid_text");
      return std::nullopt;
    }
  }
  return s;
}

std::optional<int> OptSeverity(JsonInput& in) {
  auto s = in.OptInt("severity");
  if (!s) return std::nullopt;
  if (*s < core::kMostSevere || *s > core::kLeastSevere) {
    in.Fail("severity", "out_of_range");
    return std::nullopt;
  }
  return static_cast<int>(*s);
}

Result<service::IncidentDeclaration> ParseDeclaration(const Request& r) {
  JsonInput in(r.body);
  service::IncidentDeclaration out;
  auto& f = out.facts;
  out.organisation_id = in.OptInt("organisation_id");
  f.title = in.String("title", 800);
  auto what = MultilineText(in, "what_happened", kMaxWhatHappenedBytes);
  if (what) {
    f.what_happened = *what;
  } else if (!in.Has("what_happened")) {
    in.Fail("what_happened", "required");
  }
  auto detected = in.OptTime("detected_at");
  if (detected) {
    f.detected_at = *detected;
  } else if (!in.Has("detected_at")) {
    in.Fail("detected_at", "required");
  }
  if (auto aware = in.OptTime("became_aware_at")) {
    f.became_aware_at = *aware;
    out.aware_given = true;
  }
  if (auto s = OptSeverity(in)) {
    f.severity = *s;
  } else if (!in.Has("severity")) {
    in.Fail("severity", "required");
  }
  f.rsit_class = in.OptString("rsit_class", 64);
  f.rsit_type = in.OptString("rsit_type", 64);
  f.local_lead = in.OptString("local_lead", 800);
  f.callback_number = in.OptString("callback_number", 40);
  f.is_exercise = in.OptBool("is_exercise").value_or(false);
  f.tlp = in.OptEnum<core::Tlp>("tlp", core::ParseTlp).value_or(core::Tlp::kAmber);
  f.personal_data = in.OptBool("personal_data").value_or(false);
  f.nis2_applicable = in.OptBool("nis2_applicable").value_or(false);
  out.services_down =
      in.OptStringArray("services_down", 100, 64).value_or(std::vector<std::string>{});
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

Result<service::IncidentPatch> ParsePatch(const Request& r) {
  JsonInput in(r.body);
  service::IncidentPatch p;
  p.title = in.OptString("title", 800);
  p.what_happened = MultilineText(in, "what_happened", kMaxWhatHappenedBytes);
  p.detected_at = in.OptTime("detected_at");
  p.became_aware_at = in.OptTime("became_aware_at");
  p.severity = OptSeverity(in);
  p.rsit_class = in.NullableString("rsit_class", 64);
  p.rsit_type = in.NullableString("rsit_type", 64);
  p.local_lead = in.NullableString("local_lead", 800);
  p.callback_number = in.NullableString("callback_number", 40);
  p.is_exercise = in.OptBool("is_exercise");
  p.tlp = in.OptEnum<core::Tlp>("tlp", core::ParseTlp);
  p.personal_data = in.OptBool("personal_data");
  p.nis2_applicable = in.OptBool("nis2_applicable");
  p.gdpr_notified_at = in.NullableTime("gdpr_notified_at");
  p.gdpr_reference = in.NullableString("gdpr_reference", 400);
  p.nis2_early_warning_at = in.NullableTime("nis2_early_warning_at");
  p.nis2_notification_at = in.NullableTime("nis2_notification_at");
  p.nis2_final_report_at = in.NullableTime("nis2_final_report_at");
  p.nis2_reference = in.NullableString("nis2_reference", 400);
  WR_RETURN_IF_ERROR(in.Finish());
  return p;
}

// ?status= open (every status but closed), closed, all (the default) or one status.
Result<std::optional<std::vector<core::IncidentStatus>>> StatusFilter(const Request& r) {
  auto it = r.query.find("status");
  if (it == r.query.end() || it->second == "all") {
    return std::optional<std::vector<core::IncidentStatus>>{};
  }
  std::vector<core::IncidentStatus> out;
  if (it->second == "open") {
    for (auto s : core::AllIncidentStatuses()) {
      if (s != core::IncidentStatus::kClosed) out.push_back(s);
    }
  } else if (auto s = core::ParseIncidentStatus(it->second)) {
    out.push_back(*s);
  } else {
    return Error::Invalid(
        "the status filter is not valid",
        {{"status", 0, 0, "unknown_value", "open, closed, all or one of the workflow's statuses"}});
  }
  return std::optional(std::move(out));
}

Result<storage::IncidentQuery> ParseQuery(const Request& r) {
  storage::IncidentQuery q;
  WR_ASSIGN_OR_RETURN(q.limit, Limit(r));
  WR_ASSIGN_OR_RETURN(q.statuses, StatusFilter(r));
  for (const char* key : {"before", "organisation_id"}) {
    auto it = r.query.find(key);
    if (it == r.query.end()) continue;
    int64_t v = 0;
    const std::string& text = it->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v <= 0) {
      return Error::Invalid("the query is not valid",
                            {{key, 0, 0, "invalid_id", "must be a positive integer"}});
    }
    if (std::string_view(key) == "before") {
      q.before_id = v;
    } else {
      q.organisation_id = v;
    }
  }
  return q;
}

}  // namespace

void RegisterIncidentRoutes(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/incidents", Access::kSignedIn, kRead,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto q = ParseQuery(r);
                if (!q) return Problem(q.error());
                auto list = Service(deps)->List(c->principal, *q);
                if (!list) return Problem(list.error());
                json items = json::array();
                for (const auto& v : *list) items.push_back(IncidentJson(v));
                json body = {{"items", items}};
                body["next_before"] = static_cast<int>(list->size()) == q->limit && !list->empty()
                                          ? json(list->back().incident.id)
                                          : json(nullptr);
                return Response::Json(200, body);
              }});
  router.Add({"POST", "/api/incidents", Access::kSignedIn, kCreate,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto in = ParseDeclaration(r);
                if (!in) return Problem(in.error());
                auto v = Service(deps)->Declare(c->principal, *in);
                if (!v) return Problem(v.error());
                return IncidentResponse(201, *v).With(
                    "Location", "/api/incidents/" + std::to_string(v->incident.id));
              },
              kBodyLimit});
  router.Add({"GET", "/api/incidents/{id}", Access::kSignedIn, kRead,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto v = Service(deps)->Get(c->principal, *id);
                if (!v) return Problem(v.error());
                return IncidentResponse(200, *v);
              }});
  router.Add({"PATCH", "/api/incidents/{id}", Access::kSignedIn, kUpdate,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                auto patch = ParsePatch(r);
                if (!patch) return Problem(patch.error());
                auto v = Service(deps)->Update(c->principal, *id, *version, *patch);
                if (!v) return Problem(v.error());
                return IncidentResponse(200, *v);
              },
              kBodyLimit});
  router.Add({"POST", "/api/incidents/{id}/transitions", Access::kSignedIn, kUpdate,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                auto to = in.OptEnum<core::IncidentStatus>("to", core::ParseIncidentStatus);
                if (!to && !in.Has("to")) in.Fail("to", "required");
                auto reason = MultilineText(in, "reason", 8000);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                if (!to) return Problem(Error::InvalidArgument("to_required"));
                auto v = Service(deps)->Transition(c->principal, *id, *version, *to,
                                                   reason.value_or(""));
                if (!v) return Problem(v.error());
                return IncidentResponse(200, *v);
              },
              size_t{32} * 1024});
  router.Add(
      {"GET", "/api/incident-taxonomy", Access::kSignedIn, kVocabulary,
       [&deps](const Request& r, const service::Caller* c) {
         if (Service(deps) == nullptr) return NotWired();
         std::optional<core::Language> lang;
         if (auto it = r.query.find("lang"); it != r.query.end()) {
           lang = core::ParseLanguage(it->second);
           if (!lang) {
             return Problem(
                 Error::Invalid("the language is not valid",
                                {{"lang", 0, 0, "unknown_language", "is not nl, fr, en or de"}}));
           }
         }
         auto t = Service(deps)->Taxonomy(c->principal, lang);
         if (!t) return Problem(t.error());
         // Classes in the order they first appear, each with its types.
         json classes = json::array();
         for (const auto& type : t->types) {
           auto cls = std::find_if(classes.begin(), classes.end(),
                                   [&](const json& x) { return x["key"] == type.class_key; });
           if (cls == classes.end()) {
             classes.push_back(
                 {{"key", type.class_key}, {"name", type.class_name}, {"types", json::array()}});
             cls = classes.end() - 1;
           }
           (*cls)["types"].push_back({{"key", type.type_key},
                                      {"name", type.type_name},
                                      {"description", type.description}});
         }
         json severities = json::array();
         for (const auto& s : t->severities) {
           severities.push_back(
               {{"level", s.level}, {"label", s.label}, {"definition", s.definition}});
         }
         json statuses = json::array();
         for (auto s : core::AllIncidentStatuses()) statuses.push_back(core::Name(s));
         return Response::Json(200, {{"language", core::Name(t->language)},
                                     {"classes", classes},
                                     {"severities", severities},
                                     {"statuses", statuses}});
       }});
}

}  // namespace warroom::http
