#include "server/service/advisory_service.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <utility>

#include "server/core/auth/secrets.h"
#include "server/service/audited_write.h"
#include "server/storage/repositories/event_store.h"
#include "server/storage/repositories/webhook_store.h"

namespace warroom::service {
namespace {

using storage::AdvisoryRecord;
using storage::AdvisoryStore;

bool IsWarRoom(const core::Principal& p) { return storage::IsWarRoom(p); }

Status RequireWarRoom(const core::Principal& p) {
  if (!IsWarRoom(p)) return Error::PermissionDenied("only the war room may do this");
  return {};
}

int YearOf(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

nlohmann::json TextsJson(const core::AdvisoryTexts& texts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [lang, t] : texts) {
    out[std::string(core::Name(lang))] = {
        {"title", t.title}, {"body", t.body}, {"action_points", t.action_points}};
  }
  return out;
}

// The audit entry's picture of an advisory.
std::string AuditJson(const AdvisoryRecord& a, const core::AdvisoryTexts* texts) {
  nlohmann::json j = {{"reference", a.reference},
                      {"status", core::Name(a.status)},
                      {"severity", core::Name(a.severity)},
                      {"tlp", core::Name(a.tlp)},
                      {"is_exercise", a.is_exercise},
                      {"policy_id", a.policy_id},
                      {"audience", nlohmann::json::parse(a.audience_json, nullptr, false)},
                      {"revision", a.revision},
                      {"ack_round", a.ack_round},
                      {"recipient_count", a.recipient_count}};
  if (a.approved_by_user_id) j["approved_by_user_id"] = *a.approved_by_user_id;
  if (a.emergency_reason) j["emergency_reason"] = *a.emergency_reason;
  if (a.withdraw_reason) j["withdraw_reason"] = *a.withdraw_reason;
  if (texts != nullptr) j["texts"] = TextsJson(*texts);
  return j.dump();
}

Status CheckVersion(const AdvisoryRecord& a, int expected) {
  if (a.version != expected) {
    return Error::PreconditionFailed("the advisory was changed by somebody else");
  }
  return {};
}

Status RequireDraft(const AdvisoryRecord& a) {
  if (a.status != core::AdvisoryStatus::kDraft) {
    return Error::Conflict("advisory " + a.reference + " is " + std::string(core::Name(a.status)) +
                           ", not a draft");
  }
  return {};
}

Status RequireSent(const AdvisoryRecord& a) {
  if (a.status != core::AdvisoryStatus::kSent) {
    return Error::Conflict("advisory " + a.reference + " is " + std::string(core::Name(a.status)) +
                           ", not sent");
  }
  return {};
}

bool Blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

// Contacts grouped per organisation, by position.
std::map<int64_t, std::vector<const storage::ContactRecord*>> ByOrganisation(
    const std::vector<storage::ContactRecord>& contacts) {
  std::map<int64_t, std::vector<const storage::ContactRecord*>> out;
  for (const auto& c : contacts) out[c.organisation_id].push_back(&c);
  return out;
}

// What PlanStages needs of an organisation's contacts: a SPOC or not, and its last deputy.
struct Shape {
  bool has_spoc = false;
  int deputies = 0;
};

Shape ShapeOf(const std::vector<const storage::ContactRecord*>& contacts) {
  Shape s;
  for (const auto* c : contacts) {
    if (c->position == 0) {
      s.has_spoc = true;
    } else {
      s.deputies = std::max(s.deputies, c->position);
    }
  }
  return s;
}

std::vector<core::Stage> StagesOf(const core::EscalationPolicy& policy,
                                  const std::vector<const storage::ContactRecord*>& contacts) {
  const Shape s = ShapeOf(contacts);
  return core::PlanStages(policy, s.has_spoc, s.deputies);
}

// Where a recipient starts: the first stage's label, whether that is the call list, and
// when the next stage is due. A policy without a step for anybody it can reach leaves the
// blank start, which the freeze and the reset for re-acknowledgement write.
using Start = std::tuple<std::string, bool, std::optional<int64_t>>;

Start BlankStart() { return {"spoc", false, std::nullopt}; }

Start FirstStart(const std::vector<core::Stage>& stages, int64_t now) {
  if (stages.empty()) return BlankStart();
  const core::Stage& first = stages.front();
  std::optional<int64_t> due;
  if (stages.size() > 1) due = now + int64_t{first.wait_minutes} * 60'000;
  return {first.label, first.call_list, due};
}

// The start of every shape of contacts, for the freeze. The first stage and whether another
// follows depend only on the SPOC and on having none, one, or two or more deputies.
std::vector<storage::FrozenStart> FrozenStarts(const core::EscalationPolicy& policy, int64_t now) {
  std::vector<storage::FrozenStart> out;
  for (bool has_spoc : {false, true}) {
    for (int deputies = 0; deputies <= 2; ++deputies) {
      auto [label, call_list, due] = FirstStart(core::PlanStages(policy, has_spoc, deputies), now);
      out.push_back({has_spoc, deputies, std::move(label), call_list, due});
    }
  }
  return out;
}

// The start the freeze gave an organisation of shape `s`.
Start FrozenStartOf(const std::vector<storage::FrozenStart>& frozen, const Shape& s) {
  for (const auto& f : frozen) {
    if (f.has_spoc == s.has_spoc && f.deputies == std::min(s.deputies, 2)) {
      return {f.label, f.call_list, f.next_due_at};
    }
  }
  return BlankStart();
}

// Publishes what changed for the live board and inboxes: ids, never content. Call it as
// the last write of a transaction, after the audit entry (both lock a head row; one order
// everywhere keeps them from deadlocking).
Status Emit(ports::Tx& tx, std::string_view topic, std::optional<int64_t> organisation_id,
            int64_t advisory_id, int64_t now) {
  nlohmann::json payload = {{"advisory_id", advisory_id}};
  if (organisation_id) payload["organisation_id"] = *organisation_id;
  return storage::PublishEvent(
      tx, storage::NewEvent{std::string(topic), organisation_id, payload.dump()}, now);
}

// The webhook endpoints that are switched on, by owner (nullopt: the war room's own).
using EndpointsByOwner =
    std::map<std::optional<int64_t>, std::vector<storage::WebhookEndpointRecord>>;

Result<EndpointsByOwner> ActiveEndpoints(ports::Tx& tx) {
  WR_ASSIGN_OR_RETURN(auto all, storage::WebhookStore(tx).ListAll());
  EndpointsByOwner by_owner;
  for (auto& e : all) {
    if (e.active) by_owner[e.organisation_id].push_back(std::move(e));
  }
  return by_owner;
}

// What a webhook says about an advisory: its reference, severity, TLP, exercise flag and
// where to read it; the titles and action points only when the TLP lets content leave the
// app. A TLP:AMBER+STRICT or TLP:RED webhook says only that an advisory waits in the app.
std::string WebhookPayload(const AdvisoryRecord& a, const core::AdvisoryTexts& texts,
                           std::optional<int64_t> organisation_id, const std::string& url) {
  nlohmann::json j = {{"advisory_id", a.id},
                      {"reference", a.reference},
                      {"revision", a.revision},
                      {"severity", core::Name(a.severity)},
                      {"tlp", core::TlpLabel(a.tlp)},
                      {"exercise", a.is_exercise},
                      {"url", url}};
  if (organisation_id) j["organisation_id"] = *organisation_id;
  if (core::TlpAllowsContentOutsideApp(a.tlp)) {
    nlohmann::json by_language = nlohmann::json::object();
    for (const auto& [language, text] : texts) {
      by_language[std::string(core::Name(language))] = {{"title", text.title},
                                                        {"action_points", text.action_points}};
    }
    j["texts"] = std::move(by_language);
  } else {
    j["content"] = "in_app_only";
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Queues `type` for every active endpoint of `organisation_id` (nullopt: the war room's,
// then about `subject`, an organisation, if given), and records each organisation's as a
// delivery of the advisory to it.
Status QueueWebhooks(ports::Tx& tx, const EndpointsByOwner& endpoints, const AdvisoryRecord& a,
                     const core::AdvisoryTexts& texts, std::optional<int64_t> organisation_id,
                     std::string_view type, const std::string& reason,
                     const std::string& public_url, int64_t now,
                     std::optional<int64_t> subject = std::nullopt) {
  auto it = endpoints.find(organisation_id);
  if (it == endpoints.end()) return {};
  const std::string url =
      public_url + (organisation_id ? "/inbox/" : "/advisories/") + std::to_string(a.id);
  const std::string payload =
      WebhookPayload(a, texts, organisation_id ? organisation_id : subject, url);
  for (const auto& endpoint : it->second) {
    WR_ASSIGN_OR_RETURN(int64_t outbox_id,
                        storage::EnqueueWebhook(tx, endpoint, type, payload, now));
    if (organisation_id) {
      WR_RETURN_IF_ERROR(AdvisoryStore(tx).InsertDelivery(a.id, *organisation_id, std::nullopt, 0,
                                                          reason, "webhook", endpoint.url,
                                                          outbox_id, now));
    }
  }
  return {};
}

// Queues `type` to the endpoints of every organisation in `organisation_ids`, then to the
// war room's own.
Status WebhooksToAll(ports::Tx& tx, const AdvisoryRecord& a, const core::AdvisoryTexts& texts,
                     const std::vector<int64_t>& organisation_ids, std::string_view type,
                     const std::string& reason, const std::string& public_url, int64_t now) {
  WR_ASSIGN_OR_RETURN(EndpointsByOwner endpoints, ActiveEndpoints(tx));
  if (endpoints.empty()) return {};
  for (int64_t org : organisation_ids) {
    WR_RETURN_IF_ERROR(QueueWebhooks(tx, endpoints, a, texts, org, type, reason, public_url, now));
  }
  return QueueWebhooks(tx, endpoints, a, texts, std::nullopt, type, reason, public_url, now);
}

}  // namespace

nlohmann::json AudienceJson(const core::Audience& a) {
  nlohmann::json kinds = nlohmann::json::array();
  for (auto k : a.kinds) kinds.push_back(core::Name(k));
  nlohmann::json j = {{"all", a.all},
                      {"kinds", kinds},
                      {"region_nis", a.region_nis},
                      {"province_nis", a.province_nis},
                      {"provider_id", nullptr},
                      {"provider_service", nullptr},
                      {"include_provider", a.include_provider},
                      {"organisation_ids", a.organisation_ids}};
  if (a.provider_id) j["provider_id"] = *a.provider_id;
  if (a.provider_service) j["provider_service"] = core::Name(*a.provider_service);
  return j;
}

// The names of an advisory's files, which its mails list; read once per send, not per
// recipient.
Result<std::vector<std::string>> AttachmentNames(ports::Tx& tx, int64_t advisory_id) {
  WR_ASSIGN_OR_RETURN(auto attachments, storage::AttachmentStore(tx).List(advisory_id));
  std::vector<std::string> names;
  names.reserve(attachments.size());
  for (auto& x : attachments) names.push_back(std::move(x.file_name));
  return names;
}

Result<core::Audience> ParseAudience(const nlohmann::json& j) {
  std::vector<FieldError> errors;
  core::Audience a;
  if (!j.is_object()) {
    return Error::Invalid("bad audience", {{"/audience", 0, 0, "type", "must be an object"}});
  }
  static const std::array<std::string_view, 8> kKeys{"all",
                                                     "kinds",
                                                     "region_nis",
                                                     "province_nis",
                                                     "provider_id",
                                                     "provider_service",
                                                     "include_provider",
                                                     "organisation_ids"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      errors.push_back(
          {"/audience/" + key, 0, 0, "unknown_field", "is not a field of an audience"});
    }
  }
  auto boolean = [&](const char* key, bool& out) {
    if (!j.contains(key) || j[key].is_null()) return;
    if (!j[key].is_boolean()) {
      errors.push_back({std::string("/audience/") + key, 0, 0, "type", "must be a boolean"});
      return;
    }
    out = j[key].get<bool>();
  };
  auto strings = [&](const char* key, auto parse, auto& out) {
    if (!j.contains(key) || j[key].is_null()) return;
    if (!j[key].is_array()) {
      errors.push_back({std::string("/audience/") + key, 0, 0, "type", "must be an array"});
      return;
    }
    for (size_t i = 0; i < j[key].size(); ++i) {
      const auto& v = j[key][i];
      auto parsed = v.is_string() ? parse(v.template get<std::string>()) : std::nullopt;
      if (!parsed) {
        errors.push_back({std::string("/audience/") + key + "/" + std::to_string(i), 0, 0,
                          "invalid", "is not a known value"});
      } else {
        out.push_back(*parsed);
      }
    }
  };
  boolean("all", a.all);
  boolean("include_provider", a.include_provider);
  strings(
      "kinds", [](const std::string& s) { return core::ParseOrganisationKind(s); }, a.kinds);
  auto nis = [](const std::string& s) -> std::optional<std::string> {
    if (s.empty() || s.size() > 10 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    return s;
  };
  strings("region_nis", nis, a.region_nis);
  strings("province_nis", nis, a.province_nis);
  if (j.contains("provider_id") && !j["provider_id"].is_null()) {
    if (!j["provider_id"].is_number_integer()) {
      errors.push_back({"/audience/provider_id", 0, 0, "type", "must be an integer"});
    } else {
      a.provider_id = j["provider_id"].get<int64_t>();
    }
  }
  if (j.contains("provider_service") && !j["provider_service"].is_null()) {
    auto s = j["provider_service"].is_string()
                 ? core::ParseServiceKind(j["provider_service"].get<std::string>())
                 : std::nullopt;
    if (!s) {
      errors.push_back({"/audience/provider_service", 0, 0, "invalid", "is not a known service"});
    } else {
      a.provider_service = s;
    }
  }
  if (j.contains("organisation_ids") && !j["organisation_ids"].is_null() &&
      !j["organisation_ids"].is_array()) {
    errors.push_back({"/audience/organisation_ids", 0, 0, "type", "must be an array"});
  } else if (j.contains("organisation_ids") && j["organisation_ids"].is_array()) {
    for (size_t i = 0; i < j["organisation_ids"].size(); ++i) {
      const auto& v = j["organisation_ids"][i];
      if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
        errors.push_back({"/audience/organisation_ids/" + std::to_string(i), 0, 0, "invalid",
                          "must be an organisation id"});
      } else {
        a.organisation_ids.push_back(v.get<int64_t>());
      }
    }
  }
  if (!errors.empty()) return Error::Invalid("the audience is not valid", errors);
  WR_RETURN_IF_ERROR(core::ValidateAudience(a));
  return a;
}

int64_t AdvisoryService::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

// ---- Policies ------------------------------------------------------------------------

Result<std::vector<core::EscalationPolicy>> AdvisoryService::Policies(const core::Principal& p) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  std::vector<core::EscalationPolicy> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, AdvisoryStore(tx).Policies());
    return {};
  }));
  return out;
}

