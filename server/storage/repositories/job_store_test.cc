// JobStore on both engines: scheduling, idempotent unique keys, cancelling, claiming with a
// lease (an expired one makes the job claimable again, and the late claimer's outcome is
// fenced off), disjoint claims by concurrent runners, and durability across reopening.
#include "server/storage/repositories/job_store.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using testing::EngineTest;

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kLease = 60'000;

class JobStoreTest : public EngineTest {
 protected:
  Result<int64_t> Schedule(const NewJob& job, int64_t now = kNow) {
    int64_t id = 0;
    WR_RETURN_IF_ERROR(db_->Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(id, JobStore(tx, db_->engine()).Schedule(job, now));
      return Ok();
    }));
    return id;
  }
  std::vector<JobRecord> Claim(int64_t now, const std::string& worker = "w1", int limit = 10,
                               Database* db = nullptr) {
    Database& d = db != nullptr ? *db : *db_;
    std::vector<JobRecord> jobs;
    const Status s = d.Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(jobs,
                          JobStore(tx, d.engine()).ClaimDue(now, now + kLease, worker, limit));
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return jobs;
  }
  JobRecord Find(int64_t id) {
    JobRecord job;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(job, JobStore(tx, db_->engine()).Find(id));
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return job;
  }
  template <typename Fn>
  auto InWrite(Fn fn) {
    decltype(fn(std::declval<JobStore&>())) out{};
    const Status s = db_->Write([&](Tx& tx) -> Status {
      JobStore store(tx, db_->engine());
      out = fn(store);
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return out;
  }
  int64_t CountJobs() {
    int64_t n = 0;
    EXPECT_TRUE(db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT COUNT(*) FROM jobs", {}));
      n = row.Int(0);
      return Ok();
    }));
    return n;
  }
};

TEST_P(JobStoreTest, ScheduledJobIsClaimedWhenDueAndCompletedOnce) {
  auto id = Schedule({"advisory.escalate", R"({"advisory":7})", kNow + 1000, 5, std::nullopt});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_TRUE(Claim(kNow + 999).empty()) << "not due yet";
  auto claimed = Claim(kNow + 1000);
  ASSERT_EQ(claimed.size(), 1u);
  const JobRecord& job = claimed[0];
  EXPECT_EQ(job.id, *id);
  EXPECT_EQ(job.kind, "advisory.escalate");
  EXPECT_EQ(job.payload, R"({"advisory":7})");
  EXPECT_EQ(job.status, "running");
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(job.max_attempts, 5);
  EXPECT_EQ(job.claimed_by, std::optional<std::string>("w1"));
  EXPECT_EQ(job.lease_until, std::optional<int64_t>(kNow + 1000 + kLease));
  EXPECT_TRUE(Claim(kNow + 1000).empty()) << "a claimed job is not claimed twice";
  EXPECT_TRUE(InWrite([&](JobStore& s) { return *s.Complete(job.id, 1, kNow + 1500); }));
  const JobRecord done = Find(*id);
  EXPECT_EQ(done.status, "done");
  EXPECT_EQ(done.finished_at, std::optional<int64_t>(kNow + 1500));
  EXPECT_TRUE(Claim(kNow + 10 * kLease).empty()) << "a done job never runs again";
}

TEST_P(JobStoreTest, ClaimsInDueOrderUpToTheLimit) {
  for (int64_t due : {kNow + 30, kNow + 10, kNow + 20}) {
    ASSERT_TRUE(Schedule({"reminder", "{}", due, 3, std::nullopt}));
  }
  auto first = Claim(kNow + 100, "w1", 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].due_at, kNow + 10);
  EXPECT_EQ(first[1].due_at, kNow + 20);
  auto rest = Claim(kNow + 100, "w1", 2);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].due_at, kNow + 30);
}

TEST_P(JobStoreTest, UniqueKeyMakesSchedulingIdempotent) {
  auto first = Schedule({"legal.clock", R"({"incident":1})", kNow + 1000, 3, "incident-1-24h"});
  ASSERT_TRUE(first);
  auto again = Schedule({"legal.clock", R"({"incident":1})", kNow + 5000, 3, "incident-1-24h"});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, *first);
  // Twice in one transaction too: the conflict must not doom the caller's transaction.
  auto in_one = db_->Write([&](Tx& tx) -> Status {
    JobStore store(tx, db_->engine());
    WR_ASSIGN_OR_RETURN(int64_t a, store.Schedule({"legal.clock", "{}", kNow, 3, "k2"}, kNow));
    WR_ASSIGN_OR_RETURN(int64_t b, store.Schedule({"legal.clock", "{}", kNow, 3, "k2"}, kNow));
    EXPECT_EQ(a, b);
    return Ok();
  });
  ASSERT_TRUE(in_one) << in_one.error().message;
  EXPECT_EQ(CountJobs(), 2);
  EXPECT_EQ(Find(*first).due_at, kNow + 1000) << "the first schedule stands";
  // Jobs without a key never collide.
  ASSERT_TRUE(Schedule({"reminder", "{}", kNow, 3, std::nullopt}));
  ASSERT_TRUE(Schedule({"reminder", "{}", kNow, 3, std::nullopt}));
  EXPECT_EQ(CountJobs(), 4);
}

