#include "server/service/incident_service.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>

#include "server/core/incident/access.h"
#include "server/core/incident/workflow.h"
#include "server/service/audited_write.h"
#include "server/storage/repositories/account_store.h"
#include "server/storage/repositories/event_store.h"

namespace warroom::service {
namespace {

using storage::IncidentRecord;
using storage::IncidentStore;

constexpr core::Permission kRead{core::Resource::kIncident, core::Action::kRead};
constexpr core::Permission kCreate{core::Resource::kIncident, core::Action::kCreate};
constexpr core::Permission kUpdate{core::Resource::kIncident, core::Action::kUpdate};
constexpr core::Permission kVocabulary{core::Resource::kReferenceData, core::Action::kRead};
constexpr core::Permission kManageServices{core::Resource::kCriticalService, core::Action::kManage};
constexpr core::Permission kDecideFunding{core::Resource::kFundingDecision, core::Action::kCreate};

// The role table again, below the HTTP layer's check, so that a caller that reaches the
// service another way (a job, a test, a future route) is held to it too.
Status Require(const core::Principal& p, core::Permission permission) {
  if (!core::Allows(p, permission)) return Error::PermissionDenied("role_not_permitted");
  return {};
}

nlohmann::json OptJson(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json OptJson(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// The audit entry's picture of an incident (times in ms, as stored).
std::string AuditJson(const IncidentRecord& r) {
  const auto& f = r.facts;
  return nlohmann::json{{"organisation_id", r.organisation_id},
                        {"title", f.title},
                        {"what_happened", f.what_happened},
                        {"detected_at", f.detected_at},
                        {"became_aware_at", f.became_aware_at},
                        {"severity", f.severity},
                        {"rsit_class", OptJson(f.rsit_class)},
                        {"rsit_type", OptJson(f.rsit_type)},
                        {"status", core::Name(r.status)},
                        {"local_lead", OptJson(f.local_lead)},
                        {"callback_number", OptJson(f.callback_number)},
                        {"is_exercise", f.is_exercise},
                        {"tlp", core::Name(f.tlp)},
                        {"personal_data", f.personal_data},
                        {"nis2_applicable", f.nis2_applicable},
                        {"gdpr_notified_at", OptJson(r.clocks.gdpr_notified_at)},
                        {"gdpr_reference", OptJson(r.clocks.gdpr_reference)},
                        {"nis2_early_warning_at", OptJson(r.clocks.nis2_early_warning_at)},
                        {"nis2_notification_at", OptJson(r.clocks.nis2_notification_at)},
                        {"nis2_final_report_at", OptJson(r.clocks.nis2_final_report_at)},
                        {"nis2_reference", OptJson(r.clocks.nis2_reference)},
                        {"version", r.version}}
      .dump();
}

// Publishes what changed for live boards: ids and states, never content. A TLP:RED
// incident's event names no organisation, so that only the war room hears of it
// (core::MaySeeEvent). Call it last in the transaction, after the audit entry.
Status Emit(ports::Tx& tx, std::string_view topic, const IncidentRecord& r, int64_t now) {
  const bool red = r.facts.tlp == core::Tlp::kRed;
  nlohmann::json payload = {{"incident_id", r.id},
                            {"status", core::Name(r.status)},
                            {"severity", r.facts.severity},
                            {"version", r.version}};
  if (!red) payload["organisation_id"] = r.organisation_id;
  return storage::PublishEvent(
      tx,
      storage::NewEvent{std::string(topic), red ? std::nullopt : std::optional(r.organisation_id),
                        payload.dump()},
      now);
}

// The audit entry's picture of a timeline entry. A TLP:RED entry's text stays out: the
// audit log is read by administrators who may not be named on it.
std::string AuditJson(const storage::TimelineEntryRecord& e,
                      const std::vector<int64_t>& named_user_ids) {
  const bool red = e.tlp == core::Tlp::kRed;
  nlohmann::json j = {{"incident_id", e.incident_id},    {"kind", core::Name(e.kind)},
                      {"happened_at", e.happened_at},    {"written_at", e.written_at},
                      {"tlp", core::Name(e.tlp)},        {"corrects", OptJson(e.corrects)},
                      {"audience", OptJson(e.audience)}, {"named_user_ids", named_user_ids}};
  if (red) {
    j["text_withheld"] = true;
  } else {
    j["text"] = e.text;
  }
  return j.dump();
}

// How the caller is named on what she writes: her account's display name, else the label
// of her credentials (an API token's).
Result<std::string> AuthorName(ports::Tx& tx, const core::Principal& p) {
  if (p.user_id == 0) return p.label;
  WR_ASSIGN_OR_RETURN(auto user, storage::AccountStore(tx).FindUser(p.user_id));
  if (!user || user->display_name.empty()) return p.label;
  return user->display_name;
}

// The caller's preferred language (Dutch when she has none or is not an account).
Result<core::Language> PreferredLanguage(ports::Tx& tx, const core::Principal& p) {
  if (p.user_id == 0) return core::Language::kNl;
  WR_ASSIGN_OR_RETURN(auto user, storage::AccountStore(tx).FindUser(p.user_id));
  if (!user) return core::Language::kNl;
  return user->preferred_language;
}

// Publishes that something of `incident` changed, with ids only (`payload` adds its own):
// the readers fetch what they may see. A TLP:RED incident's event names no organisation,
// so that only the war room hears of it, as for the incident's other events.
Status EmitIds(ports::Tx& tx, std::string_view topic, const IncidentRecord& incident,
               nlohmann::json payload, int64_t now) {
  const bool red = incident.facts.tlp == core::Tlp::kRed;
  payload["incident_id"] = incident.id;
  return storage::PublishEvent(
      tx,
      storage::NewEvent{std::string(topic),
                        red ? std::nullopt : std::optional(incident.organisation_id),
                        payload.dump()},
      now);
}

std::string AuditJson(const storage::IncidentServiceRecord& s) {
  const auto& st = s.state;
  return nlohmann::json{{"incident_id", s.incident_id},
                        {"service_key", s.service_key},
                        {"status", core::Name(st.status)},
                        {"since", st.since},
                        {"restore_target", OptJson(st.restore_target)},
                        {"restored_at", OptJson(st.restored_at)},
                        {"note", st.note},
                        {"version", s.version}}
      .dump();
}

std::string AuditJson(const storage::CriticalServiceRecord& c) {
  return nlohmann::json{{"key", c.key},         {"name_nl", c.name_nl}, {"name_fr", c.name_fr},
                        {"name_en", c.name_en}, {"name_de", c.name_de}, {"position", c.position},
                        {"active", c.active},   {"version", c.version}}
      .dump();
}

std::string AuditJson(const storage::FundingRecord& f) {
  return nlohmann::json{{"incident_id", f.incident_id},
                        {"kind", core::Name(f.kind)},
                        {"amount_cents", f.amount_cents},
                        {"purpose", f.purpose},
                        {"decision", core::Name(f.decision)},
                        {"granted_cents", OptJson(f.granted_cents)},
                        {"decided_at", OptJson(f.decided_at)},
                        {"decision_note", OptJson(f.decision_note)},
                        {"version", f.version}}
      .dump();
}

// The critical service `key` if it is an active entry of the list; else a field error.
Status CheckServiceKey(storage::ServiceStore& store, const std::string& key,
                       const std::string& field) {
  auto entry = store.CatalogueEntry(key);
  if (!entry && entry.error().code != ErrorCode::kNotFound) return entry.error();
  if (!entry || !entry->active) {
    return Error::Invalid("the service is not valid", {{field, 0, 0, "unknown_service",
                                                        "is not on the list of critical "
                                                        "services"}});
  }
  return {};
}

Status CheckLabel(const core::Principal& p, core::Tlp tlp) {
  if (!core::MayLabel(p.role, tlp)) {
    return Error(ErrorCode::kPermissionDenied, "tlp_red_war_room_only",
                 {{"/tlp", 0, 0, "tlp_red_war_room_only",
                   "TLP:RED incidents are the war room's alone; choose TLP:AMBER+STRICT"}});
  }
  return {};
}

// The facts and the clock marks of `r`, checked together.
Status Validate(const IncidentRecord& r, int64_t now, const core::RsitTaxonomy& taxonomy) {
  auto facts = core::ValidateIncident(r.facts, now, taxonomy);
  auto marks = core::ValidateClockMarks(r.clocks, now);
  if (facts && marks) return {};
  std::vector<FieldError> fields;
  if (!facts) fields = facts.error().fields;
  if (!marks) {
    fields.insert(fields.end(), marks.error().fields.begin(), marks.error().fields.end());
  }
  return Error::Invalid("the incident is not valid", std::move(fields));
}

void Apply(IncidentRecord& r, const IncidentPatch& p) {
  auto& f = r.facts;
  if (p.title) f.title = *p.title;
  if (p.what_happened) f.what_happened = *p.what_happened;
  if (p.detected_at) f.detected_at = *p.detected_at;
  if (p.became_aware_at) f.became_aware_at = *p.became_aware_at;
  if (p.severity) f.severity = *p.severity;
  if (p.rsit_class) f.rsit_class = *p.rsit_class;
  if (p.rsit_type) f.rsit_type = *p.rsit_type;
  if (p.local_lead) f.local_lead = *p.local_lead;
  if (p.callback_number) f.callback_number = *p.callback_number;
  if (p.is_exercise) f.is_exercise = *p.is_exercise;
  if (p.tlp) f.tlp = *p.tlp;
  if (p.personal_data) f.personal_data = *p.personal_data;
  if (p.nis2_applicable) f.nis2_applicable = *p.nis2_applicable;
  auto& c = r.clocks;
  if (p.gdpr_notified_at) c.gdpr_notified_at = *p.gdpr_notified_at;
  if (p.gdpr_reference) c.gdpr_reference = *p.gdpr_reference;
  if (p.nis2_early_warning_at) c.nis2_early_warning_at = *p.nis2_early_warning_at;
  if (p.nis2_notification_at) c.nis2_notification_at = *p.nis2_notification_at;
  if (p.nis2_final_report_at) c.nis2_final_report_at = *p.nis2_final_report_at;
  if (p.nis2_reference) c.nis2_reference = *p.nis2_reference;
  c.became_aware_at = f.became_aware_at;
  c.personal_data = f.personal_data;
  c.nis2_applicable = f.nis2_applicable;
}

}  // namespace

int64_t IncidentService::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

Result<IncidentView> IncidentService::ViewOf(IncidentRecord r, int64_t now) const {
  IncidentView v;
  WR_ASSIGN_OR_RETURN(v.clocks, core::LegalClocks(r.clocks, now));
  v.next_statuses = core::NextStatuses(r.status);
  v.incident = std::move(r);
  return v;
}

Result<IncidentView> IncidentService::Declare(const core::Principal& p,
                                              const IncidentDeclaration& in) {
  WR_RETURN_IF_ERROR(Require(p, kCreate));
  const int64_t now = Now();
  const bool own =
      core::IncidentReadScope(p).organisations.kind == core::DirectoryScope::Kind::kOwn;
  if (!in.organisation_id && !own) {
    return Error::Invalid("the incident is not valid",
                          {{"/organisation_id", 0, 0, "required", "name the victim organisation"}});
  }
  const int64_t organisation_id = in.organisation_id.value_or(p.organisation_id);
  if (!core::MayDeclareFor(p, organisation_id)) {
    return Error::PermissionDenied("may declare incidents of your own organisation only");
  }
  WR_RETURN_IF_ERROR(CheckLabel(p, in.facts.tlp));
  IncidentRecord r;
  r.organisation_id = organisation_id;
  r.facts = in.facts;
  if (!in.aware_given) r.facts.became_aware_at = r.facts.detected_at;
  r.clocks.became_aware_at = r.facts.became_aware_at;
  r.clocks.personal_data = r.facts.personal_data;
  r.clocks.nis2_applicable = r.facts.nis2_applicable;
  r.declared_at = now;
  if (p.user_id != 0) r.declared_by_user_id = p.user_id;
  IncidentRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    IncidentStore store(tx);
    WR_ASSIGN_OR_RETURN(r.declared_by, AuthorName(tx, p));
    WR_ASSIGN_OR_RETURN(core::RsitTaxonomy taxonomy, store.Taxonomy());
    WR_RETURN_IF_ERROR(Validate(r, now, taxonomy));
    WR_ASSIGN_OR_RETURN(auto org, tx.QueryOptional("SELECT 1 FROM organisations WHERE id = $1 "
                                                   "AND status = 'active'",
                                                   {organisation_id}));
    if (!org) {
      return Error::Invalid(
          "the incident is not valid",
          {{"/organisation_id", 0, 0, "unknown_organisation", "is not an active organisation"}});
    }
    storage::ServiceStore services(tx);
    std::vector<FieldError> unknown;
    for (size_t i = 0; i < in.services_down.size(); ++i) {
      auto known =
          CheckServiceKey(services, in.services_down[i], "/services_down/" + std::to_string(i));
      if (!known) {
        if (known.error().code != ErrorCode::kInvalidArgument) return known.error();
        unknown.insert(unknown.end(), known.error().fields.begin(), known.error().fields.end());
      }
    }
    if (!unknown.empty()) return Error::Invalid("the incident is not valid", std::move(unknown));
    WR_ASSIGN_OR_RETURN(int64_t id, store.Insert(r, now));
    WR_ASSIGN_OR_RETURN(out, store.Find(id, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.declare", {"incident", id, organisation_id},
                             "", AuditJson(out), now));
    if (!in.services_down.empty()) {
      WR_ASSIGN_OR_RETURN(std::string author, AuthorName(tx, p));
      core::ServiceState down;
      down.status = core::ServiceStatus::kDown;
      down.since = r.facts.detected_at;
      for (const std::string& key : in.services_down) {
        WR_ASSIGN_OR_RETURN(auto existing, services.Find(id, key, p));
        if (existing) continue;  // named twice
        WR_RETURN_IF_ERROR(services.Put(id, key, down, std::nullopt, p, author, now));
        WR_ASSIGN_OR_RETURN(auto written, services.Find(id, key, p));
        WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.service.put",
                                 {"incident", id, organisation_id}, "", AuditJson(*written), now));
      }
    }
    return Emit(tx, "incident.declared", out, now);
  }));
  Published();
  return ViewOf(std::move(out), now);
}