namespace {
std::string PolicyJson(const core::EscalationPolicy& p) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : p.steps) {
    steps.push_back({{"to", core::Name(s.to)}, {"wait_minutes", s.wait_minutes}});
  }
  nlohmann::json j = {{"name", p.name}, {"steps", steps}};
  if (p.out_of_band_from) j["out_of_band_from"] = core::Name(*p.out_of_band_from);
  return j.dump();
}
}  // namespace

Result<core::EscalationPolicy> AdvisoryService::CreatePolicy(const core::Principal& p,
                                                             core::EscalationPolicy in) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  WR_RETURN_IF_ERROR(core::ValidatePolicy(in));
  const int64_t now = Now();
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(in.id, store.InsertPolicy(in, now));
    in.version = 1;
    in.is_default = false;
    return Audit(tx, ActorOf(p), "escalation_policy.create", {"escalation_policy", in.id, 0}, "",
                 PolicyJson(in), now);
  }));
  return in;
}

Result<core::EscalationPolicy> AdvisoryService::UpdatePolicy(const core::Principal& p, int64_t id,
                                                             int expected_version,
                                                             core::EscalationPolicy in) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  in.id = id;
  WR_RETURN_IF_ERROR(core::ValidatePolicy(in));
  const int64_t now = Now();
  core::EscalationPolicy out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(core::EscalationPolicy before, store.FindPolicy(id));
    WR_RETURN_IF_ERROR(store.UpdatePolicy(in, expected_version, now));
    WR_ASSIGN_OR_RETURN(out, store.FindPolicy(id));
    return Audit(tx, ActorOf(p), "escalation_policy.update", {"escalation_policy", id, 0},
                 PolicyJson(before), PolicyJson(out), now);
  }));
  return out;
}

