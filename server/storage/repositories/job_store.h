// JobStore: the SQL of durable jobs — timers and retried work (escalation after N minutes,
// legal clocks, reminders). A job is a kind, a JSON payload and a due time; the runner
// (server/delivery/job_runner.h) claims due jobs with a lease and records each outcome.
// Every outcome is fenced on (status 'running', attempts): when a claim's lease ran out and
// another runner claimed the job meanwhile, the later claim's outcome wins.
//
// Row states (jobs.status): pending -> running -> done | pending (retry) | failed.
// Attempts are counted when a job is claimed, so a job that kills its runner is not
// retried forever.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct NewJob {
  std::string kind;
  std::string payload = "{}";  // a JSON value
  int64_t due_at = 0;          // ms since the epoch
  int max_attempts = 10;       // claims before the job is failed for good
  // When set, at most one job has this key: scheduling it again does nothing (a timer
  // is scheduled once, whoever asks for it).
  std::optional<std::string> unique_key;
};

struct JobRecord {
  int64_t id = 0;
  std::string kind;
  std::string payload;
  int64_t due_at = 0;
  std::string status;  // pending | running | done | failed
  int64_t attempts = 0;
  int64_t max_attempts = 0;
  std::optional<std::string> claimed_by;
  std::optional<int64_t> lease_until;
  std::optional<std::string> last_error;
  int64_t created_at = 0;
  std::optional<int64_t> finished_at;
  std::optional<std::string> unique_key;
};

class JobStore {
 public:
  // `engine` is that of the database `tx` belongs to (the claim differs per engine).
  JobStore(Tx& tx, Engine engine) : tx_(tx), engine_(engine) {}

  // Schedules `job` (pending) and returns its id; with a unique_key that a job already has,
  // changes nothing and returns that job's id. Fails with kInvalidArgument on an empty
  // kind, a payload that is not JSON or max_attempts < 1.
  Result<int64_t> Schedule(const NewJob& job, int64_t now_ms);

  // Deletes the pending or running job with `unique_key`, so it will not run (again) and
  // the key can be scheduled anew; returns whether there was one. A running handler's
  // outcome is then dropped by the fence.
  Result<bool> Cancel(const std::string& unique_key);

  // Claims up to `limit` jobs due at `now_ms` — pending with due_at <= now, or running
  // with an expired lease — for `worker` until `lease_until_ms`, counting an attempt for
  // each; returns them in due order. On PostgreSQL concurrent claimers skip each other's
  // rows (FOR UPDATE SKIP LOCKED); SQLite has one writer.
  Result<std::vector<JobRecord>> ClaimDue(int64_t now_ms, int64_t lease_until_ms,
                                          const std::string& worker, int limit);

  // Outcomes of a claim (id, attempts as claimed); each returns whether the claim held.
  Result<bool> Complete(int64_t id, int64_t attempts, int64_t now_ms);
  Result<bool> Retry(int64_t id, int64_t attempts, int64_t next_due_ms, const std::string& error);
  Result<bool> Fail(int64_t id, int64_t attempts, const std::string& error, int64_t now_ms);

  // Returns the job, or kNotFound.
  Result<JobRecord> Find(int64_t id);
  Result<std::optional<JobRecord>> FindByKey(const std::string& unique_key);

 private:
  Tx& tx_;
  Engine engine_;
};

}  // namespace warroom::storage
