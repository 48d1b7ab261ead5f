// EventStore on both engines: events read back in publish order, bad input refused, a
// rolled-back change leaves no event and no gap, pruning, and the ordering guarantee the
// hub relies on: a publisher that took a later id cannot commit before one holding an
// earlier id (the PostgreSQL out-of-order commit a poller would otherwise skip).
#include "server/storage/repositories/event_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using testing::EngineTest;

constexpr int64_t kNow = 1'700'000'000'000;

class EventStoreTest : public EngineTest {
 protected:
  Status Publish(const NewEvent& e, int64_t now = kNow, Database* db = nullptr) {
    Database& d = db != nullptr ? *db : *db_;
    return d.Write([&](Tx& tx) { return PublishEvent(tx, e, now); });
  }
  std::vector<StoredEvent> After(int64_t id, int limit = 100, Database* db = nullptr) {
    Database& d = db != nullptr ? *db : *db_;
    std::vector<StoredEvent> out;
    const Status s = d.Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(out, EventStore(tx).After(id, limit));
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return out;
  }
  EventLogHead Head() {
    EventLogHead head;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(head, EventStore(tx).Head());
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return head;
  }
};

TEST_P(EventStoreTest, EventsAreReadBackInPublishOrderWithTheirFields) {
  EXPECT_EQ(Head().last_id, 0);
  ASSERT_TRUE(Publish({"advisory.published", std::nullopt, R"({"advisory":1})"}, kNow));
  ASSERT_TRUE(Publish({"advisory.acknowledged", 42, R"({"advisory":1,"state":"ack"})"}, kNow + 1));
  ASSERT_TRUE(Publish({"advisory.acknowledged", 43, R"({"advisory":1})"}, kNow + 2));
  const auto all = After(0);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, 1);
  EXPECT_EQ(all[0].topic, "advisory.published");
  EXPECT_EQ(all[0].organisation_id, std::nullopt);
  EXPECT_EQ(all[0].payload_json, R"({"advisory":1})");
  EXPECT_EQ(all[0].at, kNow);
  EXPECT_EQ(all[1].id, 2);
  EXPECT_EQ(all[1].organisation_id, std::optional<int64_t>(42));
  EXPECT_EQ(all[2].id, 3);
  const auto tail = After(1, 1);
  ASSERT_EQ(tail.size(), 1u) << "the limit holds";
  EXPECT_EQ(tail[0].id, 2);
  EXPECT_TRUE(After(3).empty());
  EXPECT_EQ(Head().last_id, 3);
}

TEST_P(EventStoreTest, RefusesBadTopicsAndPayloadsThatAreNotObjects) {
  for (const std::string& topic :
       std::vector<std::string>{"", "Advisory", "a b", "a\nb", std::string(65, 'a')}) {
    const Status s = Publish({topic, std::nullopt, "{}"});
    ASSERT_FALSE(s) << topic;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  }
  for (const std::string& payload : std::vector<std::string>{"", "[1]", "\"x\"", "{", "3"}) {
    const Status s = Publish({"x.y", std::nullopt, payload});
    ASSERT_FALSE(s) << payload;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(After(0).empty());
  EXPECT_EQ(Head().last_id, 0);
}

TEST_P(EventStoreTest, ARolledBackChangeLeavesNoEventAndNoGap) {
  const Status failed = db_->Write([&](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(PublishEvent(tx, {"x.y", std::nullopt, "{}"}, kNow));
    return Error::Conflict("the change failed");
  });
  ASSERT_FALSE(failed);
  ASSERT_TRUE(Publish({"x.z", std::nullopt, "{}"}));
  const auto all = After(0);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].topic, "x.z");
  EXPECT_EQ(all[0].id, 1) << "the rolled-back id is given back";
}

TEST_P(EventStoreTest, PruneDeletesOldEventsAndRecordsHowFar) {
  ASSERT_TRUE(Publish({"a.old", std::nullopt, "{}"}, kNow - 10'000));
  ASSERT_TRUE(Publish({"a.old", std::nullopt, "{}"}, kNow - 5'000));
  ASSERT_TRUE(Publish({"a.new", std::nullopt, "{}"}, kNow));
  int64_t deleted = 0;
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(deleted, EventStore(tx).Prune(kNow - 1'000));
    return Ok();
  }));
  EXPECT_EQ(deleted, 2);
  const auto rest = After(0);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, 3);
  EXPECT_EQ(Head().pruned_through, 2);
  EXPECT_EQ(Head().last_id, 3);
  // Nothing old left: pruning again changes nothing.
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(deleted, EventStore(tx).Prune(kNow - 1'000));
    return Ok();
  }));
  EXPECT_EQ(deleted, 0);
  EXPECT_EQ(Head().pruned_through, 2);
}

// Transaction A takes id 1 and holds its transaction open; B, on another connection,
// publishes meanwhile. Without the head lock, PostgreSQL would let B commit id 2 first: a
// poller reading then would move past 2 and never see 1. Here B waits until A commits,
// no reader ever sees 2 without 1, and the commits land in id order.
TEST_P(EventStoreTest, ALaterIdNeverCommitsBeforeAnEarlierOne) {
  auto other = Reopen();
  auto reader = Reopen();
  std::mutex mu;
  std::condition_variable cv;
  bool a_has_id = false;
  bool a_may_commit = false;
  std::vector<std::string> commits;  // in the order the Writes returned
  std::thread a([&] {
    const Status s = db_->Write([&](Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(PublishEvent(tx, {"t.a", std::nullopt, "{}"}, kNow));
      std::unique_lock lock(mu);
      a_has_id = true;
      cv.notify_all();
      cv.wait(lock, [&] { return a_may_commit; });
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    std::lock_guard lock(mu);
    commits.push_back("a");
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return a_has_id; });
  }
  std::atomic<bool> b_done{false};
  std::thread b([&] {
    const Status s = Publish({"t.b", std::nullopt, "{}"}, kNow, other.get());
    EXPECT_TRUE(s) << s.error().message;
    std::lock_guard lock(mu);
    commits.push_back("b");
    b_done = true;
  });
  // While A is open, B cannot finish and a reader sees nothing.
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    EXPECT_FALSE(b_done.load()) << "B committed while A, holding an earlier id, was open";
    EXPECT_TRUE(After(0, 100, reader.get()).empty());
  }
  {
    std::lock_guard lock(mu);
    a_may_commit = true;
  }
  cv.notify_all();
  a.join();
  b.join();
  ASSERT_EQ(commits, (std::vector<std::string>{"a", "b"}));
  const auto all = After(0, 100, reader.get());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].topic, "t.a");
  EXPECT_EQ(all[0].id, 1);
  EXPECT_EQ(all[1].topic, "t.b");
  EXPECT_EQ(all[1].id, 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, EventStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