Result<IncidentView> IncidentService::Get(const core::Principal& p, int64_t id) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  IncidentRecord r;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(r, IncidentStore(tx).Find(id, p));
    return {};
  }));
  return ViewOf(std::move(r), Now());
}

Result<std::vector<IncidentView>> IncidentService::List(const core::Principal& p,
                                                        const storage::IncidentQuery& q) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  std::vector<IncidentRecord> rows;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(rows, IncidentStore(tx).List(p, q));
    return {};
  }));
  const int64_t now = Now();
  std::vector<IncidentView> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    WR_ASSIGN_OR_RETURN(IncidentView v, ViewOf(std::move(r), now));
    out.push_back(std::move(v));
  }
  return out;
}

Result<IncidentView> IncidentService::Update(const core::Principal& p, int64_t id,
                                             int expected_version, const IncidentPatch& patch) {
  WR_RETURN_IF_ERROR(Require(p, kUpdate));
  if (patch.tlp) WR_RETURN_IF_ERROR(CheckLabel(p, *patch.tlp));
  const int64_t now = Now();
  IncidentRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    IncidentStore store(tx);
    WR_ASSIGN_OR_RETURN(IncidentRecord before, store.Find(id, p));
    if (before.version != expected_version) {
      return Error::PreconditionFailed("the incident was changed by somebody else");
    }
    IncidentRecord next = before;
    Apply(next, patch);
    WR_ASSIGN_OR_RETURN(core::RsitTaxonomy taxonomy, store.Taxonomy());
    // The whole result is checked, not only the fields sent: a new detection time is judged
    // against the awareness time it leaves standing, a new type against the class.
    WR_RETURN_IF_ERROR(Validate(next, now, taxonomy));
    WR_RETURN_IF_ERROR(store.Update(next, expected_version, now));
    WR_ASSIGN_OR_RETURN(out, store.Find(id, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.update",
                             {"incident", id, before.organisation_id}, AuditJson(before),
                             AuditJson(out), now));
    return Emit(tx, "incident.updated", out, now);
  }));
  Published();
  return ViewOf(std::move(out), now);
}

