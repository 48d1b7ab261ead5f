// IncidentService: incidents (C2), first slice. A victim's SPOC or member declares an
// incident of her own organisation, or the war room declares one on a victim's behalf
// after a phone call; whoever may read it (core::IncidentReadScope) may change it with
// If-Match and move it through the status workflow (core/incident/workflow.h). Every change
// is one transaction that validates (nothing is stored on refusal), writes, appends the
// audit entry and publishes the live event ("incident.declared", "incident.updated",
// "incident.transitioned"), in that order. The timeline is appended to, never edited
// (core/incident/timeline.h): whoever may change the incident may append an entry, without
// If-Match; whoever may read it reads the entries she may see ("incident.timeline").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/core/incident/clocks.h"
#include "server/core/incident/model.h"
#include "server/core/incident/services.h"
#include "server/core/incident/taxonomy.h"
#include "server/core/incident/timeline.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/storage/repositories/funding_store.h"
#include "server/storage/repositories/incident_store.h"
#include "server/storage/repositories/service_store.h"
#include "server/storage/repositories/timeline_store.h"

namespace warroom::service {

struct IncidentOptions {
  // Wakes the live event stream after a change published events (the hub's Notify).
  std::function<void()> notify_events;
};

// A declaration. organisation_id: the victim; a SPOC or member may leave it out (her own).
// became_aware_at defaults to detected_at.
struct IncidentDeclaration {
  std::optional<int64_t> organisation_id;
  core::IncidentFacts facts;
  bool aware_given = false;
  // Keys of the critical services that are down: each gets a "down" row since detected_at,
  // in the declaration's transaction.
  std::vector<std::string> services_down;
};

// A change: only the fields present change; an inner nullopt clears a nullable field.
struct IncidentPatch {
  std::optional<std::string> title;
  std::optional<std::string> what_happened;
  std::optional<int64_t> detected_at;
  std::optional<int64_t> became_aware_at;
  std::optional<int> severity;
  std::optional<std::optional<std::string>> rsit_class;
  std::optional<std::optional<std::string>> rsit_type;
  std::optional<std::optional<std::string>> local_lead;
  std::optional<std::optional<std::string>> callback_number;
  std::optional<bool> is_exercise;
  std::optional<core::Tlp> tlp;
  std::optional<bool> personal_data;
  std::optional<bool> nis2_applicable;
  std::optional<std::optional<int64_t>> gdpr_notified_at;
  std::optional<std::optional<std::string>> gdpr_reference;
  std::optional<std::optional<int64_t>> nis2_early_warning_at;
  std::optional<std::optional<int64_t>> nis2_notification_at;
  std::optional<std::optional<int64_t>> nis2_final_report_at;
  std::optional<std::optional<std::string>> nis2_reference;
};

// An incident as the API shows it: the record, its legal clocks now, and where the
// workflow may take it next.
struct IncidentView {
  storage::IncidentRecord incident;
  std::vector<core::LegalClock> clocks;
  std::vector<core::IncidentStatus> next_statuses;
};

// A change of an entry of the maintained list of critical services.
struct CriticalServicePatch {
  std::optional<std::string> name_nl, name_fr, name_en, name_de;
  std::optional<int> position;
  std::optional<bool> active;
};

// The list of critical services as a reader sees it: in her language.
struct CatalogueView {
  core::Language language = core::Language::kNl;
  std::vector<storage::CriticalServiceRecord> services;
};

// One service of an incident and its history, oldest change first.
struct ServiceView {
  storage::IncidentServiceRecord service;
  std::vector<storage::ServiceChangeRecord> history;
};

// The classification vocabulary in one language.
struct TaxonomyView {
  core::Language language = core::Language::kNl;
  std::vector<core::RsitType> types;
  std::vector<core::SeverityDefinition> severities;
};

class IncidentService {
 public:
  IncidentService(ports::Database& db, const ports::Clock& clock, IncidentOptions options)
      : db_(db), clock_(clock), options_(std::move(options)) {}

  // Declares an incident (status reported). kPermissionDenied when the caller may not
  // declare for that organisation (core::MayDeclareFor) or may not label it TLP:RED;
  // kInvalidArgument with field errors for bad facts, an unknown or inactive organisation
  // (/organisation_id) or a war-room caller who named none.
  Result<IncidentView> Declare(const core::Principal& p, const IncidentDeclaration& in);

  // One incident; kNotFound outside the caller's scope.
  Result<IncidentView> Get(const core::Principal& p, int64_t id);

  // The incidents the caller may see, newest first.
  Result<std::vector<IncidentView>> List(const core::Principal& p, const storage::IncidentQuery& q);

  // Applies `patch` if the incident is still at `expected_version` (kPreconditionFailed
  // otherwise); the result is validated whole (facts and clock marks) before it is stored.
  Result<IncidentView> Update(const core::Principal& p, int64_t id, int expected_version,
                              const IncidentPatch& patch);

