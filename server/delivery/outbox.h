// The persistent outbox, for every channel (e-mail now, webhooks next). A change that causes
// a message writes it in the change's own transaction (e.g. email::EnqueueEmail), so the
// message exists if and only if the change commits. OutboxDispatcher delivers the messages
// at least once: it claims a due message with a lease, hands it to the ports::Channel
// registered under the message's channel name, and records the outcome; a transient
// failure schedules a retry with exponential backoff, a permanent one (or too many
// attempts, or a channel nobody registered) marks it failed. A dispatcher that dies
// mid-send leaves its claim to expire, after which any dispatcher claims the message again.
// The SQL lives in storage/repositories/outbox_store.h.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "libs/base/result.h"
#include "libs/base/thread_annotations.h"
#include "server/ports/channel.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"

namespace warroom::delivery {

using ports::TimePoint;

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

// A draw in [0, 1) for BackoffDelay's jitter (splitmix64 over `state`): cheap and good
// enough to spread the retries of many workers apart.
double NextJitterUnit(uint64_t& state);

struct DispatcherOptions {
  RetryPolicy retry;
  // How long a claim lasts; must exceed every channel's total timeout.
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
  int failed = 0;   // permanent failure, attempts exhausted or unknown channel
};

class OutboxDispatcher {
 public:
  // `db` and `clock` must outlive the dispatcher.
  OutboxDispatcher(ports::Database& db, const ports::Clock& clock, DispatcherOptions options);
  // Stops the background thread if it runs.
  ~OutboxDispatcher();

  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // Delivers the messages of channel `name` through `channel`, which must outlive the
  // dispatcher. Register every channel before Start() or the first RunOnce(): a message
  // of a channel that is not registered is marked failed.
  void RegisterChannel(std::string name, ports::Channel& channel);
  // Leaves the messages of channel `name` in the outbox, unclaimed, until a dispatcher
  // that delivers them runs (e-mail while no SMTP relay is configured, so that other
  // channels go out meanwhile). Call before Start() or the first RunOnce().
  void HoldChannel(std::string name);

  // Starts the background thread. Calling it twice has no effect.
  void Start() WR_EXCLUDES(mu_);
  // Lets the current send finish, then stops the background thread and waits for it.
  void Stop() WR_EXCLUDES(mu_);
  // Wakes the background thread now (call after committing an enqueue).
  void Notify() WR_EXCLUDES(mu_);

  // Claims and processes every message due now, one after another, on the calling thread;
  // returns what happened. Fails only when the database fails (messages already processed
  // stay processed). Stops early once Stop() has been called.
  Result<DispatchStats> RunOnce() WR_EXCLUDES(mu_);

  // Deletes sent messages whose sent_at is before `older_than`; returns how many.
  Result<int64_t> PurgeSent(TimePoint older_than);

 private:
  Result<std::optional<ports::OutboxMessage>> ClaimNext();
  Status Deliver(const ports::OutboxMessage& message, DispatchStats& stats);
  void Loop() WR_EXCLUDES(mu_);
  double JitterUnit() WR_EXCLUDES(mu_);
  bool Stopping() WR_EXCLUDES(mu_);

  ports::Database& db_;
  const ports::Clock& clock_;
  const DispatcherOptions options_;
  std::map<std::string, ports::Channel*, std::less<>> channels_;  // fixed before Start
  std::vector<std::string> held_;                                 // fixed before Start

  Mutex mu_;
  std::condition_variable_any wake_;
  bool notified_ WR_GUARDED_BY(mu_) = false;
  bool stop_ WR_GUARDED_BY(mu_) = false;
  uint64_t rng_state_ WR_GUARDED_BY(mu_);
  std::thread thread_;  // touched only by Start/Stop, which the owner calls from one thread
};

}  // namespace warroom::delivery
