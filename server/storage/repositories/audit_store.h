// AuditStore: appends to and verifies the keyed, hash-chained audit log (core/audit
// rules). The key comes from the transaction (Database::SetAuditKey) or is given.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/audit/audit_chain.h"
#include "server/core/directory/access.h"
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

// The outcome of SealUnkeyedChain.
struct AuditKeying {
  bool sealed_now = false;   // false: the chain was sealed with this key already
  int64_t legacy_rows = 0;   // rows re-keyed
  core::AuditReport legacy;  // what the unkeyed chain looked like before re-keying
};

class AuditStore {
 public:
  // Uses the transaction's audit key (Tx::audit_key); without one, Append, Verify and
  // SealUnkeyedChain fail with kInternal.
  explicit AuditStore(Tx& tx) : tx_(tx), key_(tx.audit_key()) {}
  AuditStore(Tx& tx, const core::AuditKey& key) : tx_(tx), key_(&key) {}

  // Appends `record` to the chain inside the caller's transaction, so the entry exists
  // exactly when the change it describes commits. Appenders are serialised by the row
  // lock on audit_head.
  Result<core::AuditEntry> Append(const AuditRecord& record, int64_t now_ms);

  // Newest first, `limit` entries with seq below `before_seq` (0: from the newest),
  // of the organisations in `scope` (entries of no organisation only with kAll).
  Result<std::vector<core::AuditEntry>> List(const core::DirectoryScope& scope, int64_t before_seq,
                                             int limit);

  // Walks the whole chain in seq order and checks every MAC under the key, the head
  // anchor, the key id the head names and, when given, that the chain still contains
  // the operator's `anchor` (an earlier head kept elsewhere).
  Result<core::AuditReport> Verify(const std::optional<core::AuditAnchor>& anchor = {});

  // The head: the newest entry's seq and MAC (0 and the genesis for an empty log).
  Result<core::AuditAnchor> Head();

  // Re-keys a chain written before the audit key existed, once, when the key file is
  // created: checks it as the unkeyed chain it was (the findings are returned), rewrites
  // every row's prev_hash and hash as MACs under the key and names the key in the head;
  // when rows existed, appends an "audit.keyed" entry recording how many and what the
  // unkeyed check found, so that tampering before keying stays on record. Does nothing
  // when the head names this key already (a re-run after a crash). Fails with
  // kConflict when the head names another key: the chain was sealed elsewhere and its
  // key file is missing here.
  Result<AuditKeying> SealUnkeyedChain(int64_t now_ms);

 private:
  Result<const core::AuditKey*> Key() const;

  Tx& tx_;
  const core::AuditKey* key_;
};

}  // namespace warroom::storage