Result<IncidentView> IncidentService::Transition(const core::Principal& p, int64_t id,
                                                 int expected_version, core::IncidentStatus to,
                                                 const std::string& reason) {
  WR_RETURN_IF_ERROR(Require(p, kUpdate));
  const int64_t now = Now();
  IncidentRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    IncidentStore store(tx);
    WR_ASSIGN_OR_RETURN(IncidentRecord before, store.Find(id, p));
    if (before.version != expected_version) {
      return Error::PreconditionFailed("the incident was changed by somebody else");
    }
    WR_RETURN_IF_ERROR(core::CheckTransition(before.status, to, reason));
    IncidentRecord next = before;
    next.status = to;
    if (to == core::IncidentStatus::kClosed) {
      next.closed_at = now;
    } else {
      next.closed_at.reset();
    }
    WR_RETURN_IF_ERROR(store.Update(next, expected_version, now));
    WR_ASSIGN_OR_RETURN(out, store.Find(id, p));
    nlohmann::json after = nlohmann::json::parse(AuditJson(out));
    after["from"] = core::Name(before.status);
    if (!reason.empty()) after["reason"] = reason;
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.transition",
                             {"incident", id, before.organisation_id}, AuditJson(before),
                             after.dump(), now));
    return Emit(tx, "incident.transitioned", out, now);
  }));
  Published();
  return ViewOf(std::move(out), now);
}

