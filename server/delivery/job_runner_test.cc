// JobRunner on both engines: a due job runs its kind's handler once, with the handler's
// writes committed together with the job's completion; a failing handler is rolled back
// and retried with backoff, then failed; a kind without a handler fails at once; the
// background thread wakes on Notify and stops cleanly.
#include "server/delivery/job_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "server/storage/repositories/job_store.h"
#include "server/storage/repositories/outbox_store.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"

namespace warroom::delivery {
namespace {

using ports::Engine;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using storage::JobRecord;
using storage::JobStore;
using storage::NewJob;

int64_t Ms(ports::TimePoint t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

class JobRunnerTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    options_.retry.jitter = 0;
    options_.poll_interval = milliseconds(50);
  }

  int64_t Schedule(NewJob job) {
    int64_t id = 0;
    const Status s = db_->Write([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(id, JobStore(tx, db_->engine()).Schedule(job, Ms(clock_.Now())));
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return id;
  }
  JobRecord Find(int64_t id) {
    JobRecord job;
    const Status s = db_->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(job, JobStore(tx, db_->engine()).Find(id));
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return job;
  }
  int64_t OutboxRows() {
    int64_t n = 0;
    EXPECT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(ports::Row row, tx.QueryOne("SELECT COUNT(*) FROM outbox", {}));
      n = row.Int(0);
      return Ok();
    }));
    return n;
  }
  // A handler's typical work: a message in the outbox, in the job's transaction.
  Status EnqueueReminder(ports::Tx& tx, const JobRecord& job) {
    ports::OutboxMessage m;
    m.channel = "email";
    m.recipient = "spoc@leuven.example";
    m.subject = "Herinnering";
    m.body_text = job.payload;
    return StatusOf(storage::OutboxStore(tx).Enqueue(m, Ms(clock_.Now())));
  }

  testing::FakeClock clock_;
  JobRunnerOptions options_;
};

TEST_P(JobRunnerTest, DueJobRunsItsHandlerOnceAndCommitsItsWork) {
  const int64_t id = Schedule({"reminder", R"({"n":1})", Ms(clock_.Now() + minutes(10)), 3, {}});
  JobRunner runner(*db_, clock_, options_);
  int runs = 0;
  runner.Register("reminder", [&](ports::Tx& tx, const JobRecord& job) -> Status {
    ++runs;
    EXPECT_EQ(job.id, id);
    EXPECT_EQ(job.payload, R"({"n":1})");
    return EnqueueReminder(tx, job);
  });
  auto stats = runner.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->done, 0);
  EXPECT_EQ(runs, 0) << "not due for ten minutes";
  clock_.Advance(minutes(10));
  stats = runner.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->done, 1);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Find(id).status, "done");
  EXPECT_EQ(OutboxRows(), 1);
  clock_.Advance(minutes(60));
  ASSERT_TRUE(runner.RunOnce());
  EXPECT_EQ(runs, 1);
}

TEST_P(JobRunnerTest, FailingHandlerIsRolledBackRetriedWithBackoffThenFailed) {
  const int64_t id = Schedule({"reminder", "{}", Ms(clock_.Now()), 3, {}});
  JobRunner runner(*db_, clock_, options_);
  int runs = 0;
  runner.Register("reminder", [&](ports::Tx& tx, const JobRecord& job) -> Status {
    ++runs;
    WR_RETURN_IF_ERROR(EnqueueReminder(tx, job));
    return Error::Unavailable("directory busy");
  });
  auto stats = runner.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->retried, 1);
  JobRecord job = Find(id);
  EXPECT_EQ(job.status, "pending");
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(job.due_at, Ms(clock_.Now() + seconds(30)));
  EXPECT_NE(job.last_error.value_or("").find("directory busy"), std::string::npos);
  EXPECT_EQ(OutboxRows(), 0) << "a failed run leaves no trace but the error";

  clock_.Advance(seconds(29));
  ASSERT_TRUE(runner.RunOnce());
  EXPECT_EQ(runs, 1);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(runner.RunOnce());
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(Find(id).due_at, Ms(clock_.Now() + minutes(1)));
  clock_.Advance(minutes(1));
  stats = runner.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 1);
  EXPECT_EQ(runs, 3);
  job = Find(id);
  EXPECT_EQ(job.status, "failed");
  EXPECT_EQ(job.attempts, 3);
  EXPECT_TRUE(job.finished_at.has_value());
  clock_.Advance(std::chrono::hours(5));
  ASSERT_TRUE(runner.RunOnce());
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(OutboxRows(), 0);
}

