#include "server/storage/repositories/audit_store.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "libs/base/rfc3339.h"
#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {
namespace {

constexpr const char* kColumns =
    "seq, at, actor_user_id, actor_label, action, object_type, object_id, organisation_id, "
    "before_json, after_json, prev_hash, hash";

core::AuditEntry FromRow(const Row& r) {
  core::AuditEntry e;
  e.seq = r.Int(0);
  e.at = FormatRfc3339(r.Int(1));
  e.actor_user_id = r.Int(2);
  e.actor_label = r.Text(3);
  e.action = r.Text(4);
  e.object_type = r.Text(5);
  e.object_id = r.Text(6);
  e.organisation_id = r.Int(7);
  e.before_json = r.Text(8);
  e.after_json = r.Text(9);
  e.prev_hash = r.Text(10);
  e.hash = r.Text(11);
  return e;
}

Value NullIfZero(int64_t v) { return v == 0 ? Value(nullptr) : Value(v); }
Value NullIfEmpty(const std::string& s) { return s.empty() ? Value(nullptr) : Value(s); }

constexpr int64_t kPage = 5000;

}  // namespace

Result<const core::AuditKey*> AuditStore::Key() const {
  if (key_ == nullptr) {
    return Error::Internal("no audit key: the database was opened without its audit key");
  }
  return key_;
}

Result<core::AuditEntry> AuditStore::Append(const AuditRecord& record, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(const core::AuditKey* key, Key());
  WR_ASSIGN_OR_RETURN(
      Row head,
      tx_.QueryOne("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash", {}));
  core::AuditEntry e;
  e.seq = head.Int(0);
  // Millisecond precision is what the table stores; hash what can be re-read.
  e.at = FormatRfc3339(now_ms);
  e.actor_user_id = record.actor_user_id;
  e.actor_label = record.actor_label;
  e.action = record.action;
  e.object_type = record.object_type;
  e.object_id = record.object_id;
  e.organisation_id = record.organisation_id;
  e.before_json = record.before_json;
  e.after_json = record.after_json;
  e = core::SealAuditEntry(*key, std::move(e), head.Text(1));
  WR_RETURN_IF_ERROR(tx_.Exec(
      "INSERT INTO audit_log (seq, at, actor_user_id, actor_label, action, object_type, "
      "object_id, organisation_id, before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {e.seq, now_ms, NullIfZero(e.actor_user_id), e.actor_label, e.action, e.object_type,
       NullIfEmpty(e.object_id), NullIfZero(e.organisation_id), NullIfEmpty(e.before_json),
       NullIfEmpty(e.after_json), e.prev_hash, e.hash}));
  WR_RETURN_IF_ERROR(tx_.Exec("UPDATE audit_head SET hash = $1 WHERE id = 1", {e.hash}));
  return e;
}

Result<std::vector<core::AuditEntry>> AuditStore::List(const core::DirectoryScope& scope,
                                                       int64_t before_seq, int limit) {
  // Both parameters are always bound (seq < max when there is no cursor), which keeps
  // one statement text for the cache.
  Params params{int64_t{limit}, before_seq > 0 ? before_seq : INT64_MAX};
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq < $2 AND " +
                    ScopeSql(scope, "organisation_id", params);
  sql += " ORDER BY seq DESC LIMIT $1";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  std::vector<core::AuditEntry> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<core::AuditReport> AuditStore::Verify(const std::optional<core::AuditAnchor>& anchor) {
  WR_ASSIGN_OR_RETURN(const core::AuditKey* key, Key());
  core::ChainVerifier verifier(*key);
  if (anchor) verifier.RequireEntry(*anchor);
  // Page through the chain so that memory stays bounded for millions of rows.
  int64_t after = 0;
  for (;;) {
    WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(std::string("SELECT ") + kColumns +
                                                 " FROM audit_log WHERE seq > $1 ORDER BY seq "
                                                 "LIMIT $2",
                                             {after, kPage}));
    for (const Row& r : rows) {
      core::AuditEntry e = FromRow(r);
      after = e.seq;
      verifier.Add(e);
    }
    if (static_cast<int64_t>(rows.size()) < kPage) break;
  }
  WR_ASSIGN_OR_RETURN(Row head,
                      tx_.QueryOne("SELECT seq, hash, key_id FROM audit_head WHERE id = 1", {}));
  verifier.CheckAnchor(head.Int(0), head.Text(1));
  verifier.CheckKeyId(head.Text(2));
  verifier.CheckRequiredEntry();
  return verifier.Report();
}

Result<core::AuditAnchor> AuditStore::Head() {
  WR_ASSIGN_OR_RETURN(Row head, tx_.QueryOne("SELECT seq, hash FROM audit_head WHERE id = 1", {}));
  return core::AuditAnchor{head.Int(0), head.Text(1)};
}

Result<AuditKeying> AuditStore::SealUnkeyedChain(int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(const core::AuditKey* key, Key());
  // Locks the head first, as Append does, so no append runs in between.
  WR_ASSIGN_OR_RETURN(
      Row head,
      tx_.QueryOne("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash, key_id", {}));
  AuditKeying keying;
  if (!head.IsNull(2)) {
    if (head.Text(2) == key->Id()) return keying;
    return Error::Conflict("the audit chain is sealed with key " + head.Text(2) +
                           ", and this data folder holds no audit.key: copy the audit.key of "
                           "the deployment that sealed it");
  }
  core::ChainVerifier legacy = core::ChainVerifier::Unkeyed(/*max_problems=*/20);
  std::string prev(core::kAuditGenesisHash);
  int64_t after = 0;
  for (;;) {
    WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(std::string("SELECT ") + kColumns +
                                                 " FROM audit_log WHERE seq > $1 ORDER BY seq "
                                                 "LIMIT $2",
                                             {after, kPage}));
    for (const Row& r : rows) {
      core::AuditEntry e = FromRow(r);
      after = e.seq;
      legacy.Add(e);
      e = core::SealAuditEntry(*key, std::move(e), prev);
      prev = e.hash;
      WR_RETURN_IF_ERROR(tx_.Exec("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3",
                                  {e.prev_hash, e.hash, e.seq}));
      ++keying.legacy_rows;
    }
    if (static_cast<int64_t>(rows.size()) < kPage) break;
  }
  legacy.CheckAnchor(head.Int(0), head.Text(1));
  keying.legacy = legacy.Report();
  keying.sealed_now = true;
  WR_RETURN_IF_ERROR(
      tx_.Exec("UPDATE audit_head SET hash = $1, key_id = $2 WHERE id = 1", {prev, key->Id()}));
  if (keying.legacy_rows > 0) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : keying.legacy.problems) {
      problems.push_back({{"kind", core::AuditProblemKindName(p.kind)}, {"detail", p.detail}});
    }
    AuditRecord rec;
    rec.actor_label = "system:audit-key";
    rec.action = "audit.keyed";
    rec.object_type = "audit_log";
    rec.after_json = nlohmann::json{{"key_id", key->Id()},
                                    {"rows", keying.legacy_rows},
                                    {"problems_before_keying", problems},
                                    {"more_problems", keying.legacy.problems_dropped}}
                         .dump();
    WR_RETURN_IF_ERROR(StatusOf(Append(rec, now_ms)));
  }
  return keying;
}

}  // namespace warroom::storage