Result<storage::TimelineEntryRecord> IncidentService::AppendEntry(
    const core::Principal& p, int64_t id, const core::TimelineEntryInput& in) {
  WR_RETURN_IF_ERROR(Require(p, kUpdate));
  const int64_t now = Now();
  storage::TimelineEntryRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    // The scope first: an incident the caller may not read is 404 whatever she sent.
    WR_ASSIGN_OR_RETURN(IncidentRecord incident, IncidentStore(tx).Find(id, p));
    WR_ASSIGN_OR_RETURN(core::TimelineEntryDraft draft,
                        core::CheckTimelineEntry(in, p.user_id, now));
    WR_ASSIGN_OR_RETURN(std::string author, AuthorName(tx, p));
    storage::TimelineStore timeline(tx);
    WR_ASSIGN_OR_RETURN(int64_t entry_id, timeline.Append(id, draft, p, author, now));
    WR_ASSIGN_OR_RETURN(out, timeline.Find(id, entry_id, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.timeline.append",
                             {"incident_timeline", entry_id, incident.organisation_id}, "",
                             AuditJson(out, draft.named_user_ids), now));
    // Only the incident's id: the readers fetch what they may see. A RED incident's event
    // names no organisation (only the war room hears it), as for its other events.
    const bool red = incident.facts.tlp == core::Tlp::kRed;
    return storage::PublishEvent(
        tx,
        storage::NewEvent{"incident.timeline",
                          red ? std::nullopt : std::optional(incident.organisation_id),
                          nlohmann::json{{"incident_id", id}}.dump()},
        now);
  }));
  Published();
  return out;
}