// ---- Drafts --------------------------------------------------------------------------

Result<AdvisoryView> AdvisoryService::Load(ports::Tx& tx, const core::Principal& p, int64_t id) {
  AdvisoryStore store(tx);
  AdvisoryView v;
  WR_ASSIGN_OR_RETURN(v.advisory, store.Find(id, p));
  WR_ASSIGN_OR_RETURN(v.texts, store.Texts(id, v.advisory.revision));
  WR_ASSIGN_OR_RETURN(v.attachments, storage::AttachmentStore(tx).List(id));
  if (IsWarRoom(p)) {
    if (v.advisory.status != core::AdvisoryStatus::kDraft) {
      WR_ASSIGN_OR_RETURN(v.counts, store.Counts(id));
    }
  } else {
    WR_ASSIGN_OR_RETURN(v.recipient, store.Recipient(id, p.organisation_id, v.advisory.ack_round));
  }
  return v;
}

Result<AdvisoryView> AdvisoryService::Create(const core::Principal& p, const AdvisoryInput& in) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  WR_RETURN_IF_ERROR(core::ValidateTexts(in.texts));
  WR_RETURN_IF_ERROR(core::ValidateAudience(in.audience));
  const int64_t now = Now();
  AdvisoryView view;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    AdvisoryRecord a;
    if (in.policy_id) {
      auto policy = store.FindPolicy(*in.policy_id);
      if (!policy) {
        return Error::Invalid("unknown policy",
                              {{"/policy_id", 0, 0, "unknown", "is not an escalation policy"}});
      }
      a.policy_id = policy->id;
    } else {
      WR_ASSIGN_OR_RETURN(auto policy, store.DefaultPolicy());
      a.policy_id = policy.id;
    }
    WR_ASSIGN_OR_RETURN(a.reference, store.NextReference(YearOf(now)));
    a.severity = in.severity;
    a.tlp = in.tlp;
    a.is_exercise = in.is_exercise;
    a.audience_json = AudienceJson(in.audience).dump();
    a.author_user_id = p.user_id;
    WR_ASSIGN_OR_RETURN(a.id, store.Insert(a, now));
    WR_RETURN_IF_ERROR(store.ReplaceTexts(a.id, 1, in.texts));
    WR_ASSIGN_OR_RETURN(view, Load(tx, p, a.id));
    return Audit(tx, ActorOf(p), "advisory.create", {"advisory", a.id, 0}, "",
                 AuditJson(view.advisory, &view.texts), now);
  }));
  return view;
}

Result<AdvisoryView> AdvisoryService::Update(const core::Principal& p, int64_t id,
                                             int expected_version, const AdvisoryInput& in) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  WR_RETURN_IF_ERROR(core::ValidateTexts(in.texts));
  WR_RETURN_IF_ERROR(core::ValidateAudience(in.audience));
  const int64_t now = Now();
  AdvisoryView view;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryView before, Load(tx, p, id));
    WR_RETURN_IF_ERROR(RequireDraft(before.advisory));
    WR_RETURN_IF_ERROR(CheckVersion(before.advisory, expected_version));
    AdvisoryRecord a = before.advisory;
    if (in.policy_id) {
      auto policy = store.FindPolicy(*in.policy_id);
      if (!policy) {
        return Error::Invalid("unknown policy",
                              {{"/policy_id", 0, 0, "unknown", "is not an escalation policy"}});
      }
      a.policy_id = policy->id;
    }
    a.severity = in.severity;
    a.tlp = in.tlp;
    a.is_exercise = in.is_exercise;
    a.audience_json = AudienceJson(in.audience).dump();
    WR_RETURN_IF_ERROR(store.Update(a, expected_version, now));
    WR_RETURN_IF_ERROR(store.ReplaceTexts(id, a.revision, in.texts));
    WR_ASSIGN_OR_RETURN(view, Load(tx, p, id));
    return Audit(tx, ActorOf(p), "advisory.update", {"advisory", id, 0},
                 AuditJson(before.advisory, &before.texts), AuditJson(view.advisory, &view.texts),
                 now);
  }));
  return view;
}

Status AdvisoryService::Delete(const core::Principal& p, int64_t id, int expected_version) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  const int64_t now = Now();
  return db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(AdvisoryView before, Load(tx, p, id));
    WR_RETURN_IF_ERROR(RequireDraft(before.advisory));
    WR_RETURN_IF_ERROR(CheckVersion(before.advisory, expected_version));
    WR_RETURN_IF_ERROR(AdvisoryStore(tx).Delete(id));
    return Audit(tx, ActorOf(p), "advisory.delete", {"advisory", id, 0},
                 AuditJson(before.advisory, &before.texts), "", now);
  });
}

Result<AudiencePreview> AdvisoryService::PreviewAudience(const core::Principal& p,
                                                         const core::Audience& a) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  WR_RETURN_IF_ERROR(core::ValidateAudience(a));
  AudiencePreview out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(out.count, store.CountAudience(a));
    WR_ASSIGN_OR_RETURN(out.items, store.Resolve(a, 200));
    return {};
  }));
  return out;
}

Result<std::vector<AdvisoryView>> AdvisoryService::List(const core::Principal& p,
                                                        std::optional<core::AdvisoryStatus> status,
                                                        int64_t before_id, int limit) {
  std::vector<AdvisoryView> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto records, store.List(p, status, before_id, limit));
    for (auto& a : records) {
      AdvisoryView v;
      WR_ASSIGN_OR_RETURN(v.texts, store.Texts(a.id, a.revision));
      if (IsWarRoom(p) && a.status != core::AdvisoryStatus::kDraft) {
        WR_ASSIGN_OR_RETURN(v.counts, store.Counts(a.id));
      }
      v.advisory = std::move(a);
      out.push_back(std::move(v));
    }
    return {};
  }));
  return out;
}

