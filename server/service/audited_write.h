// The one way a change is recorded in the audit log. Every write path of the service
// layer (the directory's API and CSV import, the demo seed and its removal, accounts,
// sign-in and its security events, API tokens) appends its entry through Audit, inside the
// transaction of the change: when the append fails the caller returns the error from the
// transaction's function, so the change rolls back with it and nothing is stored unaudited.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "libs/base/result.h"
#include "server/core/directory/access.h"
#include "server/ports/database.h"

namespace warroom::service {

// Label and id of the caller for the audit log (user id 0 for the system or the CLI).
struct Actor {
  int64_t user_id = 0;
  std::string label;
};
Actor ActorOf(const core::Principal& p);

// What an entry is about: the object's type ("organisation", "person", ...), its id, and
// the tenant it belongs to (0 for none). An object named by text rather than a number (a
// session's handle) sets `key` instead of `id`; with neither the entry names no object.
struct AuditTarget {
  AuditTarget(std::string type, int64_t id, int64_t organisation_id)
      : type(std::move(type)), id(id), organisation_id(organisation_id) {}
  AuditTarget(std::string type, std::string key, int64_t organisation_id)
      : type(std::move(type)), organisation_id(organisation_id), key(std::move(key)) {}

  std::string type;
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string key;
};

// Appends the entry of `action` on `target` by `actor` at `now_ms`, with the object's
// JSON before ("" when created) and after ("" when deleted). Fails (kInternal without
// an audit key, or the store's error) without appending; the caller must then fail its
// transaction.
Status Audit(ports::Tx& tx, const Actor& actor, std::string action, const AuditTarget& target,
             std::string before, std::string after, int64_t now_ms);

}  // namespace warroom::service
