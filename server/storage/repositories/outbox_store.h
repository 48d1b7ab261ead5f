// OutboxStore: the SQL of the persistent outbox, for every channel. A change that causes a
// message enqueues it in its own transaction; the dispatcher (server/delivery/outbox.h)
// claims due messages with a lease and records each outcome. Every outcome is fenced on
// (status 'sending', attempts): when a claim's lease ran out and another dispatcher
// claimed the message meanwhile, the later claim's outcome wins.
//
// Row states (outbox.status): pending -> sending -> sent | pending (retry) | failed.
// While 'sending', next_attempt_at holds the lease expiry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/ports/channel.h"
#include "server/storage/database.h"

namespace warroom::storage {

class OutboxStore {
 public:
  explicit OutboxStore(Tx& tx) : tx_(tx) {}

  // Inserts `message` (its channel, recipient, subject, bodies and headers; id, attempts
  // and created_at are ignored) as pending, due at `now_ms`; returns its id.
  Result<int64_t> Enqueue(const ports::OutboxMessage& message, int64_t now_ms);
  // Inserts `messages` as Enqueue does, in few statements (see bulk_insert.h), and returns
  // their ids in the order of `messages`. Fails with kInternal, and stores nothing once the
  // caller's transaction rolls back, if the engine did not number the rows in order.
  Result<std::vector<int64_t>> EnqueueMany(std::vector<ports::OutboxMessage> messages,
                                           int64_t now_ms);
  // Replaces the body of pending message `id` (a body that names the message's own id,
  // such as a webhook envelope, is written after the insert); returns whether it was
  // pending.
  Result<bool> ReplaceBody(int64_t id, const std::string& body_text);

  // Claims the message due first at `now_ms` (pending and due, or 'sending' with an
  // expired lease) of any channel: marks it 'sending' until `lease_until_ms` and counts
  // the attempt. Returns nothing when none is due or a concurrent claimer took the row
  // (PostgreSQL; call AnyDue to tell the two apart). Messages of a channel in `held`
  // are left alone (they wait, e.g. e-mail while no SMTP relay is configured).
  Result<std::optional<ports::OutboxMessage>> ClaimNext(int64_t now_ms, int64_t lease_until_ms,
                                                        const std::vector<std::string>& held = {});

  // Returns whether a message of a channel not in `held` is due at `now_ms`.
  Result<bool> AnyDue(int64_t now_ms, const std::vector<std::string>& held = {});

  // Marks the claimed message sent at `now_ms` and drops its body (it may hold a one-time
  // link, and nothing reads it again); the delivery record stays. Returns whether the
  // claim still held.
  Result<bool> MarkSent(int64_t id, int64_t attempts, int64_t now_ms);
  // Makes the claimed message pending again, due at `next_attempt_ms`, with `error`.
  Result<bool> Reschedule(int64_t id, int64_t attempts, int64_t next_attempt_ms,
                          const std::string& error);
  // Marks the claimed message failed for good with `error`.
  Result<bool> MarkFailed(int64_t id, int64_t attempts, const std::string& error);

  // Deletes sent messages whose sent_at is before `older_than_ms`; returns how many.
  Result<int64_t> PurgeSent(int64_t older_than_ms);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