Result<AdvisoryView> AdvisoryService::Get(const core::Principal& p, int64_t id) {
  AdvisoryView view;
  bool opened = false;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(view, Load(tx, p, id));
    return {};
  }));
  if (view.recipient && !view.recipient->opened_at) {
    const int64_t now = Now();
    WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(AdvisoryStore(tx).MarkOpened(id, p.organisation_id, now, &opened));
      if (opened) return Emit(tx, "advisory.opened", p.organisation_id, id, now);
      return {};
    }));
    if (opened) {
      view.recipient->opened_at = now;
      Published();
    }
  }
  return view;
}

// ---- Sending -------------------------------------------------------------------------

Result<AdvisoryView> AdvisoryService::Approve(const core::Principal& p, int64_t id,
                                              int expected_version) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  const int64_t now = Now();
  AdvisoryView view;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(AdvisoryView before, Load(tx, p, id));
    WR_RETURN_IF_ERROR(RequireDraft(before.advisory));
    WR_RETURN_IF_ERROR(CheckVersion(before.advisory, expected_version));
    if (before.advisory.author_user_id == p.user_id) {
      // A one-word message is the problem's code (four_eyes), which the app explains.
      return Error::PermissionDenied("four_eyes");
    }
    AdvisoryRecord a = before.advisory;
    a.approved_by_user_id = p.user_id;
    a.approved_at = now;
    WR_RETURN_IF_ERROR(Send(tx, p, a, expected_version, now));
    WR_ASSIGN_OR_RETURN(view, Load(tx, p, id));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "advisory.approve_and_send", {"advisory", id, 0},
                             AuditJson(before.advisory, nullptr), AuditJson(view.advisory, nullptr),
                             now));
    return Emit(tx, "advisory.sent", std::nullopt, id, now);
  }));
  mailer_.Notify();
  Published();
  return view;
}

Result<AdvisoryView> AdvisoryService::EmergencySend(const core::Principal& p, int64_t id,
                                                    int expected_version,
                                                    const std::string& reason) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  if (Blank(reason) || reason.size() < 10) {
    return Error::Invalid("an emergency send needs a reason",
                          {{"/emergency_reason", 0, 0, "required",
                            "write why this cannot wait for a second member's approval (at "
                            "least 10 characters)"}});
  }
  if (reason.size() > 2000) {
    return Error::Invalid("reason too long",
                          {{"/emergency_reason", 0, 0, "too_long", "at most 2000 characters"}});
  }
  const int64_t now = Now();
  AdvisoryView view;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(AdvisoryView before, Load(tx, p, id));
    WR_RETURN_IF_ERROR(RequireDraft(before.advisory));
    WR_RETURN_IF_ERROR(CheckVersion(before.advisory, expected_version));
    AdvisoryRecord a = before.advisory;
    a.emergency_reason = reason;
    WR_RETURN_IF_ERROR(Send(tx, p, a, expected_version, now));
    WR_ASSIGN_OR_RETURN(view, Load(tx, p, id));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "advisory.emergency_send", {"advisory", id, 0},
                             AuditJson(before.advisory, nullptr), AuditJson(view.advisory, nullptr),
                             now));
    return Emit(tx, "advisory.sent", std::nullopt, id, now);
  }));
  mailer_.Notify();
  Published();
  return view;
}

Status AdvisoryService::Send(ports::Tx& tx, const core::Principal& p, AdvisoryRecord a, int version,
                             int64_t now) {
  (void)p;
  AdvisoryStore store(tx);
  auto audience_json = nlohmann::json::parse(a.audience_json, nullptr, false);
  WR_ASSIGN_OR_RETURN(core::Audience audience, ParseAudience(audience_json));
  WR_ASSIGN_OR_RETURN(core::EscalationPolicy policy, store.FindPolicy(a.policy_id));
  const std::vector<storage::FrozenStart> frozen = FrozenStarts(policy, now);
  WR_ASSIGN_OR_RETURN(int64_t count, store.FreezeAudience(a.id, audience, frozen, now));
  if (count == 0) {
    return Error::Invalid("the audience selects no organisation",
                          {{"/audience", 0, 0, "empty", "selects no organisation today"}});
  }
  a.status = core::AdvisoryStatus::kSent;
  a.sent_at = now;
  a.recipient_count = count;
  WR_RETURN_IF_ERROR(store.Update(a, version, now));
  WR_ASSIGN_OR_RETURN(core::AdvisoryTexts texts, store.Texts(a.id, a.revision));
  return StartStages(tx, a, texts, "initial", now, &frozen);
}

struct AdvisoryService::Outgoing {
  // Written when this many messages wait: bounded memory, and statements of a few hundred
  // rows (see storage/repositories/bulk_insert.h).
  static constexpr size_t kFlushAt = 512;
  explicit Outgoing(int64_t advisory) : advisory_id(advisory) {}
  int64_t advisory_id;
  std::vector<storage::NewLink> links;
  std::vector<ports::AdvisoryMessage> mails;
  // Each delivery's outbox_id holds the index of its mail in `mails` until Flush.
  std::vector<storage::NewDelivery> deliveries;
};

Status AdvisoryService::StartStages(ports::Tx& tx, const AdvisoryRecord& a,
                                    const core::AdvisoryTexts& texts, const std::string& reason,
                                    int64_t now, const std::vector<storage::FrozenStart>* frozen) {
  AdvisoryStore store(tx);
  WR_ASSIGN_OR_RETURN(core::EscalationPolicy policy, store.FindPolicy(a.policy_id));
  WR_ASSIGN_OR_RETURN(std::vector<int64_t> ids, store.RecipientIds(a.id));
  WR_ASSIGN_OR_RETURN(auto contacts, store.Contacts(a.id, std::nullopt));
  auto by_org = ByOrganisation(contacts);
  WR_ASSIGN_OR_RETURN(std::vector<std::string> files, AttachmentNames(tx, a.id));
  WR_RETURN_IF_ERROR(WebhooksToAll(tx, a, texts, ids,
                                   reason == "initial" ? "advisory.published" : "advisory.updated",
                                   reason, options_.public_url, now));
  static const std::vector<const storage::ContactRecord*> kNone;
  std::vector<int64_t> called;  // organisations that start on the call list
  // Each organisation's start, and the one its row holds now.
  std::vector<std::tuple<int64_t, Start, Start>> starts;
  starts.reserve(ids.size());
  Outgoing out{a.id};
  for (int64_t org : ids) {
    auto it = by_org.find(org);
    const auto& mine = it == by_org.end() ? kNone : it->second;
    std::vector<core::Stage> stages = StagesOf(policy, mine);
    starts.emplace_back(org, FirstStart(stages, now),
                        frozen ? FrozenStartOf(*frozen, ShapeOf(mine)) : BlankStart());
    if (stages.empty()) continue;
    if (stages.front().call_list) {
      called.push_back(org);
    } else {
      WR_RETURN_IF_ERROR(
          DeliverStage(tx, out, a, texts, policy, files, mine, stages.front(), 0, reason, now));
    }
  }
  WR_RETURN_IF_ERROR(Flush(tx, out, now));
  if (!frozen) {
    // After the reset every row holds the blank start: move the largest group in one
    // statement over the whole audience first. Not a call-list group: call_list_at is kept
    // once set, so the lists that follow could not clear it.
    std::map<Start, size_t> sizes;
    for (const auto& [org, start, held] : starts) {
      if (!std::get<1>(start)) ++sizes[start];
    }
    auto largest = std::max_element(sizes.begin(), sizes.end(), [](const auto& x, const auto& y) {
      return x.second < y.second;
    });
    if (largest != sizes.end() && largest->first != BlankStart()) {
      const auto& [label, call_list, due] = largest->first;
      WR_RETURN_IF_ERROR(store.SetAllStages(a.id, 0, 0, label, call_list, due, false, now));
      for (auto& [org, start, held] : starts) held = largest->first;
    }
  }
  // The rest by lists: only the organisations whose row does not hold their start (the
  // freeze gave each the start of its shape of contacts, so after a send these are the
  // ones whose directory changed in between, if any).
  std::map<Start, std::vector<int64_t>> moves;
  for (const auto& [org, start, held] : starts) {
    if (start != held) moves[start].push_back(org);
  }
  for (const auto& [start, orgs] : moves) {
    const auto& [label, call_list, due] = start;
    WR_RETURN_IF_ERROR(store.SetStages(a.id, orgs, 0, 0, label, call_list, due, false, now));
  }
  if (!called.empty()) {
    WR_ASSIGN_OR_RETURN(EndpointsByOwner endpoints, ActiveEndpoints(tx));
    for (int64_t org : called) {
      WR_RETURN_IF_ERROR(QueueWebhooks(tx, endpoints, a, texts, std::nullopt, "advisory.call_list",
                                       reason, options_.public_url, now, org));
    }
  }
  return ScheduleEscalation(tx, a.id, now);
}

