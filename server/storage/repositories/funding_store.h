// FundingStore: the SQL of an incident's requests for restart funding or emergency
// infrastructure and the war room's decisions on them (C2). Every query reaches a request
// only through an incident the caller may read (IncidentVisibleSql), so that another
// organisation's request is indistinguishable from a missing one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/core/incident/services.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct FundingRecord {
  int64_t id = 0;
  int64_t incident_id = 0;
  core::FundingKind kind = core::FundingKind::kRestartFunding;
  int64_t amount_cents = 0;
  std::string purpose;
  int64_t requested_at = 0;
  std::optional<int64_t> requested_by_user_id;
  std::string requested_by;
  core::FundingDecision decision = core::FundingDecision::kPending;
  std::optional<int64_t> granted_cents;
  std::optional<int64_t> decided_at;
  std::optional<int64_t> decided_by_user_id;
  std::optional<std::string> decided_by;
  std::optional<std::string> decision_note;
  int version = 1;
};

class FundingStore {
 public:
  explicit FundingStore(Tx& tx) : tx_(tx) {}

  // Stores a pending request on incident `incident_id`; returns its id. The caller has
  // checked that the incident is visible.
  Result<int64_t> Insert(int64_t incident_id, const core::FundingRequestDraft& draft,
                         const core::Principal& by, const std::string& by_name, int64_t now);

  // One request as `viewer` may see it; kNotFound outside her scope or when missing.
  Result<FundingRecord> Find(int64_t incident_id, int64_t funding_id,
                             const core::Principal& viewer);

  // The requests of the incident, oldest first; kNotFound when `viewer` may not read it.
  Result<std::vector<FundingRecord>> List(int64_t incident_id, const core::Principal& viewer);

  // Records a decision on a pending request at `expected_version` (kPreconditionFailed
  // otherwise; kConflict when it is no longer pending).
  Status Decide(int64_t funding_id, const core::FundingDecisionDraft& decision,
                int expected_version, const core::Principal& by, const std::string& by_name,
                int64_t now);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