TEST_P(JobRunnerTest, UnknownKindIsFailedAtOnceWithAClearError) {
  const int64_t id = Schedule({"advisory.escalate", "{}", Ms(clock_.Now()), 5, {}});
  JobRunner runner(*db_, clock_, options_);
  auto stats = runner.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->failed, 1);
  const JobRecord job = Find(id);
  EXPECT_EQ(job.status, "failed");
  EXPECT_EQ(job.attempts, 1);
  EXPECT_NE(job.last_error.value_or("").find("no handler is registered for job kind "
                                             "'advisory.escalate'"),
            std::string::npos)
      << job.last_error.value_or("");
}

TEST_P(JobRunnerTest, JobWhoseRunnerDiedOnItsLastAttemptIsFailedNotRunAgain) {
  const int64_t id = Schedule({"reminder", "{}", Ms(clock_.Now()), 1, {}});
  // A runner claimed the job (its only attempt) and died.
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    return StatusOf(JobStore(tx, db_->engine())
                        .ClaimDue(Ms(clock_.Now()), Ms(clock_.Now() + seconds(10)), "dead", 1));
  }));
  JobRunner runner(*db_, clock_, options_);
  int runs = 0;
  runner.Register("reminder", [&](ports::Tx&, const JobRecord&) -> Status {
    ++runs;
    return Ok();
  });
  ASSERT_TRUE(runner.RunOnce());
  EXPECT_EQ(Find(id).status, "running") << "the lease still holds";
  clock_.Advance(seconds(10));
  auto stats = runner.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 1);
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(Find(id).status, "failed");
}

TEST_P(JobRunnerTest, ExpiredLeaseIsReclaimedAndRunByAnotherRunner) {
  const int64_t id = Schedule({"reminder", "{}", Ms(clock_.Now()), 3, {}});
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    return StatusOf(JobStore(tx, db_->engine())
                        .ClaimDue(Ms(clock_.Now()), Ms(clock_.Now() + options_.lease), "dead", 1));
  }));
  JobRunner runner(*db_, clock_, options_);
  int runs = 0;
  runner.Register("reminder", [&](ports::Tx&, const JobRecord& job) -> Status {
    ++runs;
    EXPECT_EQ(job.attempts, 2);
    return Ok();
  });
  ASSERT_TRUE(runner.RunOnce());
  EXPECT_EQ(runs, 0);
  clock_.Advance(options_.lease);
  auto stats = runner.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->done, 1);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Find(id).status, "done");
}

TEST_P(JobRunnerTest, BackgroundThreadWakesOnNotifyAndStopsGracefully) {
  options_.poll_interval = std::chrono::hours(1);  // only Notify() can wake it in time
  JobRunner runner(*db_, clock_, options_);
  std::atomic<int> runs{0};
  runner.Register("reminder", [&](ports::Tx&, const JobRecord&) -> Status {
    ++runs;
    return Ok();
  });
  runner.Start();
  std::this_thread::sleep_for(milliseconds(50));
  const int64_t id = Schedule({"reminder", "{}", Ms(clock_.Now()), 3, {}});
  runner.Notify();
  const auto deadline = std::chrono::steady_clock::now() + seconds(10);
  while (runs.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  runner.Stop();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(Find(id).status, "done");
}

INSTANTIATE_TEST_SUITE_P(Engines, JobRunnerTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::delivery