Result<storage::TimelinePage> IncidentService::Entries(const core::Principal& p, int64_t id,
                                                       const storage::TimelineQuery& q) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  storage::TimelinePage out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, storage::TimelineStore(tx).List(id, p, q));
    return {};
  }));
  return out;
}

Result<std::vector<storage::TimelinePerson>> IncidentService::People(const core::Principal& p,
                                                                     int64_t id) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  std::vector<storage::TimelinePerson> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, storage::TimelineStore(tx).Readers(id, p));
    return {};
  }));
  return out;
}

Result<TaxonomyView> IncidentService::Taxonomy(const core::Principal& p,
                                               std::optional<core::Language> language) {
  TaxonomyView out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(core::RsitTaxonomy taxonomy, IncidentStore(tx).Taxonomy());
    out.types = taxonomy.types();
    if (language) {
      out.language = *language;
    } else {
      WR_ASSIGN_OR_RETURN(out.language, PreferredLanguage(tx, p));
    }
    return {};
  }));
  for (int level = core::kMostSevere; level <= core::kLeastSevere; ++level) {
    if (auto d = core::DefineSeverity(level, out.language)) out.severities.push_back(*d);
  }
  return out;
}

Result<CatalogueView> IncidentService::CriticalServices(const core::Principal& p,
                                                        std::optional<core::Language> language,
                                                        bool include_retired) {
  WR_RETURN_IF_ERROR(Require(p, kVocabulary));
  if (include_retired) WR_RETURN_IF_ERROR(Require(p, kManageServices));
  CatalogueView out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out.services, storage::ServiceStore(tx).Catalogue(include_retired));
    if (language) {
      out.language = *language;
    } else {
      WR_ASSIGN_OR_RETURN(out.language, PreferredLanguage(tx, p));
    }
    return {};
  }));
  return out;
}