  // Moves the incident to `to` (core::CheckTransition: kConflict for a move the workflow
  // forbids, kInvalidArgument when a needed reason is missing), at `expected_version`.
  // The reason is kept in the audit entry.
  Result<IncidentView> Transition(const core::Principal& p, int64_t id, int expected_version,
                                  core::IncidentStatus to, const std::string& reason);

  // Appends an entry to the timeline of incident `id`, written by the caller now; returns
  // it as stored. No version is needed: entries are never edited. kNotFound outside the
  // caller's scope; kInvalidArgument with field errors for a bad entry
  // (core::CheckTimelineEntry), a correction of an entry that is not this incident's or
  // that the caller cannot see, or a named person who may not read the incident. Audited
  // (a TLP:RED entry's text is left out of the audit log, which people not named on it
  // read) and published as "incident.timeline" with the incident's id and no text.
  Result<storage::TimelineEntryRecord> AppendEntry(const core::Principal& p, int64_t id,
                                                   const core::TimelineEntryInput& in);

  // A page of the timeline of incident `id` as the caller may see it (TLP:RED entries
  // only where she is named); kNotFound outside her scope.
  Result<storage::TimelinePage> Entries(const core::Principal& p, int64_t id,
                                        const storage::TimelineQuery& q);

  // The people who may read incident `id` (whom a TLP:RED entry may name); kNotFound
  // outside the caller's scope.
  Result<std::vector<storage::TimelinePerson>> People(const core::Principal& p, int64_t id);

  // The maintained list of critical services, in `language` or the caller's preferred
  // one; retired entries only when `include_retired` (the war room's admin page).
  Result<CatalogueView> CriticalServices(const core::Principal& p,
                                         std::optional<core::Language> language,
                                         bool include_retired);

  // Adds an entry to the list (the admin: critical_service:manage). kInvalidArgument for
  // a bad entry (core::CheckCriticalService), kConflict when the key exists. Audited.
  Result<storage::CriticalServiceRecord> AddCriticalService(const core::Principal& p,
                                                            const core::CriticalServiceInput& in);

  // Renames, moves or retires (active false) an entry at `expected_version`
  // (kPreconditionFailed otherwise); kNotFound when missing. Audited.
  Result<storage::CriticalServiceRecord> ChangeCriticalService(const core::Principal& p,
                                                               const std::string& key,
                                                               int expected_version,
                                                               const CriticalServicePatch& patch);

  // The services of incident `id`; kNotFound outside the caller's scope.
  Result<std::vector<storage::IncidentServiceRecord>> Services(const core::Principal& p,
                                                               int64_t id);

  // One service of incident `id` with its history; kNotFound outside the caller's scope or
  // when the incident has no row for it.
  Result<ServiceView> Service(const core::Principal& p, int64_t id, const std::string& key);

  // Sets the state of service `key` of incident `id` (core::CheckServiceState against the
  // state it had). A service not yet on the incident is added without a version; an
  // existing one needs `expected_version` (kPreconditionFailed "if_match_required" when
  // missing, kPreconditionFailed when stale or given for a service not on the incident).
  // kInvalidArgument for a bad state or a key that is not an active entry of the list
  // ("/service_key" unknown_service). Audited, history appended and "incident.services" published
  // with ids only.
  Result<ServiceView> PutService(const core::Principal& p, int64_t id, const std::string& key,
                                 std::optional<int> expected_version,
                                 const core::ServiceStateInput& in);

  // Every service still down or degraded of every open incident the caller may read,
  // longest outage first (storage::ServiceStore::Recovery).
  Result<std::vector<storage::RecoveryRecord>> Recovery(const core::Principal& p);

  // The funding requests of incident `id`, oldest first; kNotFound outside the scope.
  Result<std::vector<storage::FundingRecord>> Funding(const core::Principal& p, int64_t id);

  // A request for restart funding or emergency infrastructure by whoever may change the
  // incident (core::CheckFundingRequest). Audited; "incident.funding" published.
  Result<storage::FundingRecord> RequestFunding(const core::Principal& p, int64_t id,
                                                const core::FundingRequestInput& in);

  // The war room's decision on request `funding_id` of incident `id`
  // (funding_decision:create; core::CheckFundingDecision). kConflict when it was decided
  // already, kPreconditionFailed when not at `expected_version`. Audited; published.
  Result<storage::FundingRecord> DecideFunding(const core::Principal& p, int64_t id,
                                               int64_t funding_id, int expected_version,
                                               const core::FundingDecisionInput& in);

  // The RSIT classes and types and the severity definitions in `language`, or in the
  // caller's preferred language when nullopt.
  Result<TaxonomyView> Taxonomy(const core::Principal& p, std::optional<core::Language> language);

  // The service's clock in ms: what outages, overdue targets and clocks are measured at.
  int64_t Now() const;

 private:
  void Published() const {
    if (options_.notify_events) options_.notify_events();
  }
  Result<IncidentView> ViewOf(storage::IncidentRecord r, int64_t now) const;

  ports::Database& db_;
  const ports::Clock& clock_;
  IncidentOptions options_;
};

}  // namespace warroom::service