Status AdvisoryService::Flush(ports::Tx& tx, Outgoing& out, int64_t now) {
  AdvisoryStore store(tx);
  if (!out.links.empty()) {
    WR_RETURN_IF_ERROR(
        store.InsertLinks(out.advisory_id, out.links, now, now + options_.link_ttl_ms));
  }
  if (!out.mails.empty()) {
    WR_ASSIGN_OR_RETURN(std::vector<int64_t> ids, mailer_.Queue(tx, out.mails, now));
    if (ids.size() != out.mails.size()) {
      return Error::Internal("the mailer queued " + std::to_string(ids.size()) + " of " +
                             std::to_string(out.mails.size()) + " messages");
    }
    for (auto& d : out.deliveries) d.outbox_id = ids.at(static_cast<size_t>(d.outbox_id));
    WR_RETURN_IF_ERROR(store.InsertDeliveries(out.advisory_id, out.deliveries, now));
  }
  out.links.clear();
  out.mails.clear();
  out.deliveries.clear();
  return {};
}

Status AdvisoryService::DeliverStage(ports::Tx& tx, Outgoing& out, const AdvisoryRecord& a,
                                     const core::AdvisoryTexts& texts,
                                     const core::EscalationPolicy& policy,
                                     const std::vector<std::string>& attachment_names,
                                     const std::vector<const storage::ContactRecord*>& contacts,
                                     const core::Stage& stage, int stage_index,
                                     const std::string& reason, int64_t now) {
  const bool oob_too = core::OutOfBandAtOnce(policy, a.severity);
  for (int position : stage.positions) {
    const storage::ContactRecord* c = nullptr;
    for (const auto* x : contacts) {
      if (x->position == position) c = x;
    }
    if (c == nullptr) continue;
    std::vector<std::string> addresses;
    if (stage.out_of_band) {
      if (c->oob_email) {
        addresses.push_back(*c->oob_email);
      } else if (c->work_email) {
        addresses.push_back(*c->work_email);
      }
    } else {
      if (c->work_email) addresses.push_back(*c->work_email);
      if (oob_too && c->oob_email && c->oob_email != c->work_email) {
        addresses.push_back(*c->oob_email);
      }
    }
    if (addresses.empty()) continue;
    WR_ASSIGN_OR_RETURN(std::string token, core::auth::RandomToken(32));
    out.links.push_back({core::auth::HashToken(token), c->organisation_id, c->person_id});
    auto lang = core::PickLanguage(c->language, texts);
    if (!lang) return Error::Internal("advisory " + a.reference + " has no text");
    ports::AdvisoryMessage m;
    m.language = *lang;
    m.advisory_id = a.id;
    m.reference = a.reference;
    m.revision = a.revision;
    m.update = reason == "update";
    m.reacknowledge = reason == "reacknowledge";
    m.severity = a.severity;
    m.tlp = a.tlp;
    m.is_exercise = a.is_exercise;
    m.text = texts.at(*lang);
    m.attachment_names = attachment_names;
    m.organisation_name = c->organisation_name;
    m.recipient_name = c->name;
    m.stage_label = stage.label;
    m.escalation = stage_index > 0;
    m.ack_url = options_.public_url + "/ack/" + token;
    m.app_url = options_.public_url + "/inbox/" + std::to_string(a.id);
    for (const auto& address : addresses) {
      m.to = address;
      out.deliveries.push_back({c->organisation_id, c->person_id, stage_index,
                                stage_index > 0 ? "escalation" : reason, "email", address,
                                static_cast<int64_t>(out.mails.size())});
      out.mails.push_back(m);
    }
  }
  if (out.mails.size() >= Outgoing::kFlushAt) return Flush(tx, out, now);
  return {};
}

Status AdvisoryService::ScheduleEscalation(ports::Tx& tx, int64_t advisory_id, int64_t now) {
  WR_ASSIGN_OR_RETURN(std::optional<int64_t> due, AdvisoryStore(tx).NextDue(advisory_id));
  if (!due) return {};
  storage::NewJob job;
  job.kind = std::string(kEscalationJob);
  job.payload = nlohmann::json{{"advisory_id", advisory_id}}.dump();
  job.due_at = *due;
  job.unique_key = "advisory-escalate:" + std::to_string(advisory_id) + ":" + std::to_string(*due);
  WR_ASSIGN_OR_RETURN(int64_t id, storage::JobStore(tx, db_.engine()).Schedule(job, now));
  (void)id;
  return {};
}

