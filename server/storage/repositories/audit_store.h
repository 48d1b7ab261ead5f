// AuditStore: appends to and verifies the hash-chained audit log (core/audit rules).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/audit/audit_chain.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct AuditRecord {
  int64_t actor_user_id = 0;  // 0 for the system or the CLI
  std::string actor_label;
  std::string action;  // "organisation.update", "user.invite", ...
  std::string object_type;
  std::string object_id;
  int64_t organisation_id = 0;  // the tenant the object belongs to; 0 for none
  std::string before_json;      // "" when created
  std::string after_json;       // "" when deleted
};

class AuditStore {
 public:
  explicit AuditStore(Tx& tx) : tx_(tx) {}

  // Appends `record` to the chain inside the caller's transaction, so the entry exists
  // exactly when the change it describes commits. Appenders are serialised by the row
  // lock on audit_head.
  Result<core::AuditEntry> Append(const AuditRecord& record, int64_t now_ms);

  // Newest first, `limit` entries with seq below `before_seq` (0: from the newest).
  Result<std::vector<core::AuditEntry>> List(int64_t before_seq, int limit);

  // Walks the whole chain in seq order and checks it against the head anchor.
  Result<core::AuditReport> Verify();

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
