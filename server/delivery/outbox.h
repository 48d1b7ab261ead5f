// The persistent e-mail outbox. A change that causes a message writes it with EnqueueEmail
// in the change's own transaction, so the message exists if and only if the change commits.
// OutboxDispatcher delivers the messages at least once: it claims a due message with a lease,
// sends it, and marks it sent; a transient failure schedules a retry with exponential
// backoff, a permanent one (or too many attempts) marks it failed. A dispatcher that dies
// mid-send leaves its claim to expire, after which any dispatcher claims the message again.
//
// Row states (outbox.status): pending -> sending -> sent | pending (retry) | failed.
// While 'sending', next_attempt_at holds the lease expiry.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

#include "libs/base/result.h"
#include "server/delivery/thread_annotations.h"
#include "server/ports/clock.h"
#include "server/ports/mail_transport.h"
#include "server/storage/database.h"

namespace warroom::delivery::email {

using ports::TimePoint;

struct OutboxEmail {
  std::string to;  // a bare address
  std::string subject;
  std::string body_text;
  std::optional<std::string> body_html;
};

// Inserts `email` into the outbox inside `tx`, due at `now`. Call Notify() on the dispatcher
// after the transaction commits. Fails with kInvalidArgument on a malformed address or a
// line break in the subject (so a bad message never enters the queue), or with the error
// of the insert.
Status EnqueueEmail(storage::Tx& tx, const OutboxEmail& email, TimePoint now);

struct RetryPolicy {
  std::chrono::milliseconds initial_delay{30'000};   // after the first failed attempt
  std::chrono::milliseconds max_delay{15 * 60'000};  // cap of the doubling delay
  int max_attempts = 30;  // then 'failed'; about 7 hours with the defaults
  double jitter = 0.2;    // up to this fraction of the delay is added at random
};

// Returns the delay before the next attempt after `attempts` failed attempts (1 = first):
// initial_delay * 2^(attempts-1), capped at max_delay, plus jitter * delay * `unit`, where
// `unit` in [0, 1) is the random draw (0 gives the plain schedule).
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int attempts, double unit);

struct DispatcherOptions {
  std::string from;  // sender address of every message
  RetryPolicy retry;
  // How long a claim lasts; must exceed the transport's total timeout.
  std::chrono::milliseconds lease{5 * 60'000};
  // How often the background thread looks for due messages without a Notify().
  std::chrono::milliseconds poll_interval{5'000};
  // Sent messages older than this are deleted by the background thread (they may hold
  // personal data); zero keeps them.
  std::chrono::milliseconds sent_retention{std::chrono::hours(24 * 30)};
};

struct DispatchStats {
  int sent = 0;
  int retried = 0;  // transient failure, scheduled again
  int failed = 0;   // permanent failure or attempts exhausted
};

class OutboxDispatcher {
 public:
  // `db`, `transport` and `clock` must outlive the dispatcher.
  OutboxDispatcher(storage::Database& db, ports::MailTransport& transport,
                   const ports::Clock& clock, DispatcherOptions options);
  // Stops the background thread if it runs.
  ~OutboxDispatcher();

  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // Starts the background thread. Calling it twice has no effect.
  void Start() WR_EXCLUDES(mu_);
  // Lets the current send finish, then stops the background thread and waits for it.
  void Stop() WR_EXCLUDES(mu_);
  // Wakes the background thread now (call after committing an EnqueueEmail).
  void Notify() WR_EXCLUDES(mu_);

  // Claims and processes every message due now, one after another, on the calling thread;
  // returns what happened. Fails only when the database fails (messages already processed
  // stay processed). Stops early once Stop() has been called.
  Result<DispatchStats> RunOnce() WR_EXCLUDES(mu_);

  // Deletes sent messages whose sent_at is before `older_than`; returns how many.
  Result<int64_t> PurgeSent(TimePoint older_than);

 private:
  struct Claimed;
  Result<std::optional<Claimed>> ClaimNext();
  Status Deliver(const Claimed& message, DispatchStats& stats);
  void Loop() WR_EXCLUDES(mu_);
  double JitterUnit() WR_EXCLUDES(mu_);
  bool Stopping() WR_EXCLUDES(mu_);

  storage::Database& db_;
  ports::MailTransport& transport_;
  const ports::Clock& clock_;
  const DispatcherOptions options_;

  Mutex mu_;
  std::condition_variable_any wake_;
  bool notified_ WR_GUARDED_BY(mu_) = false;
  bool stop_ WR_GUARDED_BY(mu_) = false;
  uint64_t rng_state_ WR_GUARDED_BY(mu_);
  std::thread thread_;  // touched only by Start/Stop, which the owner calls from one thread
};

}  // namespace warroom::delivery::email