Status AdvisoryService::RunEscalation(ports::Tx& tx, const storage::JobRecord& job) {
  auto payload = nlohmann::json::parse(job.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("advisory_id") ||
      !payload["advisory_id"].is_number_integer()) {
    return Error::InvalidArgument("escalation job without an advisory_id");
  }
  const int64_t id = payload["advisory_id"].get<int64_t>();
  const int64_t now = Now();
  AdvisoryStore store(tx);
  auto found = store.FindForUpdate(id);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return {};
    return found.error();
  }
  const AdvisoryRecord& a = *found;
  if (a.status != core::AdvisoryStatus::kSent) return {};
  WR_ASSIGN_OR_RETURN(core::EscalationPolicy policy, store.FindPolicy(a.policy_id));
  WR_ASSIGN_OR_RETURN(core::AdvisoryTexts texts, store.Texts(id, a.revision));
  WR_ASSIGN_OR_RETURN(auto due, store.DueRecipients(id, now));
  WR_ASSIGN_OR_RETURN(std::vector<std::string> files, AttachmentNames(tx, id));
  std::optional<EndpointsByOwner> endpoints;
  // Tells the war room's webhooks (an SMS gateway, a chat room) who is to be called.
  const auto to_call_list = [&](int64_t org) -> Status {
    if (!endpoints) {
      WR_ASSIGN_OR_RETURN(endpoints, ActiveEndpoints(tx));
    }
    return QueueWebhooks(tx, *endpoints, a, texts, std::nullopt, "advisory.call_list", "escalation",
                         options_.public_url, now, org);
  };
  // Many due at once (a large audience left unanswered): every contact in one query rather
  // than one query per organisation.
  constexpr size_t kAllContactsFrom = 16;
  std::vector<storage::ContactRecord> all;
  std::map<int64_t, std::vector<const storage::ContactRecord*>> all_by_org;
  if (due.size() >= kAllContactsFrom) {
    WR_ASSIGN_OR_RETURN(all, store.Contacts(id, std::nullopt));
    all_by_org = ByOrganisation(all);
  }
  Outgoing out{id};
  for (const auto& [org, stage] : due) {
    std::vector<storage::ContactRecord> contacts;
    std::vector<const storage::ContactRecord*> mine;
    if (due.size() >= kAllContactsFrom) {
      if (auto it = all_by_org.find(org); it != all_by_org.end()) mine = it->second;
    } else {
      WR_ASSIGN_OR_RETURN(contacts, store.Contacts(id, org));
      mine.reserve(contacts.size());
      for (const auto& c : contacts) mine.push_back(&c);
    }
    std::vector<core::Stage> stages = StagesOf(policy, mine);
    const size_t next = static_cast<size_t>(stage) + 1;
    bool moved = false;
    if (next >= stages.size()) {
      // Nothing left (the directory changed under the escalation): the call list.
      WR_RETURN_IF_ERROR(store.SetStage(id, org, stage, stage, "call list", true, std::nullopt,
                                        true, now, &moved));
      if (moved) {
        WR_RETURN_IF_ERROR(to_call_list(org));
        WR_RETURN_IF_ERROR(Emit(tx, "advisory.escalated", org, id, now));
      }
      continue;
    }
    const core::Stage& s = stages[next];
    std::optional<int64_t> next_due;
    if (next + 1 < stages.size()) next_due = now + int64_t{s.wait_minutes} * 60'000;
    WR_RETURN_IF_ERROR(store.SetStage(id, org, stage, static_cast<int>(next), s.label, s.call_list,
                                      next_due, true, now, &moved));
    if (!moved) continue;  // acknowledged or taken meanwhile
    if (s.call_list) {
      WR_RETURN_IF_ERROR(to_call_list(org));
    } else {
      WR_RETURN_IF_ERROR(DeliverStage(tx, out, a, texts, policy, files, mine, s,
                                      static_cast<int>(next), "escalation", now));
    }
    WR_RETURN_IF_ERROR(Emit(tx, "advisory.escalated", org, id, now));
  }
  WR_RETURN_IF_ERROR(Flush(tx, out, now));
  WR_RETURN_IF_ERROR(ScheduleEscalation(tx, id, now));
  mailer_.Notify();
  return {};
}

Result<AdvisoryView> AdvisoryService::Revise(const core::Principal& p, int64_t id,
                                             int expected_version, const core::AdvisoryTexts& texts,
                                             const std::string& note, bool reacknowledge) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  WR_RETURN_IF_ERROR(core::ValidateTexts(texts));
  if (note.size() > 2000) {
    return Error::Invalid("note too long",
                          {{"/note", 0, 0, "too_long", "at most 2000 characters"}});
  }
  const int64_t now = Now();
  AdvisoryView view;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryView before, Load(tx, p, id));
    WR_RETURN_IF_ERROR(RequireSent(before.advisory));
    WR_RETURN_IF_ERROR(CheckVersion(before.advisory, expected_version));
    AdvisoryRecord a = before.advisory;
    a.revision += 1;
    if (reacknowledge) a.ack_round += 1;
    WR_RETURN_IF_ERROR(store.Update(a, expected_version, now));
    WR_RETURN_IF_ERROR(store.ReplaceTexts(id, a.revision, texts));
    WR_RETURN_IF_ERROR(store.InsertRevision(id, a.revision, p.user_id, note, reacknowledge, now));
    if (reacknowledge) {
      WR_RETURN_IF_ERROR(store.ResetAcknowledgements(id));
      WR_RETURN_IF_ERROR(StartStages(tx, a, texts, "reacknowledge", now, nullptr));
    } else {
      // The update goes to every organisation's first contacts; acknowledgements and
      // escalation stand.
      WR_ASSIGN_OR_RETURN(core::EscalationPolicy policy, store.FindPolicy(a.policy_id));
      WR_ASSIGN_OR_RETURN(std::vector<int64_t> ids, store.RecipientIds(id));
      WR_RETURN_IF_ERROR(
          WebhooksToAll(tx, a, texts, ids, "advisory.updated", "update", options_.public_url, now));
      WR_ASSIGN_OR_RETURN(auto contacts, store.Contacts(id, std::nullopt));
      WR_ASSIGN_OR_RETURN(std::vector<std::string> files, AttachmentNames(tx, id));
      Outgoing out{id};
      for (const auto& [org, mine] : ByOrganisation(contacts)) {
        std::vector<core::Stage> stages = StagesOf(policy, mine);
        if (stages.empty() || stages.front().call_list) continue;
        WR_RETURN_IF_ERROR(
            DeliverStage(tx, out, a, texts, policy, files, mine, stages.front(), 0, "update", now));
      }
      WR_RETURN_IF_ERROR(Flush(tx, out, now));
    }
    WR_ASSIGN_OR_RETURN(view, Load(tx, p, id));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p),
                             reacknowledge ? "advisory.revise_reacknowledge" : "advisory.revise",
                             {"advisory", id, 0}, AuditJson(before.advisory, &before.texts),
                             AuditJson(view.advisory, &view.texts), now));
    return Emit(tx, "advisory.updated", std::nullopt, id, now);
  }));
  mailer_.Notify();
  Published();
  return view;
}

Result<AdvisoryView> AdvisoryService::Withdraw(const core::Principal& p, int64_t id,
                                               int expected_version, const std::string& reason) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  if (Blank(reason)) {
    return Error::Invalid("a withdrawal needs a reason",
                          {{"/reason", 0, 0, "required", "say why the advisory is withdrawn"}});
  }
  const int64_t now = Now();
  AdvisoryView view;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(AdvisoryView before, Load(tx, p, id));
    WR_RETURN_IF_ERROR(RequireSent(before.advisory));
    WR_RETURN_IF_ERROR(CheckVersion(before.advisory, expected_version));
    AdvisoryRecord a = before.advisory;
    a.status = core::AdvisoryStatus::kWithdrawn;
    a.withdrawn_at = now;
    a.withdraw_reason = reason;
    AdvisoryStore store(tx);
    WR_RETURN_IF_ERROR(store.Update(a, expected_version, now));
    WR_ASSIGN_OR_RETURN(std::vector<int64_t> ids, store.RecipientIds(id));
    WR_RETURN_IF_ERROR(WebhooksToAll(tx, a, before.texts, ids, "advisory.withdrawn", "withdrawal",
                                     options_.public_url, now));
    WR_ASSIGN_OR_RETURN(view, Load(tx, p, id));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "advisory.withdraw", {"advisory", id, 0},
                             AuditJson(before.advisory, nullptr), AuditJson(view.advisory, nullptr),
                             now));
    return Emit(tx, "advisory.updated", std::nullopt, id, now);
  }));
  mailer_.Notify();
  Published();
  return view;
}