Result<storage::CriticalServiceRecord> IncidentService::AddCriticalService(
    const core::Principal& p, const core::CriticalServiceInput& in) {
  WR_RETURN_IF_ERROR(Require(p, kManageServices));
  WR_RETURN_IF_ERROR(core::CheckCriticalService(in));
  const int64_t now = Now();
  storage::CriticalServiceRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    storage::ServiceStore store(tx);
    WR_RETURN_IF_ERROR(store.AddToCatalogue(in));
    WR_ASSIGN_OR_RETURN(out, store.CatalogueEntry(in.key));
    return Audit(tx, ActorOf(p), "critical_service.create", {"critical_service", in.key, 0}, "",
                 AuditJson(out), now);
  }));
  return out;
}

Result<storage::CriticalServiceRecord> IncidentService::ChangeCriticalService(
    const core::Principal& p, const std::string& key, int expected_version,
    const CriticalServicePatch& patch) {
  WR_RETURN_IF_ERROR(Require(p, kManageServices));
  const int64_t now = Now();
  storage::CriticalServiceRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    storage::ServiceStore store(tx);
    WR_ASSIGN_OR_RETURN(storage::CriticalServiceRecord before, store.CatalogueEntry(key));
    if (before.version != expected_version) {
      return Error::PreconditionFailed("the critical service was changed by somebody else");
    }
    storage::CriticalServiceRecord next = before;
    if (patch.name_nl) next.name_nl = *patch.name_nl;
    if (patch.name_fr) next.name_fr = *patch.name_fr;
    if (patch.name_en) next.name_en = *patch.name_en;
    if (patch.name_de) next.name_de = *patch.name_de;
    if (patch.position) next.position = *patch.position;
    if (patch.active) next.active = *patch.active;
    WR_RETURN_IF_ERROR(core::CheckCriticalService(
        {next.key, next.name_nl, next.name_fr, next.name_en, next.name_de, next.position}));
    WR_RETURN_IF_ERROR(store.UpdateCatalogue(next, expected_version));
    WR_ASSIGN_OR_RETURN(out, store.CatalogueEntry(key));
    return Audit(tx, ActorOf(p), "critical_service.update", {"critical_service", key, 0},
                 AuditJson(before), AuditJson(out), now);
  }));
  return out;
}

Result<std::vector<storage::IncidentServiceRecord>> IncidentService::Services(
    const core::Principal& p, int64_t id) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  std::vector<storage::IncidentServiceRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, storage::ServiceStore(tx).List(id, p));
    return {};
  }));
  return out;
}

Result<ServiceView> IncidentService::Service(const core::Principal& p, int64_t id,
                                             const std::string& key) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  ServiceView out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    storage::ServiceStore store(tx);
    WR_ASSIGN_OR_RETURN(auto found, store.Find(id, key, p));
    if (!found) return Error::NotFound("the service is not on the incident");
    out.service = std::move(*found);
    WR_ASSIGN_OR_RETURN(out.history, store.History(id, key, p));
    return {};
  }));
  return out;
}

