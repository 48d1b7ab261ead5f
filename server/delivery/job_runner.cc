#include "server/delivery/job_runner.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <random>
#include <utility>
#include <vector>

namespace warroom::delivery {
namespace {

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string ErrorText(const Error& error) {
  std::string text = std::string(ErrorCodeName(error.code)) + ": " + error.message;
  if (text.size() > 500) text.resize(500);
  return text;
}

std::string JsonText(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Rounds of claims in one RunOnce, so that a handler that schedules due work for itself
// cannot keep the runner from Stop() or from its poll forever.
constexpr int kMaxRounds = 64;

}  // namespace

JobRunner::JobRunner(ports::Database& db, const ports::Clock& clock, JobRunnerOptions options)
    : db_(db), clock_(clock), options_(std::move(options)), rng_state_(std::random_device{}()) {}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Register(std::string kind, JobHandler handler) {
  handlers_[std::move(kind)] = std::move(handler);
}

void JobRunner::Start() {
  if (thread_.joinable()) return;
  {
    MutexLock lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void JobRunner::Stop() {
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::Notify() {
  {
    MutexLock lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

bool JobRunner::Stopping() {
  MutexLock lock(mu_);
  return stop_;
}

double JobRunner::JitterUnit() {
  MutexLock lock(mu_);
  return NextJitterUnit(rng_state_);
}

Status JobRunner::Run(const storage::JobRecord& job, JobStats& stats) {
  const auto handler = handlers_.find(job.kind);
  std::optional<Error> error;
  bool permanent = false;
  if (handler == handlers_.end()) {
    // No retry can help: a job waiting forever for a handler would only hide the mistake.
    error = Error::InvalidArgument("no handler is registered for job kind '" + job.kind + "'");
    permanent = true;
  } else if (job.attempts > job.max_attempts) {
    // Only a claim whose runner died mid-job gets here: its attempt was counted.
    error = Error::Internal("the runner stopped during the last of " +
                            std::to_string(job.max_attempts) + " attempts");
    permanent = true;
  } else {
    bool claim_held = true;
    const Status ran = db_.Write([&](ports::Tx& tx) -> Status {
      claim_held = true;  // PostgreSQL may run this again after a serialization failure
      WR_RETURN_IF_ERROR(handler->second(tx, job));
      WR_ASSIGN_OR_RETURN(claim_held, storage::JobStore(tx, db_.engine())
                                          .Complete(job.id, job.attempts, ToMillis(clock_.Now())));
      // Another runner owns the job since our lease ran out: its run counts, not ours.
      if (!claim_held) return Error::Conflict("the claim on the job expired");
      return Ok();
    });
    if (ran) {
      ++stats.done;
      return Ok();
    }
    if (!claim_held) return Ok();
    error = ran.error();
  }
  const int64_t now_ms = ToMillis(clock_.Now());
  if (permanent || job.attempts >= job.max_attempts) {
    ++stats.failed;
    spdlog::warn(R"({{"event":"job_failed","id":{},"kind":{},"attempts":{},"error":{}}})", job.id,
                 JsonText(job.kind), job.attempts, JsonText(error->message));
    return db_.Write([&](ports::Tx& tx) -> Status {
      return StatusOf(storage::JobStore(tx, db_.engine())
                          .Fail(job.id, job.attempts, ErrorText(*error), now_ms));
    });
  }
  ++stats.retried;
  const auto delay = BackoffDelay(options_.retry, static_cast<int>(job.attempts), JitterUnit());
  spdlog::info(
      R"({{"event":"job_retry","id":{},"kind":{},"attempts":{},"retry_in_ms":{},"error":{}}})",
      job.id, JsonText(job.kind), job.attempts, delay.count(), JsonText(error->message));
  return db_.Write([&](ports::Tx& tx) -> Status {
    return StatusOf(storage::JobStore(tx, db_.engine())
                        .Retry(job.id, job.attempts, now_ms + delay.count(), ErrorText(*error)));
  });
}

Result<JobStats> JobRunner::RunOnce() {
  JobStats stats;
  for (int round = 0; round < kMaxRounds && !Stopping(); ++round) {
    const TimePoint now = clock_.Now();
    std::vector<storage::JobRecord> jobs;
    WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(jobs, storage::JobStore(tx, db_.engine())
                                    .ClaimDue(ToMillis(now), ToMillis(now + options_.lease),
                                              options_.worker, options_.batch));
      return Ok();
    }));
    if (jobs.empty()) break;
    for (const auto& job : jobs) {
      // Jobs claimed but left when stopping come back when their lease runs out.
      if (Stopping()) break;
      WR_RETURN_IF_ERROR(Run(job, stats));
    }
  }
  return stats;
}

void JobRunner::Loop() {
  while (!Stopping()) {
    if (auto stats = RunOnce(); !stats) {
      spdlog::error(R"({{"event":"job_run_failed","error":{}}})", JsonText(stats.error().message));
    }
    MutexLock lock(mu_);
    const auto deadline = std::chrono::steady_clock::now() + options_.poll_interval;
    while (!stop_ && !notified_) {
      if (wake_.wait_until(lock, deadline) == std::cv_status::timeout) break;
    }
    notified_ = false;
  }
}

}  // namespace warroom::delivery
