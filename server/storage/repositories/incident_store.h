// IncidentStore: the SQL of incidents (C2) and of the RSIT taxonomy they are classified
// by. Who may read an incident is part of every query's WHERE (core::IncidentReadScope as
// SQL: the organisation through ScopeSql, and TLP:RED for the war room only), so that an
// incident outside the caller's scope is indistinguishable from a missing one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/core/incident/clocks.h"
#include "server/core/incident/model.h"
#include "server/core/incident/taxonomy.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct IncidentRecord {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string organisation_name;  // name_nl
  core::IncidentFacts facts;
  core::IncidentStatus status = core::IncidentStatus::kReported;
  // The obligations' marks; became_aware_at, personal_data and nis2_applicable mirror
  // `facts` when read.
  core::ClockFacts clocks;
  int64_t declared_at = 0;
  std::optional<int64_t> declared_by_user_id;
  std::string declared_by;
  std::optional<int64_t> closed_at;
  bool is_demo = false;
  int version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The incidents `viewer` may read (core::IncidentReadScope), as a condition (without a
// leading AND) on the alias `i` of the incidents table; its parameters are appended to
// `params`. Every query of incidents and of what belongs to them carries it.
std::string IncidentVisibleSql(const core::Principal& viewer, Params& params);

// Succeeds when `viewer` may read incident `incident_id`; kNotFound otherwise (missing or
// outside her scope alike). For the stores of an incident's parts, before they read them.
Status RequireVisibleIncident(Tx& tx, int64_t incident_id, const core::Principal& viewer);

struct IncidentQuery {
  // nullopt: every status; else only these.
  std::optional<std::vector<core::IncidentStatus>> statuses;
  std::optional<int64_t> organisation_id;
  int64_t before_id = 0;  // keyset cursor, newest first
  int limit = 50;
};

class IncidentStore {
 public:
  explicit IncidentStore(Tx& tx) : tx_(tx) {}

  // Inserts a new incident (status reported, version 1) and returns its id.
  Result<int64_t> Insert(const IncidentRecord& r, int64_t now);

  // The incident as `viewer` may see it; kNotFound outside her scope or when missing.
  Result<IncidentRecord> Find(int64_t id, const core::Principal& viewer);

  // The incidents `viewer` may see, newest first.
  Result<std::vector<IncidentRecord>> List(const core::Principal& viewer, const IncidentQuery& q);

  // Writes every mutable column of `r` and bumps the version, if it is still
  // `expected_version` (kPreconditionFailed otherwise).
  Status Update(const IncidentRecord& r, int expected_version, int64_t now);

  // The RSIT taxonomy as loaded from the reference data (empty before the first load).
  Result<core::RsitTaxonomy> Taxonomy();

  // Replaces the taxonomy as a whole (the reference data loader); returns the types written.
  Result<int> ReplaceTaxonomy(const core::RsitTaxonomy& taxonomy);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