TEST_P(JobStoreTest, CancelRemovesThePendingJobAndFreesItsKey) {
  auto id = Schedule({"advisory.escalate", "{}", kNow + 1000, 3, "advisory-7-escalate"});
  ASSERT_TRUE(id);
  EXPECT_TRUE(InWrite([](JobStore& s) { return *s.Cancel("advisory-7-escalate"); }));
  EXPECT_FALSE(InWrite([](JobStore& s) { return *s.Cancel("advisory-7-escalate"); }));
  EXPECT_TRUE(Claim(kNow + 2000).empty());
  auto again = Schedule({"advisory.escalate", "{}", kNow + 3000, 3, "advisory-7-escalate"});
  ASSERT_TRUE(again);
  EXPECT_NE(*again, *id);
  EXPECT_EQ(Claim(kNow + 3000).size(), 1u);
}

TEST_P(JobStoreTest, ExpiredLeaseMakesTheJobClaimableAndFencesTheFirstClaimer) {
  auto id = Schedule({"reminder", "{}", kNow, 3, std::nullopt});
  ASSERT_TRUE(id);
  auto a = Claim(kNow, "runner-a");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(Claim(kNow + kLease - 1, "runner-b").empty()) << "the lease still holds";
  // runner-a died: once its lease is over, runner-b takes the job.
  auto b = Claim(kNow + kLease, "runner-b");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].id, *id);
  EXPECT_EQ(b[0].attempts, 2);
  EXPECT_EQ(b[0].claimed_by, std::optional<std::string>("runner-b"));
  // runner-a comes back late: its outcome no longer counts.
  EXPECT_FALSE(InWrite([&](JobStore& s) { return *s.Complete(*id, 1, kNow + kLease); }));
  EXPECT_FALSE(InWrite([&](JobStore& s) { return *s.Fail(*id, 1, "late", kNow + kLease); }));
  EXPECT_EQ(Find(*id).status, "running");
  EXPECT_TRUE(InWrite([&](JobStore& s) { return *s.Complete(*id, 2, kNow + kLease); }));
  EXPECT_EQ(Find(*id).status, "done");
}

TEST_P(JobStoreTest, RetryMakesTheJobPendingUntilItsNewDueTime) {
  auto id = Schedule({"reminder", "{}", kNow, 3, std::nullopt});
  ASSERT_TRUE(id);
  ASSERT_EQ(Claim(kNow).size(), 1u);
  EXPECT_TRUE(InWrite([&](JobStore& s) { return *s.Retry(*id, 1, kNow + 30'000, "busy"); }));
  JobRecord job = Find(*id);
  EXPECT_EQ(job.status, "pending");
  EXPECT_EQ(job.due_at, kNow + 30'000);
  EXPECT_EQ(job.last_error, std::optional<std::string>("busy"));
  EXPECT_TRUE(Claim(kNow + 29'999).empty());
  auto again = Claim(kNow + 30'000);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_P(JobStoreTest, ScheduleRejectsWhatCouldNeverRun) {
  EXPECT_EQ(Schedule({"", "{}", kNow, 3, std::nullopt}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Schedule({"reminder", "{not json", kNow, 3, std::nullopt}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Schedule({"reminder", "{}", kNow, 0, std::nullopt}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CountJobs(), 0);
}

TEST_P(JobStoreTest, ScheduledJobSurvivesReopeningTheDatabase) {
  auto id = Schedule({"legal.clock", R"({"incident":3})", kNow + 1000, 3, "incident-3-72h"});
  ASSERT_TRUE(id);
  db_.reset();
  db_ = Reopen();
  ASSERT_NE(db_, nullptr);
  auto claimed = Claim(kNow + 1000);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, *id);
  EXPECT_EQ(claimed[0].kind, "legal.clock");
  EXPECT_EQ(claimed[0].payload, R"({"incident":3})");
  EXPECT_EQ(claimed[0].unique_key, std::optional<std::string>("incident-3-72h"));
}

TEST_P(JobStoreTest, ConcurrentClaimersNeverGetTheSameJob) {
  constexpr int kJobs = 60;
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    JobStore store(tx, db_->engine());
    for (int i = 0; i < kJobs; ++i) {
      WR_RETURN_IF_ERROR(
          StatusOf(store.Schedule({"reminder", "{}", kNow + i, 3, std::nullopt}, kNow)));
    }
    return Ok();
  }));
  std::mutex mu;
  std::map<int64_t, int> claims;  // guarded by mu
  auto claimer = [&](const std::string& name) {
    auto db = Reopen(/*migrate=*/false);
    ASSERT_NE(db, nullptr);
    for (int round = 0; round < 1000; ++round) {
      auto jobs = Claim(kNow + kJobs, name, 3, db.get());
      if (jobs.empty()) {
        // On PostgreSQL SKIP LOCKED may pass over rows another claimer holds for a moment.
        bool any_pending = false;
        EXPECT_TRUE(db->Read([&](Tx& tx) -> Status {
          WR_ASSIGN_OR_RETURN(
              auto row,
              tx.QueryOptional("SELECT id FROM jobs WHERE status = 'pending' LIMIT 1", {}));
          any_pending = row.has_value();
          return Ok();
        }));
        if (!any_pending) return;
        continue;
      }
      std::lock_guard lock(mu);
      for (const auto& j : jobs) ++claims[j.id];
    }
  };
  std::thread a(claimer, "runner-a");
  std::thread b(claimer, "runner-b");
  a.join();
  b.join();
  EXPECT_EQ(claims.size(), static_cast<size_t>(kJobs));
  for (const auto& [id, n] : claims) EXPECT_EQ(n, 1) << "job " << id;
}

INSTANTIATE_TEST_SUITE_P(Engines, JobStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
