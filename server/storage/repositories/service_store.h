// ServiceStore: the SQL of critical services (C2): the maintained list, each incident's
// services with their state, the append-only history of every change, and the recovery
// view. Need to know, in every query's WHERE: an incident's services are read and written
// only through an incident the caller may read (IncidentVisibleSql, as IncidentStore), so
// that another organisation's incident is indistinguishable from a missing one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/core/directory/model.h"  // Language
#include "server/core/incident/services.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct CriticalServiceRecord {
  std::string key;
  std::string name_nl, name_fr, name_en, name_de;
  int position = 0;
  bool active = true;
  int version = 1;

  // The name in `language`.
  const std::string& Name(core::Language language) const;
};

struct IncidentServiceRecord {
  int64_t incident_id = 0;
  std::string service_key;
  core::ServiceState state;
  int version = 1;
  int64_t updated_at = 0;
};

// One change of a service of an incident, as appended.
struct ServiceChangeRecord {
  int64_t id = 0;
  std::optional<core::ServiceStatus> from;  // nullopt: the service's first state
  core::ServiceState to;
  int64_t changed_at = 0;
  std::optional<int64_t> changed_by_user_id;
  std::string changed_by;
};

// A service still out, with its incident: a row of the recovery view.
struct RecoveryRecord {
  int64_t incident_id = 0;
  std::string incident_title;
  int severity = 0;
  bool is_exercise = false;
  int64_t organisation_id = 0;
  std::string organisation_name;  // name_nl
  IncidentServiceRecord service;
};

class ServiceStore {
 public:
  explicit ServiceStore(Tx& tx) : tx_(tx) {}

  // The maintained list by position; retired entries only when `include_retired`.
  Result<std::vector<CriticalServiceRecord>> Catalogue(bool include_retired);
  // One entry of the list (retired or not); kNotFound when missing.
  Result<CriticalServiceRecord> CatalogueEntry(const std::string& key);
  // Adds an entry (active, version 1); kConflict when the key exists.
  Status AddToCatalogue(const core::CriticalServiceInput& in);
  // Writes names, position and active flag of `r` if still at `expected_version`
  // (kPreconditionFailed otherwise, kNotFound when missing).
  Status UpdateCatalogue(const CriticalServiceRecord& r, int expected_version);

  // The services of incident `incident_id` by the list's position; kNotFound when
  // `viewer` may not read the incident.
  Result<std::vector<IncidentServiceRecord>> List(int64_t incident_id,
                                                  const core::Principal& viewer);
  // One service of the incident: nullopt when the incident has no row for it yet;
  // kNotFound when `viewer` may not read the incident.
  Result<std::optional<IncidentServiceRecord>> Find(int64_t incident_id, const std::string& key,
                                                    const core::Principal& viewer);
  // Writes the state of service `key` of the incident and appends the change to its
  // history. `expected_version` nullopt inserts a new row (kConflict if one exists); else
  // the row must be at that version (kPreconditionFailed otherwise). The caller has
  // checked that the incident is visible and `key` on the list.
  Status Put(int64_t incident_id, const std::string& key, const core::ServiceState& state,
             std::optional<int> expected_version, const core::Principal& by,
             const std::string& by_name, int64_t now);
  // The changes of service `key` of the incident, oldest first; kNotFound when `viewer`
  // may not read the incident.
  Result<std::vector<ServiceChangeRecord>> History(int64_t incident_id, const std::string& key,
                                                   const core::Principal& viewer);

  // Every service still down or degraded of every open incident `viewer` may read: the
  // longest outage first (since, then incident, then the list's position).
  Result<std::vector<RecoveryRecord>> Recovery(const core::Principal& viewer);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