Result<ServiceView> IncidentService::PutService(const core::Principal& p, int64_t id,
                                                const std::string& key,
                                                std::optional<int> expected_version,
                                                const core::ServiceStateInput& in) {
  WR_RETURN_IF_ERROR(Require(p, kUpdate));
  const int64_t now = Now();
  ServiceView out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    // The scope first: an incident the caller may not read is 404 whatever she sent.
    WR_ASSIGN_OR_RETURN(IncidentRecord incident, IncidentStore(tx).Find(id, p));
    storage::ServiceStore store(tx);
    WR_ASSIGN_OR_RETURN(auto before, store.Find(id, key, p));
    if (before && !expected_version) {
      return Error(ErrorCode::kPreconditionFailed, "if_match_required");
    }
    if (expected_version && (!before || before->version != *expected_version)) {
      return Error::PreconditionFailed("the service was changed by somebody else");
    }
    // A retired service stays changeable on the incidents that have it; a new one must be
    // on the list.
    if (!before) WR_RETURN_IF_ERROR(CheckServiceKey(store, key, "/service_key"));
    std::optional<core::ServiceState> before_state;
    if (before) before_state = before->state;
    WR_ASSIGN_OR_RETURN(core::ServiceState state, core::CheckServiceState(in, before_state, now));
    WR_ASSIGN_OR_RETURN(std::string author, AuthorName(tx, p));
    WR_RETURN_IF_ERROR(store.Put(id, key, state, expected_version, p, author, now));
    WR_ASSIGN_OR_RETURN(auto written, store.Find(id, key, p));
    out.service = std::move(*written);
    WR_ASSIGN_OR_RETURN(out.history, store.History(id, key, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.service.put",
                             {"incident", id, incident.organisation_id},
                             before ? AuditJson(*before) : "", AuditJson(out.service), now));
    return EmitIds(tx, "incident.services", incident, {{"service_key", key}}, now);
  }));
  Published();
  return out;
}

Result<std::vector<storage::RecoveryRecord>> IncidentService::Recovery(const core::Principal& p) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  std::vector<storage::RecoveryRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, storage::ServiceStore(tx).Recovery(p));
    return {};
  }));
  return out;
}

Result<std::vector<storage::FundingRecord>> IncidentService::Funding(const core::Principal& p,
                                                                     int64_t id) {
  WR_RETURN_IF_ERROR(Require(p, kRead));
  std::vector<storage::FundingRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, storage::FundingStore(tx).List(id, p));
    return {};
  }));
  return out;
}

Result<storage::FundingRecord> IncidentService::RequestFunding(
    const core::Principal& p, int64_t id, const core::FundingRequestInput& in) {
  WR_RETURN_IF_ERROR(Require(p, kUpdate));
  const int64_t now = Now();
  storage::FundingRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(IncidentRecord incident, IncidentStore(tx).Find(id, p));
    WR_ASSIGN_OR_RETURN(core::FundingRequestDraft draft, core::CheckFundingRequest(in));
    WR_ASSIGN_OR_RETURN(std::string author, AuthorName(tx, p));
    storage::FundingStore store(tx);
    WR_ASSIGN_OR_RETURN(int64_t funding_id, store.Insert(id, draft, p, author, now));
    WR_ASSIGN_OR_RETURN(out, store.Find(id, funding_id, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.funding.request",
                             {"incident_funding", funding_id, incident.organisation_id}, "",
                             AuditJson(out), now));
    return EmitIds(tx, "incident.funding", incident, {{"funding_id", funding_id}}, now);
  }));
  Published();
  return out;
}

Result<storage::FundingRecord> IncidentService::DecideFunding(
    const core::Principal& p, int64_t id, int64_t funding_id, int expected_version,
    const core::FundingDecisionInput& in) {
  WR_RETURN_IF_ERROR(Require(p, kDecideFunding));
  const int64_t now = Now();
  storage::FundingRecord out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(IncidentRecord incident, IncidentStore(tx).Find(id, p));
    storage::FundingStore store(tx);
    WR_ASSIGN_OR_RETURN(storage::FundingRecord before, store.Find(id, funding_id, p));
    if (before.version != expected_version) {
      return Error::PreconditionFailed("the request was changed by somebody else");
    }
    if (before.decision != core::FundingDecision::kPending) {
      return Error(ErrorCode::kConflict, "the request was decided already");
    }
    WR_ASSIGN_OR_RETURN(core::FundingDecisionDraft decision,
                        core::CheckFundingDecision(in, before.amount_cents));
    WR_ASSIGN_OR_RETURN(std::string author, AuthorName(tx, p));
    WR_RETURN_IF_ERROR(store.Decide(funding_id, decision, expected_version, p, author, now));
    WR_ASSIGN_OR_RETURN(out, store.Find(id, funding_id, p));
    WR_RETURN_IF_ERROR(Audit(tx, ActorOf(p), "incident.funding.decide",
                             {"incident_funding", funding_id, incident.organisation_id},
                             AuditJson(before), AuditJson(out), now));
    return EmitIds(tx, "incident.funding", incident, {{"funding_id", funding_id}}, now);
  }));
  Published();
  return out;
}

}  // namespace warroom::service
