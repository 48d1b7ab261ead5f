#include "server/storage/repositories/verification_store.h"

#include <utility>

namespace warroom::storage {
namespace {

constexpr std::string_view kRoundColumns =
    "r.id, r.audience, r.created_by_user_id, r.created_by, r.expires_at, r.asked, "
    "r.is_exercise, r.is_demo, r.created_at, "
    "(SELECT COUNT(*) FROM verification_requests q WHERE q.round_id = r.id AND "
    "q.confirmed_at IS NOT NULL), "
    "(SELECT COUNT(*) FROM verification_requests q WHERE q.round_id = r.id AND "
    "q.corrected = 1) ";

VerificationRoundRecord RoundFromRow(Row& r) {
  VerificationRoundRecord v;
  v.id = r.Int(0);
  v.audience_json = r.TakeText(1);
  v.created_by_user_id = r.OptInt(2);
  v.created_by = r.TakeText(3);
  v.expires_at = r.Int(4);
  v.asked = r.Int(5);
  v.is_exercise = r.Int(6) != 0;
  v.is_demo = r.Int(7) != 0;
  v.created_at = r.Int(8);
  v.confirmed = r.Int(9);
  v.corrected = r.Int(10);
  return v;
}

constexpr std::string_view kRequestSelect =
    "SELECT q.id, q.round_id, q.person_id, p.full_name, q.organisation_id, o.name_nl, "
    "q.position, q.expires_at, q.confirmed_at, q.corrected, r.is_exercise "
    "FROM verification_requests q JOIN verification_rounds r ON r.id = q.round_id "
    "JOIN people p ON p.id = q.person_id JOIN organisations o ON o.id = q.organisation_id ";

VerificationRequestRecord RequestFromRow(Row& r) {
  VerificationRequestRecord v;
  v.id = r.Int(0);
  v.round_id = r.Int(1);
  v.person_id = r.Int(2);
  v.person_name = r.TakeText(3);
  v.organisation_id = r.Int(4);
  v.organisation_name = r.TakeText(5);
  v.position = static_cast<int>(r.Int(6));
  v.expires_at = r.Int(7);
  v.confirmed_at = r.OptInt(8);
  v.corrected = r.Int(9) != 0;
  v.is_exercise = r.Int(10) != 0;
  return v;
}

}  // namespace

Result<int64_t> VerificationStore::InsertRound(const VerificationRoundRecord& round) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne("INSERT INTO verification_rounds (audience, created_by_user_id, created_by, "
                   "expires_at, asked, is_exercise, is_demo, created_at) VALUES ($1, $2, $3, $4, "
                   "$5, $6, $7, $8) RETURNING id",
                   {round.audience_json,
                    round.created_by_user_id ? Value(*round.created_by_user_id) : Value(nullptr),
                    round.created_by, round.expires_at, round.asked, int64_t{round.is_exercise},
                    int64_t{round.is_demo}, round.created_at}));
  return row.Int(0);
}

Status VerificationStore::SetAsked(int64_t round_id, int64_t asked) {
  return StatusOf(
      tx_.Exec("UPDATE verification_rounds SET asked = $1 WHERE id = $2", {asked, round_id}));
}

Result<int64_t> VerificationStore::InsertRequest(int64_t round_id, int64_t person_id,
                                                 int64_t organisation_id, int position,
                                                 const std::string& token_hash, int64_t expires_at,
                                                 int64_t now) {
  WR_ASSIGN_OR_RETURN(
      Row row, tx_.QueryOne("INSERT INTO verification_requests (round_id, person_id, "
                            "organisation_id, position, token_hash, expires_at, created_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                            {round_id, person_id, organisation_id, int64_t{position}, token_hash,
                             expires_at, now}));
  return row.Int(0);
}

Result<std::vector<VerificationRoundRecord>> VerificationStore::ListRounds(int limit) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query("SELECT " + std::string(kRoundColumns) +
                                               "FROM verification_rounds r ORDER BY r.id DESC "
                                               "LIMIT $1",
                                           {int64_t{limit}}));
  std::vector<VerificationRoundRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(RoundFromRow(r));
  return out;
}

Result<std::optional<VerificationRoundRecord>> VerificationStore::FindRound(int64_t id) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional("SELECT " + std::string(kRoundColumns) +
                                                      "FROM verification_rounds r WHERE r.id = $1",
                                                  {id}));
  if (!row) return std::optional<VerificationRoundRecord>{};
  return std::optional<VerificationRoundRecord>(RoundFromRow(*row));
}

Result<std::vector<VerificationRequestRecord>> VerificationStore::Requests(int64_t round_id) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(std::string(kRequestSelect) +
                                               "WHERE q.round_id = $1 ORDER BY o.name_sort, "
                                               "q.organisation_id, q.position",
                                           {round_id}));
  std::vector<VerificationRequestRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(RequestFromRow(r));
  return out;
}

Result<std::optional<VerificationRequestRecord>> VerificationStore::FindByTokenHash(
    const std::string& token_hash) {
  WR_ASSIGN_OR_RETURN(
      auto row,
      tx_.QueryOptional(std::string(kRequestSelect) + "WHERE q.token_hash = $1", {token_hash}));
  if (!row) return std::optional<VerificationRequestRecord>{};
  return std::optional<VerificationRequestRecord>(RequestFromRow(*row));
}

Result<bool> VerificationStore::Confirm(int64_t request_id, bool corrected, int64_t now) {
  WR_ASSIGN_OR_RETURN(int64_t changed,
                      tx_.Exec("UPDATE verification_requests SET confirmed_at = $1, corrected = "
                               "$2 WHERE id = $3 AND confirmed_at IS NULL",
                               {now, int64_t{corrected}, request_id}));
  return changed > 0;
}

}  // namespace warroom::storage