// ---- Board and call list ----------------------------------------------------------------

Result<BoardView> AdvisoryService::Board(const core::Principal& p, int64_t id,
                                         const storage::BoardQuery& q) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  BoardView out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryRecord a, store.Find(id, p));
    WR_ASSIGN_OR_RETURN(out.counts, store.Counts(id));
    storage::BoardQuery page = q;
    page.limit = q.limit + 1;
    WR_ASSIGN_OR_RETURN(out.items, store.Board(id, a.ack_round, page));
    if (static_cast<int>(out.items.size()) > q.limit) {
      out.items.pop_back();
      out.next_after = out.items.back().organisation_id;
    }
    return {};
  }));
  return out;
}

Result<RecipientDetail> AdvisoryService::Recipient(const core::Principal& p, int64_t id,
                                                   int64_t organisation_id) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  RecipientDetail out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryRecord a, store.Find(id, p));
    WR_ASSIGN_OR_RETURN(auto r, store.Recipient(id, organisation_id, a.ack_round));
    if (!r)
      return Error::NotFound("organisation " + std::to_string(organisation_id) +
                             " is not a recipient of " + a.reference);
    out.recipient = std::move(*r);
    WR_ASSIGN_OR_RETURN(out.deliveries, store.Deliveries(id, organisation_id));
    WR_ASSIGN_OR_RETURN(out.acknowledgements, store.Acknowledgements(id, organisation_id));
    WR_ASSIGN_OR_RETURN(out.calls, store.Calls(id, organisation_id));
    WR_ASSIGN_OR_RETURN(out.contacts, store.Contacts(id, organisation_id));
    return {};
  }));
  return out;
}

Result<std::vector<RecipientDetail>> AdvisoryService::CallList(const core::Principal& p,
                                                               int64_t id) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  std::vector<RecipientDetail> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryRecord a, store.Find(id, p));
    WR_ASSIGN_OR_RETURN(auto rows, store.CallList(id, a.ack_round));
    for (auto& r : rows) {
      RecipientDetail d;
      WR_ASSIGN_OR_RETURN(d.calls, store.Calls(id, r.organisation_id));
      WR_ASSIGN_OR_RETURN(d.contacts, store.Contacts(id, r.organisation_id));
      d.recipient = std::move(r);
      out.push_back(std::move(d));
    }
    return {};
  }));
  return out;
}

Result<storage::CallRecord> AdvisoryService::RecordCall(const core::Principal& p, int64_t id,
                                                        int64_t organisation_id,
                                                        storage::CallRecord call) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  if (call.note && call.note->size() > 2000) {
    return Error::Invalid("note too long",
                          {{"/note", 0, 0, "too_long", "at most 2000 characters"}});
  }
  if (call.acknowledged && call.outcome != core::CallOutcome::kReached) {
    return Error::Invalid("only a call that reached somebody acknowledges",
                          {{"/acknowledged", 0, 0, "needs_reached",
                            "an acknowledgement needs a call that reached somebody"}});
  }
  const int64_t now = Now();
  call.at = now;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryRecord a, store.Find(id, p));
    WR_RETURN_IF_ERROR(RequireSent(a));
    WR_ASSIGN_OR_RETURN(auto r, store.Recipient(id, organisation_id, a.ack_round));
    if (!r)
      return Error::NotFound("organisation " + std::to_string(organisation_id) +
                             " is not a recipient of " + a.reference);
    if (call.person_id) {
      WR_ASSIGN_OR_RETURN(auto contacts, store.Contacts(id, organisation_id));
      bool known = std::any_of(contacts.begin(), contacts.end(),
                               [&](const auto& c) { return c.person_id == *call.person_id; });
      if (!known) {
        return Error::Invalid("not a contact", {{"/person_id", 0, 0, "not_a_contact",
                                                 "is not the SPOC or a deputy of the "
                                                 "organisation"}});
      }
    }
    WR_ASSIGN_OR_RETURN(call.id, store.InsertCall(id, organisation_id, p.user_id, call));
    call.by = p.label;
    if (call.acknowledged) {
      WR_ASSIGN_OR_RETURN(auto ack, store.Acknowledge(id, organisation_id, a.ack_round, a.revision,
                                                      core::AckChannel::kPhone, p.user_id,
                                                      call.person_id, p.label + " (phone)", now));
      (void)ack;
    }
    nlohmann::json after = {{"outcome", core::Name(call.outcome)},
                            {"acknowledged", call.acknowledged},
                            {"advisory_id", id}};
    if (call.person_id) after["person_id"] = *call.person_id;
    if (call.note) after["note"] = *call.note;
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "advisory.call",
                             {"advisory_call", call.id, organisation_id}, "", after.dump(), now));
    if (call.acknowledged) {
      WR_RETURN_IF_ERROR(Emit(tx, "advisory.acknowledged", organisation_id, id, now));
    }
    return Emit(tx, "advisory.call", organisation_id, id, now);
  }));
  Published();
  return call;
}

// ---- Recipients -------------------------------------------------------------------------

Result<std::vector<InboxItem>> AdvisoryService::Inbox(const core::Principal& p) {
  std::vector<InboxItem> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto rows, store.Inbox(p, 200));
    for (auto& [a, r] : rows) {
      InboxItem item;
      WR_ASSIGN_OR_RETURN(auto texts, store.Texts(a.id, a.revision));
      // The inbox lists titles in Dutch, else any version (the reader's language is the
      // route's to pick; it passes it in the principal-independent view).
      if (auto lang = core::PickLanguage(core::Language::kNl, texts))
        item.title = texts[*lang].title;
      item.advisory = std::move(a);
      item.recipient = std::move(r);
      out.push_back(std::move(item));
    }
    return {};
  }));
  return out;
}

Result<AckResult> AdvisoryService::Acknowledge(const core::Principal& p, int64_t id) {
  const int64_t now = Now();
  AckResult out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryRecord a, store.Find(id, p));
    WR_ASSIGN_OR_RETURN(auto r, store.Recipient(id, p.organisation_id, a.ack_round));
    if (!r) {
      return Error::Conflict("your organisation is not a recipient of " + a.reference +
                             "; the war room acknowledges by recording a call");
    }
    if (a.status == core::AdvisoryStatus::kDraft) return RequireSent(a);
    WR_ASSIGN_OR_RETURN(auto result, store.Acknowledge(id, p.organisation_id, a.ack_round,
                                                       a.revision, core::AckChannel::kApp,
                                                       p.user_id, std::nullopt, p.label, now));
    out.ack = result.first;
    out.already = !result.second;
    if (out.already) return {};
    WR_RETURN_IF_ERROR(
        Audit(tx, ActorOf(p), "advisory.acknowledge", {"advisory", id, p.organisation_id}, "",
              nlohmann::json{{"channel", "app"}, {"round", a.ack_round}}.dump(), now));
    return Emit(tx, "advisory.acknowledged", p.organisation_id, id, now);
  }));
  Published();
  return out;
}

