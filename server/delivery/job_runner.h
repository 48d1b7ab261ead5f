// JobRunner: runs durable jobs (storage/repositories/job_store.h) — timers and retried
// work such as an escalation after N minutes, a legal clock or a reminder. A capability
// registers a handler per job kind and schedules jobs with JobStore::Schedule in its own
// transactions; the runner's background thread claims due jobs with a lease and runs each
// one's handler.
//
// A handler runs inside a write transaction together with the job's completion: its
// database effects (including messages it enqueues in the outbox) commit if and only if
// the job is marked done, exactly once. A handler that fails is rolled back and retried
// with backoff until the job's max_attempts, then the job is failed; a job of a kind no
// handler is registered for is failed at once. A runner that dies mid-job leaves its lease
// to expire, after which any runner claims the job again.
//
// It lives beside the outbox dispatcher because it is the same machinery for other work:
// a lease-claimed queue, backoff, a background thread woken by Notify().
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "libs/base/result.h"
#include "libs/base/thread_annotations.h"
#include "server/delivery/outbox.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/storage/repositories/job_store.h"

namespace warroom::delivery {

// Runs one job inside `tx`. Must not call Database::Write or Read (it is inside one), must
// not have effects outside the transaction (on PostgreSQL it may run again after a
// serialization failure; put outside effects in the outbox), and returns an error to
// have the job retried.
using JobHandler = std::function<Status(ports::Tx& tx, const storage::JobRecord& job)>;

struct JobRunnerOptions {
  // Backoff between a job's attempts; max_attempts is the job's own (jobs.max_attempts).
  RetryPolicy retry;
  // How long a claim lasts; must exceed every handler's run time.
  std::chrono::milliseconds lease{5 * 60'000};
  // How often the background thread looks for due jobs without a Notify().
  std::chrono::milliseconds poll_interval{5'000};
  // Jobs claimed at once.
  int batch = 16;
  // Names this runner in jobs.claimed_by (host and process, say).
  std::string worker = "warroomd";
};

struct JobStats {
  int done = 0;
  int retried = 0;  // the handler failed; scheduled again
  int failed = 0;   // attempts exhausted or unknown kind
};

class JobRunner {
 public:
  // `db` and `clock` must outlive the runner.
  JobRunner(ports::Database& db, const ports::Clock& clock, JobRunnerOptions options);
  // Stops the background thread if it runs.
  ~JobRunner();

  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Runs the jobs of `kind` with `handler`. Register every kind before Start() or the
  // first RunOnce().
  void Register(std::string kind, JobHandler handler);

  // Starts the background thread. Calling it twice has no effect.
  void Start() WR_EXCLUDES(mu_);
  // Lets the current job finish, then stops the background thread and waits for it.
  void Stop() WR_EXCLUDES(mu_);
  // Wakes the background thread now (call after committing a Schedule due soon).
  void Notify() WR_EXCLUDES(mu_);

  // Claims and runs every job due now on the calling thread; returns what happened.
  // Fails only when the database fails (jobs already run stay run). Stops early once
  // Stop() has been called.
  Result<JobStats> RunOnce() WR_EXCLUDES(mu_);

 private:
  Status Run(const storage::JobRecord& job, JobStats& stats);
  void Loop() WR_EXCLUDES(mu_);
  double JitterUnit() WR_EXCLUDES(mu_);
  bool Stopping() WR_EXCLUDES(mu_);

  ports::Database& db_;
  const ports::Clock& clock_;
  const JobRunnerOptions options_;
  std::map<std::string, JobHandler, std::less<>> handlers_;  // fixed before Start

  Mutex mu_;
  std::condition_variable_any wake_;
  bool notified_ WR_GUARDED_BY(mu_) = false;
  bool stop_ WR_GUARDED_BY(mu_) = false;
  uint64_t rng_state_ WR_GUARDED_BY(mu_);
  std::thread thread_;  // touched only by Start/Stop, which the owner calls from one thread
};

}  // namespace warroom::delivery
