#include "server/storage/repositories/funding_store.h"

#include <utility>

#include "server/storage/repositories/incident_store.h"
#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {
namespace {

constexpr std::string_view kColumns =
    "f.id, f.incident_id, f.kind, f.amount_cents, f.purpose, f.requested_at, "
    "f.requested_by_user_id, f.requested_by, f.decision, f.granted_cents, f.decided_at, "
    "f.decided_by_user_id, f.decided_by, f.decision_note, f.version";

FundingRecord ToFunding(Row& r) {
  FundingRecord x;
  x.id = r.Int(0);
  x.incident_id = r.Int(1);
  x.kind = core::ParseFundingKind(r.Text(2)).value_or(core::FundingKind::kRestartFunding);
  x.amount_cents = r.Int(3);
  x.purpose = r.TakeText(4);
  x.requested_at = r.Int(5);
  x.requested_by_user_id = r.OptInt(6);
  x.requested_by = r.TakeText(7);
  x.decision = core::ParseFundingDecision(r.Text(8)).value_or(core::FundingDecision::kPending);
  x.granted_cents = r.OptInt(9);
  x.decided_at = r.OptInt(10);
  x.decided_by_user_id = r.OptInt(11);
  x.decided_by = r.TakeOptText(12);
  x.decision_note = r.TakeOptText(13);
  x.version = static_cast<int>(r.Int(14));
  return x;
}

// The requests of incident $1 that `viewer` may see, through the incident's scope.
std::string VisibleSql(const core::Principal& viewer, Params& params) {
  return " FROM incident_funding_requests f JOIN incidents i ON i.id = f.incident_id WHERE "
         "f.incident_id = $1 AND " +
         IncidentVisibleSql(viewer, params);
}

}  // namespace

Result<int64_t> FundingStore::Insert(int64_t incident_id, const core::FundingRequestDraft& draft,
                                     const core::Principal& by, const std::string& by_name,
                                     int64_t now) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne(
          "INSERT INTO incident_funding_requests (incident_id, kind, amount_cents, "
          "purpose, requested_at, requested_by_user_id, requested_by, decision, "
          "version) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 1) RETURNING id",
          {incident_id, std::string(core::Name(draft.kind)), draft.amount_cents, draft.purpose, now,
           by.user_id > 0 ? Value(by.user_id) : Value(nullptr), by_name}));
  return row.Int(0);
}

Result<FundingRecord> FundingStore::Find(int64_t incident_id, int64_t funding_id,
                                         const core::Principal& viewer) {
  Params params{incident_id};
  std::string sql = "SELECT " + std::string(kColumns) + VisibleSql(viewer, params);
  sql += " AND f.id = " + Bind(params, funding_id);
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(sql, params));
  if (!row) return Error::NotFound("no funding request " + std::to_string(funding_id));
  return ToFunding(*row);
}

Result<std::vector<FundingRecord>> FundingStore::List(int64_t incident_id,
                                                      const core::Principal& viewer) {
  WR_RETURN_IF_ERROR(RequireVisibleIncident(tx_, incident_id, viewer));
  Params params{incident_id};
  const std::string sql =
      "SELECT " + std::string(kColumns) + VisibleSql(viewer, params) + " ORDER BY f.id";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  std::vector<FundingRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(ToFunding(r));
  return out;
}

Status FundingStore::Decide(int64_t funding_id, const core::FundingDecisionDraft& decision,
                            int expected_version, const core::Principal& by,
                            const std::string& by_name, int64_t now) {
  WR_ASSIGN_OR_RETURN(
      int64_t n,
      tx_.Exec("UPDATE incident_funding_requests SET decision = $1, granted_cents = $2, "
               "decided_at = $3, decided_by_user_id = $4, decided_by = $5, decision_note = $6, "
               "version = version + 1 WHERE id = $7 AND version = $8 AND decision = 'pending'",
               {std::string(core::Name(decision.decision)),
                decision.granted_cents ? Value(*decision.granted_cents) : Value(nullptr), now,
                by.user_id > 0 ? Value(by.user_id) : Value(nullptr), by_name,
                decision.note ? Value(*decision.note) : Value(nullptr), funding_id,
                int64_t{expected_version}}));
  if (n > 0) return {};
  WR_ASSIGN_OR_RETURN(Row row, tx_.QueryOne("SELECT decision, version FROM "
                                            "incident_funding_requests WHERE id = $1",
                                            {funding_id}));
  if (row.Text(0) != "pending") {
    return Error(ErrorCode::kConflict, "the request was decided already");
  }
  return Error::PreconditionFailed("the request was changed by somebody else");
}

}  // namespace warroom::storage
