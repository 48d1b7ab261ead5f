#include "server/service/audited_write.h"

#include <utility>

#include "server/storage/repositories/audit_store.h"

namespace warroom::service {

Actor ActorOf(const core::Principal& p) { return {p.user_id, p.label}; }

Status Audit(ports::Tx& tx, const Actor& actor, std::string action, const AuditTarget& target,
             std::string before, std::string after, int64_t now_ms) {
  const storage::AuditRecord rec{actor.user_id,
                                 actor.label,
                                 std::move(action),
                                 target.type,
                                 !target.key.empty() ? target.key
                                 : target.id != 0    ? std::to_string(target.id)
                                                     : std::string(),
                                 target.organisation_id,
                                 std::move(before),
                                 std::move(after)};
  return StatusOf(storage::AuditStore(tx).Append(rec, now_ms));
}

}  // namespace warroom::service