Result<std::vector<int>> AdvisoryService::SetActionPoint(const core::Principal& p, int64_t id,
                                                         int index, bool done) {
  std::vector<int> out;
  const int64_t now = Now();
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(AdvisoryRecord a, store.Find(id, p));
    WR_ASSIGN_OR_RETURN(auto r, store.Recipient(id, p.organisation_id, a.ack_round));
    if (!r) return Error::Conflict("your organisation is not a recipient of " + a.reference);
    WR_ASSIGN_OR_RETURN(auto texts, store.Texts(id, a.revision));
    size_t points = texts.empty() ? 0 : texts.begin()->second.action_points.size();
    if (index < 0 || static_cast<size_t>(index) >= points) {
      return Error::NotFound("advisory " + a.reference + " has no action point " +
                             std::to_string(index));
    }
    auto current = nlohmann::json::parse(r->action_points_done, nullptr, false);
    if (current.is_array()) {
      for (const auto& v : current) {
        if (v.is_number_integer()) out.push_back(v.get<int>());
      }
    }
    std::erase(out, index);
    if (done) out.push_back(index);
    std::sort(out.begin(), out.end());
    WR_RETURN_IF_ERROR(store.SetActionPoints(id, p.organisation_id, nlohmann::json(out).dump()));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "advisory.action_point",
                             {"advisory", id, p.organisation_id}, r->action_points_done,
                             nlohmann::json(out).dump(), now));
    return Emit(tx, "advisory.action_point", p.organisation_id, id, now);
  }));
  Published();
  return out;
}

Result<LinkView> AdvisoryService::ViewLink(const std::string& token) {
  const int64_t now = Now();
  LinkView out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto link, store.FindLink(core::auth::HashToken(token)));
    if (!link) return Error::NotFound("this acknowledgement link is not valid");
    if (link->expires_at <= now) return Error::Gone("this acknowledgement link has expired");
    out.link = std::move(*link);
    WR_ASSIGN_OR_RETURN(out.advisory, store.FindForUpdate(out.link.advisory_id));
    WR_ASSIGN_OR_RETURN(auto texts, store.Texts(out.advisory.id, out.advisory.revision));
    out.language = core::PickLanguage(out.link.language, texts).value_or(core::Language::kNl);
    if (core::TlpAllowsContentOutsideApp(out.advisory.tlp) && texts.contains(out.language)) {
      out.text = texts.at(out.language);
    }
    WR_ASSIGN_OR_RETURN(
        auto r, store.Recipient(out.advisory.id, out.link.organisation_id, out.advisory.ack_round));
    if (r) out.acknowledged = r->acknowledged;
    return {};
  }));
  return out;
}

Result<AckResult> AdvisoryService::AcknowledgeLink(const std::string& token) {
  const int64_t now = Now();
  AckResult out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto link, store.FindLink(core::auth::HashToken(token)));
    if (!link) return Error::NotFound("this acknowledgement link is not valid");
    if (link->expires_at <= now) return Error::Gone("this acknowledgement link has expired");
    WR_ASSIGN_OR_RETURN(AdvisoryRecord a, store.FindForUpdate(link->advisory_id));
    if (a.status == core::AdvisoryStatus::kDraft) return RequireSent(a);
    WR_ASSIGN_OR_RETURN(auto result,
                        store.Acknowledge(a.id, link->organisation_id, a.ack_round, a.revision,
                                          core::AckChannel::kLink, std::nullopt, link->person_id,
                                          link->person_name, now));
    out.ack = result.first;
    out.already = !result.second;
    if (out.already) return {};
    WR_RETURN_IF_ERROR(Audit(
        tx, Actor{0, "link:" + link->person_name}, "advisory.acknowledge",
        {"advisory", a.id, link->organisation_id}, "",
        nlohmann::json{{"channel", "link"}, {"person_id", link->person_id}, {"round", a.ack_round}}
            .dump(),
        now));
    return Emit(tx, "advisory.acknowledged", link->organisation_id, a.id, now);
  }));
  Published();
  return out;
}

// ---- Help requests ------------------------------------------------------------------------

namespace {
std::string HelpJson(const storage::HelpRequestRecord& h) {
  nlohmann::json j = {{"subject", h.subject}, {"status", core::Name(h.status)}};
  if (h.owner_user_id) j["owner_user_id"] = *h.owner_user_id;
  if (h.advisory_id) j["advisory_id"] = *h.advisory_id;
  return j.dump();
}
}  // namespace

Result<storage::HelpRequestRecord> AdvisoryService::CreateHelp(const core::Principal& p,
                                                               std::optional<int64_t> advisory_id,
                                                               const std::string& subject,
                                                               const std::string& body) {
  std::vector<FieldError> errors;
  if (Blank(subject)) errors.push_back({"/subject", 0, 0, "required", "must not be empty"});
  if (subject.size() > 200) errors.push_back({"/subject", 0, 0, "too_long", "at most 200 bytes"});
  if (Blank(body)) errors.push_back({"/body", 0, 0, "required", "must not be empty"});
  if (body.size() > 10'000) errors.push_back({"/body", 0, 0, "too_long", "at most 10,000 bytes"});
  if (!errors.empty()) return Error::Invalid("the help request is not valid", errors);
  const int64_t now = Now();
  storage::HelpRequestRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    if (advisory_id) {
      auto a = store.Find(*advisory_id, p);
      if (!a) {
        return Error::Invalid("unknown advisory", {{"/advisory_id", 0, 0, "unknown",
                                                    "is not an advisory you received"}});
      }
    }
    storage::HelpRequestRecord h;
    h.organisation_id = p.organisation_id;
    h.advisory_id = advisory_id;
    h.subject = subject;
    h.body = body;
    h.requested_by_user_id = p.user_id;
    WR_ASSIGN_OR_RETURN(int64_t id, store.InsertHelp(h, now));
    WR_ASSIGN_OR_RETURN(out, store.FindHelp(id, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "help_request.create",
                             {"help_request", id, p.organisation_id}, "", HelpJson(out), now));
    return Emit(tx, "help_request.created", std::nullopt, id, now);
  }));
  Published();
  return out;
}

Result<std::vector<storage::HelpRequestRecord>> AdvisoryService::ListHelp(
    const core::Principal& p, std::optional<core::HelpStatus> status) {
  std::vector<storage::HelpRequestRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, AdvisoryStore(tx).ListHelp(p, status));
    return {};
  }));
  return out;
}

Result<storage::HelpRequestRecord> AdvisoryService::UpdateHelp(
    const core::Principal& p, int64_t id, int expected_version,
    std::optional<core::HelpStatus> status, std::optional<std::optional<int64_t>> owner) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  const int64_t now = Now();
  storage::HelpRequestRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(storage::HelpRequestRecord before, store.FindHelp(id, p));
    storage::HelpRequestRecord next = before;
    if (status) next.status = *status;
    if (owner) {
      if (*owner) {
        WR_ASSIGN_OR_RETURN(auto row, tx.QueryOptional("SELECT role FROM users WHERE id = $1 AND "
                                                       "status = 'active'",
                                                       {**owner}));
        auto role = row ? core::ParseRole(row->Text(0)) : std::nullopt;
        if (!role || (*role != core::Role::kWarroomAdmin && *role != core::Role::kWarroomAnalyst)) {
          return Error::Invalid(
              "owner not in the war room",
              {{"/owner_user_id", 0, 0, "not_war_room", "must be an active war-room member"}});
        }
      }
      next.owner_user_id = *owner;
    }
    WR_RETURN_IF_ERROR(store.UpdateHelp(next, expected_version, now));
    WR_ASSIGN_OR_RETURN(out, store.FindHelp(id, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "help_request.update",
                             {"help_request", id, before.organisation_id}, HelpJson(before),
                             HelpJson(out), now));
    return Emit(tx, "help_request.updated", before.organisation_id, id, now);
  }));
  Published();
  return out;
}

}  // namespace warroom::service
