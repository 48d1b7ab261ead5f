// Advisories (C3): the war room's drafts, four-eyes sending, updates, the board and call
// list, escalation policies; a recipient's inbox, acknowledgement and action points; the
// acknowledgement link that works without signing in; help requests.
#include <nlohmann/json.hpp>

#include "server/core/advisory/attachment.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/advisory_service.h"
#include "server/service/views.h"

namespace warroom::http {
namespace {

using nlohmann::json;
using service::OrNull;

std::string Token(const Request& r) {
  auto it = r.params.find("token");
  return it == r.params.end() ? std::string() : it->second;
}

core::Language ReaderLanguage(const Request& r) {
  auto lang = r.Query("lang");
  if (!lang) return core::Language::kNl;
  return core::ParseLanguage(*lang).value_or(core::Language::kNl);
}

json AckJson(const std::optional<storage::AckRecord>& a) {
  if (!a) return nullptr;
  return {{"at", a->at},
          {"channel", core::Name(a->channel)},
          {"by", a->by},
          {"revision", a->revision},
          {"round", a->round}};
}

json CountsJson(const storage::AdvisoryCounts& c) {
  return {{"recipients", c.recipients}, {"delivered", c.delivered},
          {"opened", c.opened},         {"acknowledged", c.acknowledged},
          {"escalated", c.escalated},   {"call_list", c.call_list},
          {"refused", c.refused}};
}

json TextsJson(const core::AdvisoryTexts& texts) {
  json out = json::object();
  for (const auto& [lang, t] : texts) {
    out[std::string(core::Name(lang))] = {
        {"title", t.title}, {"body", t.body}, {"action_points", t.action_points}};
  }
  return out;
}

json LanguagesJson(const std::vector<core::Language>& langs) {
  json out = json::array();
  for (auto l : langs) out.push_back(core::Name(l));
  return out;
}

json ActionPointsDone(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  return j.is_array() ? j : json::array();
}

json RecipientJson(const storage::RecipientRecord& r) {
  return {{"organisation",
           {{"id", r.organisation_id},
            {"name", r.organisation_name},
            {"kind", r.organisation_kind},
            {"province_nis", OrNull(r.province_nis)}}},
          {"stage", r.stage},
          {"stage_label", r.stage_label},
          {"on_call_list", r.on_call_list},
          {"call_list_at", OrNull(r.call_list_at)},
          {"escalated_at", OrNull(r.escalated_at)},
          {"delivered", r.delivered},
          {"refused", r.refused},
          {"opened_at", OrNull(r.opened_at)},
          {"acknowledged", AckJson(r.acknowledged)},
          {"action_points_done", ActionPointsDone(r.action_points_done)}};
}

json AttachmentJson(const storage::AttachmentRecord& a) {
  return {{"id", a.id},
          {"name", a.file_name},
          {"media_type", core::advisory::MediaType(a.kind)},
          {"size", a.size},
          {"sha256", a.sha256},
          {"uploaded_by", {{"id", a.uploaded_by_user_id}, {"name", a.uploaded_by_name}}},
          {"uploaded_at", a.uploaded_at}};
}

// Content-Disposition for a download (RFC 6266): always `attachment`, so that a browser
// saves rather than renders it; an ASCII `filename` for old clients and the exact name
// as `filename*` (RFC 8187). The name is sanitised already (no quote, ';' or control).
std::string ContentDisposition(const std::string& name) {
  std::string ascii;
  std::string encoded;
  static constexpr std::string_view kAttrChar = "!#$&+-.^_`|~";
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? ch : '_';
    if (alnum || kAttrChar.find(ch) != std::string_view::npos) {
      encoded += ch;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

// The status of a refused upload: 413 too large, 415 a refused kind, else the code's.
Response AttachmentProblem(const Error& e) {
  if (e.message == "attachment_too_large") return Problem(e, 413);
  if (e.message == "attachment_type_refused") return Problem(e, 415);
  if (e.message == "attachment_empty" || e.message == "attachment_limit_reached") {
    return Problem(e, 422);
  }
  return Problem(e);
}

json AdvisoryJson(const service::AdvisoryView& v, core::Language reader) {
  const auto& a = v.advisory;
  json j = {{"id", a.id},
            {"reference", a.reference},
            {"status", core::Name(a.status)},
            {"severity", core::Name(a.severity)},
            {"tlp", core::Name(a.tlp)},
            {"is_exercise", a.is_exercise},
            {"policy_id", a.policy_id},
            {"policy_name", a.policy_name},
            {"audience", json::parse(a.audience_json, nullptr, false)},
            {"revision", a.revision},
            {"ack_round", a.ack_round},
            {"texts", TextsJson(v.texts)},
            {"missing_languages", LanguagesJson(core::MissingLanguages(v.texts))},
            {"author", {{"id", a.author_user_id}, {"name", a.author_name}}},
            {"approved_by", nullptr},
            {"approved_at", OrNull(a.approved_at)},
            {"emergency_reason", OrNull(a.emergency_reason)},
            {"sent_at", OrNull(a.sent_at)},
            {"withdrawn_at", OrNull(a.withdrawn_at)},
            {"withdraw_reason", OrNull(a.withdraw_reason)},
            {"recipient_count", a.recipient_count},
            {"counts", v.counts ? CountsJson(*v.counts) : json(nullptr)},
            {"organisation_state", nullptr},
            {"version", a.version},
            {"created_at", a.created_at},
            {"updated_at", a.updated_at}};
  json attachments = json::array();
  for (const auto& x : v.attachments) attachments.push_back(AttachmentJson(x));
  j["attachments"] = attachments;
  if (a.approved_by_user_id) {
    j["approved_by"] = {{"id", *a.approved_by_user_id}, {"name", OrNull(a.approved_by_name)}};
  }
  auto lang = core::PickLanguage(reader, v.texts);
  j["language"] = lang ? json(core::Name(*lang)) : json(nullptr);
  if (lang) j["title"] = v.texts.at(*lang).title;
  if (v.recipient) {
    j["organisation_state"] = {
        {"organisation_id", v.recipient->organisation_id},
        {"acknowledged", AckJson(v.recipient->acknowledged)},
        {"opened_at", OrNull(v.recipient->opened_at)},
        {"action_points_done", ActionPointsDone(v.recipient->action_points_done)}};
  }
  return j;
}

Response AdvisoryResponse(int status, const service::AdvisoryView& v, const Request& r) {
  return Response::Json(status, AdvisoryJson(v, ReaderLanguage(r)))
      .With("ETag", ETag(v.advisory.version));
}

// The texts object: {"nl": {"title", "body", "action_points": [...]}, ...}.
core::AdvisoryTexts ParseTexts(const json* j, std::vector<FieldError>& errors) {
  core::AdvisoryTexts texts;
  if (j == nullptr) {
    errors.push_back({"/texts", 0, 0, "required", "required"});
    return texts;
  }
  if (!j->is_object()) {
    errors.push_back({"/texts", 0, 0, "must_be_object", "must be an object"});
    return texts;
  }
  for (const auto& [key, value] : j->items()) {
    const std::string base = "/texts/" + key;
    auto lang = core::ParseLanguage(key);
    if (!lang) {
      errors.push_back({base, 0, 0, "unknown_language", "is not nl, fr, en or de"});
      continue;
    }
    if (!value.is_object()) {
      errors.push_back({base, 0, 0, "must_be_object", "must be an object"});
      continue;
    }
    core::AdvisoryText t;
    for (const auto& [field, v] : value.items()) {
      if (field == "title" || field == "body") {
        if (!v.is_string()) {
          errors.push_back({base + "/" + field, 0, 0, "must_be_string", "must be a string"});
        } else {
          (field == "title" ? t.title : t.body) = v.get<std::string>();
        }
      } else if (field == "action_points") {
        if (!v.is_array()) {
          errors.push_back({base + "/action_points", 0, 0, "must_be_array", "must be an array"});
          continue;
        }
        for (size_t i = 0; i < v.size(); ++i) {
          if (!v[i].is_string()) {
            errors.push_back({base + "/action_points/" + std::to_string(i), 0, 0, "must_be_string",
                              "must be a string"});
          } else {
            t.action_points.push_back(v[i].get<std::string>());
          }
        }
      } else {
        errors.push_back({base + "/" + field, 0, 0, "unknown_field", "is not a field"});
      }
    }
    texts[*lang] = std::move(t);
  }
  return texts;
}

Result<service::AdvisoryInput> ParseAdvisoryInput(const Request& r) {
  JsonInput in(r.body);
  service::AdvisoryInput out;
  auto severity = in.OptEnum<core::Severity>("severity", core::ParseSeverity);
  if (!in.Has("severity")) in.Fail("severity", "required");
  auto tlp = in.OptEnum<core::Tlp>("tlp", core::ParseTlp);
  if (!in.Has("tlp")) in.Fail("tlp", "required");
  out.is_exercise = in.OptBool("is_exercise").value_or(false);
  if (auto policy = in.NullableInt("policy_id"); policy && *policy) out.policy_id = **policy;
  const json* audience = in.Raw("audience");
  const json* texts = in.Raw("texts");
  if (audience == nullptr && in.Has("severity")) in.Fail("audience", "required");
  WR_RETURN_IF_ERROR(in.Finish());
  std::vector<FieldError> errors;
  out.texts = ParseTexts(texts, errors);
  if (!errors.empty()) return Error::Invalid("the advisory is not valid", errors);
  if (audience == nullptr) {
    return Error::Invalid("the advisory is not valid",
                          {{"/audience", 0, 0, "required", "required"}});
  }
  WR_ASSIGN_OR_RETURN(out.audience, service::ParseAudience(*audience));
  out.severity = *severity;
  out.tlp = *tlp;
  return out;
}

json PolicyJson(const core::EscalationPolicy& p) {
  json steps = json::array();
  for (const auto& s : p.steps) {
    steps.push_back({{"to", core::Name(s.to)}, {"wait_minutes", s.wait_minutes}});
  }
  return {{"id", p.id},
          {"name", p.name},
          {"description", OrNull(p.description)},
          {"steps", steps},
          {"out_of_band_from",
           p.out_of_band_from ? json(core::Name(*p.out_of_band_from)) : json(nullptr)},
          {"is_default", p.is_default},
          {"version", p.version}};
}

Result<core::EscalationPolicy> ParsePolicy(const Request& r) {
  JsonInput in(r.body);
  core::EscalationPolicy p;
  p.name = in.String("name", 400);
  if (auto d = in.NullableString("description", 2000); d && *d) p.description = **d;
  if (auto from = in.NullableString("out_of_band_from", 32); from && *from) {
    p.out_of_band_from = core::ParseSeverity(**from);
    if (!p.out_of_band_from) in.Fail("out_of_band_from", "unknown_value");
  }
  const json* steps = in.Raw("steps");
  WR_RETURN_IF_ERROR(in.Finish());
  std::vector<FieldError> errors;
  if (steps == nullptr || !steps->is_array()) {
    errors.push_back({"/steps", 0, 0, "must_be_array", "must be an array of steps"});
  } else {
    for (size_t i = 0; i < steps->size(); ++i) {
      const json& s = (*steps)[i];
      const std::string base = "/steps/" + std::to_string(i);
      if (!s.is_object()) {
        errors.push_back({base, 0, 0, "must_be_object", "must be an object"});
        continue;
      }
      core::PolicyStep step;
      auto to = s.contains("to") && s["to"].is_string()
                    ? core::ParseStepTarget(s["to"].get<std::string>())
                    : std::nullopt;
      if (!to) {
        errors.push_back({base + "/to", 0, 0, "unknown_value",
                          "is not spoc, each_deputy, all_deputies, out_of_band or call_list"});
      } else {
        step.to = *to;
      }
      if (!s.contains("wait_minutes") || !s["wait_minutes"].is_number_integer()) {
        errors.push_back({base + "/wait_minutes", 0, 0, "must_be_integer", "must be an integer"});
      } else {
        const auto w = s["wait_minutes"].get<int64_t>();
        step.wait_minutes = w < -1 ? -1 : (w > 1'000'000 ? 1'000'000 : static_cast<int>(w));
      }
      for (const auto& [key, value] : s.items()) {
        if (key != "to" && key != "wait_minutes") {
          errors.push_back({base + "/" + key, 0, 0, "unknown_field", "is not a field"});
        }
      }
      p.steps.push_back(step);
    }
  }
  if (!errors.empty()) return Error::Invalid("the escalation policy is not valid", errors);
  return p;
}

json ContactJson(const storage::ContactRecord& c) {
  return {
      {"person_id", c.person_id},
      {"name", c.name},
      {"position", c.position == 0 ? std::string("spoc") : "deputy " + std::to_string(c.position)},
      {"mobile", OrNull(c.mobile)},
      {"landline", OrNull(c.landline)},
      {"work_email", OrNull(c.work_email)},
      {"oob_email", OrNull(c.oob_email)}};
}

json CallJson(const storage::CallRecord& c) {
  return {{"id", c.id},
          {"at", c.at},
          {"by", c.by},
          {"outcome", core::Name(c.outcome)},
          {"person_id", OrNull(c.person_id)},
          {"note", OrNull(c.note)},
          {"acknowledged", c.acknowledged}};
}

json HelpJson(const storage::HelpRequestRecord& h) {
  json owner = nullptr;
  if (h.owner_user_id) owner = {{"id", *h.owner_user_id}, {"name", OrNull(h.owner_name)}};
  return {{"id", h.id},
          {"organisation", {{"id", h.organisation_id}, {"name", h.organisation_name}}},
          {"advisory_id", OrNull(h.advisory_id)},
          {"subject", h.subject},
          {"body", h.body},
          {"status", core::Name(h.status)},
          {"owner", owner},
          {"requested_by", {{"id", h.requested_by_user_id}, {"name", h.requested_by_name}}},
          {"created_at", h.created_at},
          {"updated_at", h.updated_at},
          {"version", h.version}};
}

json AckResultJson(const service::AckResult& a) {
  return {{"acknowledged", AckJson(a.ack)}, {"already", a.already}};
}

const Permission kRead{Resource::kAdvisory, Action::kRead};
const Permission kCreate{Resource::kAdvisory, Action::kCreate};
const Permission kUpdate{Resource::kAdvisory, Action::kUpdate};
const Permission kDelete{Resource::kAdvisory, Action::kDelete};
const Permission kManage{Resource::kAdvisory, Action::kManage};

}  // namespace

void RegisterAdvisoryRoutes(Router& router, const ApiDeps& deps) {
  auto& svc = deps.advisories;

  // ---- Escalation policies ----
  router.Add({"GET", "/api/escalation-policies", Access::kSignedIn,
              Permission{Resource::kEscalationPolicy, Action::kRead},
              [&svc](const Request&, const service::Caller* c) {
                auto list = svc.Policies(c->principal);
                if (!list) return Problem(list.error());
                json items = json::array();
                for (const auto& p : *list) items.push_back(PolicyJson(p));
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({"POST", "/api/escalation-policies", Access::kSignedIn,
              Permission{Resource::kEscalationPolicy, Action::kCreate},
              [&svc](const Request& r, const service::Caller* c) {
                auto in = ParsePolicy(r);
                if (!in) return Problem(in.error());
                auto p = svc.CreatePolicy(c->principal, std::move(*in));
                if (!p) return Problem(p.error());
                return Response::Json(201, PolicyJson(*p)).With("ETag", ETag(p->version));
              }});
  router.Add({"PUT", "/api/escalation-policies/{id}", Access::kSignedIn,
              Permission{Resource::kEscalationPolicy, Action::kUpdate},
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                auto in = ParsePolicy(r);
                if (!in) return Problem(in.error());
                auto p = svc.UpdatePolicy(c->principal, *id, *version, std::move(*in));
                if (!p) return Problem(p.error());
                return Response::Json(200, PolicyJson(*p)).With("ETag", ETag(p->version));
              }});

  // ---- Drafts and the list ----
  router.Add({"GET", "/api/advisories", Access::kSignedIn, kRead,
              [&svc](const Request& r, const service::Caller* c) {
                auto limit = Limit(r);
                if (!limit) return Problem(limit.error());
                std::optional<core::AdvisoryStatus> status;
                if (auto s = r.Query("status"); s && !s->empty()) {
                  status = core::ParseAdvisoryStatus(*s);
                  if (!status) {
                    return Problem(Error::Invalid(
                        "bad status",
                        {{"/status", 0, 0, "unknown_value", "is not draft, sent or withdrawn"}}));
                  }
                }
                int64_t before = 0;
                if (auto cursor = r.Query("cursor"); cursor && !cursor->empty()) {
                  try {
                    before = std::stoll(*cursor);
                  } catch (const std::exception&) {
                    return Problem(Error::InvalidArgument("bad_cursor"));
                  }
                }
                auto list = svc.List(c->principal, status, before, *limit + 1);
                if (!list) return Problem(list.error());
                json next = nullptr;
                if (static_cast<int>(list->size()) > *limit) {
                  list->pop_back();
                  next = std::to_string(list->back().advisory.id);
                }
                json items = json::array();
                const auto reader = ReaderLanguage(r);
                for (const auto& v : *list) {
                  json j = AdvisoryJson(v, reader);
                  j.erase("texts");
                  j.erase("audience");
                  j.erase("attachments");
                  items.push_back(std::move(j));
                }
                return Response::Json(200, {{"items", items}, {"next_cursor", next}});
              }});
  router.Add({"POST", "/api/advisories", Access::kSignedIn, kCreate,
              [&svc](const Request& r, const service::Caller* c) {
                auto in = ParseAdvisoryInput(r);
                if (!in) return Problem(in.error());
                auto v = svc.Create(c->principal, *in);
                if (!v) return Problem(v.error());
                return AdvisoryResponse(201, *v, r)
                    .With("Location", "/api/advisories/" + std::to_string(v->advisory.id));
              },
              size_t{1024} * 1024});
  router.Add({"POST", "/api/advisories/audience-preview", Access::kSignedIn, kCreate,
              [&svc](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const json* audience = in.Raw("audience");
                if (audience == nullptr) in.Fail("audience", "required");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto a = service::ParseAudience(*audience);
                if (!a) return Problem(a.error());
                auto preview = svc.PreviewAudience(c->principal, *a);
                if (!preview) return Problem(preview.error());
                json items = json::array();
                for (const auto& m : preview->items) {
                  items.push_back({{"id", m.id},
                                   {"name", m.name},
                                   {"kind", m.kind},
                                   {"province_nis", OrNull(m.province_nis)}});
                }
                return Response::Json(200, {{"count", preview->count}, {"items", items}});
              },
              size_t{512} * 1024});
  router.Add({"GET", "/api/advisories/{id}", Access::kSignedIn, kRead,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto v = svc.Get(c->principal, *id);
                if (!v) return Problem(v.error());
                return AdvisoryResponse(200, *v, r);
              }});
  router.Add({"PUT", "/api/advisories/{id}", Access::kSignedIn, kUpdate,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                auto in = ParseAdvisoryInput(r);
                if (!in) return Problem(in.error());
                auto v = svc.Update(c->principal, *id, *version, *in);
                if (!v) return Problem(v.error());
                return AdvisoryResponse(200, *v, r);
              },
              size_t{1024} * 1024});
  router.Add({"DELETE", "/api/advisories/{id}", Access::kSignedIn, kDelete,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                if (auto ok = svc.Delete(c->principal, *id, *version); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  // ---- Attachments: raw bytes in the body, the file name in ?name=; the client's
  // Content-Type is ignored (the kind is detected from the bytes) ----
  {
    Route upload{"POST", "/api/advisories/{id}/attachments", Access::kSignedIn, kUpdate,
                 [&svc](const Request& r, const service::Caller* c) {
                   auto id = PathId(r);
                   if (!id) return BadId();
                   const std::string name = r.Query("name").value_or("");
                   if (name.empty() || name.size() > 1000) {
                     return Problem(Error::Invalid(
                         "a file name is required",
                         {{"/name", 0, 0, "required", "is required (at most 1000 bytes)"}}));
                   }
                   auto a = svc.AddAttachment(c->principal, *id, name, r.body);
                   if (!a) return AttachmentProblem(a.error());
                   return Response::Json(201, AttachmentJson(*a))
                       .With("Location", "/api/advisories/" + std::to_string(*id) +
                                             "/attachments/" + std::to_string(a->id));
                 }};
    // The HTTP server's own cap; the configured limit (at most 8 MiB) is the service's,
    // so that the answer names it (attachment_too_large).
    upload.max_body = size_t{9} * 1024 * 1024;
    upload.json_body = false;
    router.Add(std::move(upload));
  }
  router.Add({"GET", "/api/advisories/{id}/attachments/{attachment_id}", Access::kSignedIn, kRead,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                auto aid = PathId(r, "attachment_id");
                if (!id || !aid) return BadId();
                auto f = svc.ReadAttachment(c->principal, *id, *aid);
                if (!f) return Problem(f.error());
                Response out;
                out.status = 200;
                out.content_type = std::string(core::advisory::MediaType(f->record.kind));
                out.body = std::move(f->bytes);
                // The server adds nosniff and no-store to every API answer.
                return out.With("Content-Disposition", ContentDisposition(f->record.file_name))
                    .With("Content-Security-Policy", "default-src 'none'; sandbox");
              }});
  router.Add({"DELETE", "/api/advisories/{id}/attachments/{attachment_id}", Access::kSignedIn,
              kUpdate, [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                auto aid = PathId(r, "attachment_id");
                if (!id || !aid) return BadId();
                if (auto ok = svc.DeleteAttachment(c->principal, *id, *aid); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  // ---- Sending ----
  router.Add({"POST", "/api/advisories/{id}/approve", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                auto v = svc.Approve(c->principal, *id, *version);
                if (!v) return Problem(v.error());
                return AdvisoryResponse(200, *v, r);
              }});
  router.Add({"POST", "/api/advisories/{id}/send", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                const std::string reason = in.String("emergency_reason", 4000);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto v = svc.EmergencySend(c->principal, *id, *version, reason);
                if (!v) return Problem(v.error());
                return AdvisoryResponse(200, *v, r);
              }});
  router.Add({"POST", "/api/advisories/{id}/revisions", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                const std::string note = in.OptString("note", 4000).value_or("");
                const bool reack = in.OptBool("reacknowledge").value_or(false);
                const json* texts_json = in.Raw("texts");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                std::vector<FieldError> errors;
                auto texts = ParseTexts(texts_json, errors);
                if (!errors.empty()) return Problem(Error::Invalid("bad texts", errors));
                auto v = svc.Revise(c->principal, *id, *version, texts, note, reack);
                if (!v) return Problem(v.error());
                return AdvisoryResponse(200, *v, r);
              },
              size_t{1024} * 1024});
  router.Add({"POST", "/api/advisories/{id}/withdraw", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                const std::string reason = in.String("reason", 2000);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto v = svc.Withdraw(c->principal, *id, *version, reason);
                if (!v) return Problem(v.error());
                return AdvisoryResponse(200, *v, r);
              }});

  // ---- The board and the call list ----
  router.Add({"GET", "/api/advisories/{id}/board", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                storage::BoardQuery q;
                q.state = r.Query("state").value_or("all");
                static const std::set<std::string> kStates = {
                    "all", "unacknowledged", "acknowledged", "escalated", "call_list", "refused"};
                if (!kStates.contains(q.state)) {
                  return Problem(Error::Invalid(
                      "bad state", {{"/state", 0, 0, "unknown_value", "is not a board state"}}));
                }
                if (auto p = r.Query("province_nis"); p && !p->empty()) q.province_nis = *p;
                if (auto cursor = r.Query("cursor"); cursor && !cursor->empty()) {
                  try {
                    q.after_organisation_id = std::stoll(*cursor);
                  } catch (const std::exception&) {
                    return Problem(Error::InvalidArgument("bad_cursor"));
                  }
                }
                // A page of the board is larger than other lists: 500 rows by default,
                // up to 1,000, so that most boards fit on one page.
                auto limit = Limit(r, 500, 1000);
                if (!limit) return Problem(limit.error());
                q.limit = *limit;
                auto board = svc.Board(c->principal, *id, q);
                if (!board) return Problem(board.error());
                json items = json::array();
                for (const auto& x : board->items) items.push_back(RecipientJson(x));
                return Response::Json(
                    200,
                    {{"counts", CountsJson(board->counts)},
                     {"items", items},
                     {"next_cursor", board->next_after ? json(std::to_string(*board->next_after))
                                                       : json(nullptr)}});
              }});
  router.Add({"GET", "/api/advisories/{id}/recipients/{org_id}", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                auto org = PathId(r, "org_id");
                if (!id || !org) return BadId();
                auto d = svc.Recipient(c->principal, *id, *org);
                if (!d) return Problem(d.error());
                json deliveries = json::array();
                for (const auto& x : d->deliveries) {
                  json person = nullptr;
                  if (x.person_id) person = {{"id", *x.person_id}, {"name", OrNull(x.person_name)}};
                  deliveries.push_back({{"id", x.id},
                                        {"person", person},
                                        {"channel", x.channel},
                                        {"address", x.address},
                                        {"reason", x.reason},
                                        {"stage", x.stage},
                                        {"status", x.status},
                                        {"attempts", x.attempts},
                                        {"last_error", OrNull(x.last_error)},
                                        {"created_at", x.created_at},
                                        {"sent_at", OrNull(x.sent_at)}});
                }
                json acks = json::array();
                for (const auto& a : d->acknowledgements) acks.push_back(AckJson(a));
                json calls = json::array();
                for (const auto& x : d->calls) calls.push_back(CallJson(x));
                json contacts = json::array();
                for (const auto& x : d->contacts) contacts.push_back(ContactJson(x));
                json out = RecipientJson(d->recipient);
                out["deliveries"] = deliveries;
                out["acknowledgements"] = acks;
                out["calls"] = calls;
                out["contacts"] = contacts;
                return Response::Json(200, out);
              }});
  router.Add({"GET", "/api/advisories/{id}/call-list", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto list = svc.CallList(c->principal, *id);
                if (!list) return Problem(list.error());
                json items = json::array();
                for (const auto& d : *list) {
                  json j = RecipientJson(d.recipient);
                  j["since"] = OrNull(d.recipient.call_list_at);
                  json contacts = json::array();
                  for (const auto& x : d.contacts) contacts.push_back(ContactJson(x));
                  json calls = json::array();
                  for (const auto& x : d.calls) calls.push_back(CallJson(x));
                  j["contacts"] = contacts;
                  j["calls"] = calls;
                  items.push_back(std::move(j));
                }
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({"POST", "/api/advisories/{id}/call-list/{org_id}/calls", Access::kSignedIn, kManage,
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                auto org = PathId(r, "org_id");
                if (!id || !org) return BadId();
                JsonInput in(r.body);
                storage::CallRecord call;
                auto outcome = in.OptEnum<core::CallOutcome>("outcome", core::ParseCallOutcome);
                if (!in.Has("outcome")) in.Fail("outcome", "required");
                if (auto person = in.NullableInt("person_id"); person && *person) {
                  call.person_id = **person;
                }
                if (auto note = in.NullableString("note", 2000); note && *note) call.note = **note;
                call.acknowledged = in.OptBool("acknowledged").value_or(false);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                call.outcome = *outcome;
                auto saved = svc.RecordCall(c->principal, *id, *org, call);
                if (!saved) return Problem(saved.error());
                return Response::Json(201, CallJson(*saved));
              }});

  // ---- A recipient's side ----
  router.Add({"GET", "/api/inbox", Access::kSignedIn, kRead,
              [&svc](const Request& r, const service::Caller* c) {
                auto list = svc.Inbox(c->principal);
                if (!list) return Problem(list.error());
                (void)r;
                json items = json::array();
                int unread = 0;
                int unacknowledged = 0;
                for (const auto& x : *list) {
                  const bool opened = x.recipient.opened_at.has_value();
                  const bool acked = x.recipient.acknowledged.has_value();
                  if (!opened) ++unread;
                  if (!acked && x.advisory.status == core::AdvisoryStatus::kSent) ++unacknowledged;
                  items.push_back({{"id", x.advisory.id},
                                   {"reference", x.advisory.reference},
                                   {"status", core::Name(x.advisory.status)},
                                   {"severity", core::Name(x.advisory.severity)},
                                   {"tlp", core::Name(x.advisory.tlp)},
                                   {"is_exercise", x.advisory.is_exercise},
                                   {"title", x.title},
                                   {"sent_at", OrNull(x.advisory.sent_at)},
                                   {"revision", x.advisory.revision},
                                   {"opened", opened},
                                   {"acknowledged", AckJson(x.recipient.acknowledged)}});
                }
                return Response::Json(
                    200,
                    {{"items", items}, {"unread", unread}, {"unacknowledged", unacknowledged}});
              }});
  router.Add({"POST", "/api/advisories/{id}/acknowledge", Access::kSignedIn,
              Permission{Resource::kAcknowledgement, Action::kCreate},
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto a = svc.Acknowledge(c->principal, *id);
                if (!a) return Problem(a.error());
                return Response::Json(200, AckResultJson(*a));
              }});
  router.Add({"PUT", "/api/advisories/{id}/action-points/{n}", Access::kSignedIn,
              Permission{Resource::kAcknowledgement, Action::kCreate},
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto it = r.params.find("n");
                int n = -1;
                if (it != r.params.end() && !it->second.empty() && it->second.size() < 4 &&
                    std::all_of(it->second.begin(), it->second.end(),
                                [](char ch) { return ch >= '0' && ch <= '9'; })) {
                  n = std::stoi(it->second);
                }
                if (n < 0) return BadId();
                JsonInput in(r.body);
                const bool done = in.Bool("done");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto points = svc.SetActionPoint(c->principal, *id, n, done);
                if (!points) return Problem(points.error());
                return Response::Json(200, {{"action_points_done", *points}});
              }});

  // ---- The acknowledgement link: no sign-in; the GET only shows ----
  router.Add(Route{"GET", "/api/advisory-links/{token}", Access::kPublic, kNoPermission,
                   [&svc](const Request& r, const service::Caller*) {
                     auto v = svc.ViewLink(Token(r));
                     if (!v) return Problem(v.error());
                     json advisory = {{"reference", v->advisory.reference},
                                      {"status", core::Name(v->advisory.status)},
                                      {"severity", core::Name(v->advisory.severity)},
                                      {"tlp", core::Name(v->advisory.tlp)},
                                      {"is_exercise", v->advisory.is_exercise},
                                      {"title", nullptr},
                                      {"body", nullptr},
                                      {"action_points", nullptr}};
                     if (v->text) {
                       advisory["title"] = v->text->title;
                       advisory["body"] = v->text->body;
                       advisory["action_points"] = v->text->action_points;
                     }
                     return Response::Json(200,
                                           {{"language", core::Name(v->language)},
                                            {"advisory", advisory},
                                            {"organisation", {{"name", v->link.organisation_name}}},
                                            {"person", {{"name", v->link.person_name}}},
                                            {"acknowledged", AckJson(v->acknowledged)},
                                            {"expires_at", v->link.expires_at}});
                   },
                   size_t{64} * 1024, true, true});
  router.Add(Route{"POST", "/api/advisory-links/{token}/acknowledge", Access::kPublic,
                   kNoPermission,
                   [&svc](const Request& r, const service::Caller*) {
                     auto a = svc.AcknowledgeLink(Token(r));
                     if (!a) return Problem(a.error());
                     return Response::Json(200, AckResultJson(*a));
                   },
                   size_t{64} * 1024, true, true});

  // ---- Help requests ----
  router.Add({"GET", "/api/help-requests", Access::kSignedIn,
              Permission{Resource::kHelpRequest, Action::kRead},
              [&svc](const Request& r, const service::Caller* c) {
                std::optional<core::HelpStatus> status;
                if (auto s = r.Query("status"); s && !s->empty()) {
                  status = core::ParseHelpStatus(*s);
                  if (!status) {
                    return Problem(Error::Invalid("bad status", {{"/status", 0, 0, "unknown_value",
                                                                  "is not a help status"}}));
                  }
                }
                auto list = svc.ListHelp(c->principal, status);
                if (!list) return Problem(list.error());
                json items = json::array();
                for (const auto& h : *list) items.push_back(HelpJson(h));
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({"POST", "/api/help-requests", Access::kSignedIn,
              Permission{Resource::kHelpRequest, Action::kCreate},
              [&svc](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const std::string subject = in.String("subject", 400);
                const std::string body = in.String("body", 20'000);
                std::optional<int64_t> advisory;
                if (auto a = in.NullableInt("advisory_id"); a && *a) advisory = **a;
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto h = svc.CreateHelp(c->principal, advisory, subject, body);
                if (!h) return Problem(h.error());
                return Response::Json(201, HelpJson(*h)).With("ETag", ETag(h->version));
              }});
  router.Add({"PATCH", "/api/help-requests/{id}", Access::kSignedIn,
              Permission{Resource::kHelpRequest, Action::kUpdate},
              [&svc](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                auto status = in.OptEnum<core::HelpStatus>("status", core::ParseHelpStatus);
                auto owner = in.NullableInt("owner_user_id");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto h = svc.UpdateHelp(c->principal, *id, *version, status, owner);
                if (!h) return Problem(h.error());
                return Response::Json(200, HelpJson(*h)).With("ETag", ETag(h->version));
              }});
}

}  // namespace warroom::http
