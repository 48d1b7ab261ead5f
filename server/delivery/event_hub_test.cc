// EventHub on both engines: each subscriber gets exactly the events core::MaySeeEvent
// allows it, in order and once; a subscriber that resumes after an id gets what it
// missed, or `reset` when that cannot be done event by event; a new subscriber starts at
// the head; gone subscribers are dropped; and an event published through one Database
// handle reaches the subscriber of a hub on another (two warroomd on one database).
#include "server/delivery/event_hub.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/storage/repositories/event_store.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"

namespace warroom::delivery {
namespace {

using core::Role;
using storage::testing::EngineTest;

constexpr int64_t kWarRoom = 1;
constexpr int64_t kA = 10;
constexpr int64_t kB = 20;

// Records what it is sent; one line per event ("id topic data").
class RecordingSink final : public ports::EventSink {
 public:
  bool Send(std::string chunk) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    text_ += chunk;
    ++sends_;
    return true;
  }
  void Close() override {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  void Disconnect() { Close(); }
  std::string text() const {
    std::lock_guard lock(mu_);
    return text_;
  }
  int sends() const {
    std::lock_guard lock(mu_);
    return sends_;
  }

 private:
  mutable std::mutex mu_;
  std::string text_;
  int sends_ = 0;
  bool closed_ = false;
};

std::string Line(int64_t id, std::string_view topic, std::string_view data) {
  return std::to_string(id) + " " + std::string(topic) + " " + std::string(data) + "\n";
}

EventHubOptions Options() {
  EventHubOptions o;
  o.poll_interval = std::chrono::milliseconds(20);
  o.retention = std::chrono::milliseconds(0);
  o.format = [](int64_t id, std::string_view topic, std::string_view data) {
    return Line(id, topic, data);
  };
  return o;
}

class EventHubTest : public EngineTest {
 protected:
  int64_t Publish(const std::string& topic, std::optional<int64_t> org,
                  const std::string& payload = "{}", ports::Database* db = nullptr) {
    ports::Database& d = db != nullptr ? *db : *db_;
    const Status s = d.Write([&](ports::Tx& tx) {
      return storage::PublishEvent(tx, {topic, org, payload}, 1000);
    });
    EXPECT_TRUE(s) << s.error().message;
    int64_t id = 0;
    EXPECT_TRUE(d.Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto head, storage::EventStore(tx).Head());
      id = head.last_id;
      return Ok();
    }));
    return id;
  }
  void Round(EventHub& hub) {
    const Status s = hub.RunOnce();
    ASSERT_TRUE(s) << s.error().message;
  }

  testing::FakeClock clock_;
};

TEST_P(EventHubTest, EachSubscriberGetsTheEventsItMaySeeInOrderAndOnce) {
  EventHub hub(*db_, clock_, Options());
  Round(hub);  // the hub's position: the (empty) head
  auto analyst = std::make_shared<RecordingSink>();
  auto spoc_a = std::make_shared<RecordingSink>();
  auto member_b = std::make_shared<RecordingSink>();
  auto observer = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAnalyst, kWarRoom}, analyst, std::nullopt);
  hub.Subscribe({Role::kSpoc, kA}, spoc_a, std::nullopt);
  hub.Subscribe({Role::kMember, kB}, member_b, std::nullopt);
  hub.Subscribe({Role::kObserver, kWarRoom}, observer, std::nullopt);
  const int64_t e1 = Publish("advisory.published", std::nullopt, R"({"advisory":1})");
  const int64_t e2 = Publish("advisory.acknowledged", kA, R"({"advisory":1,"state":"ack"})");
  const int64_t e3 = Publish("advisory.acknowledged", kB, R"({"advisory":1,"state":"ack"})");
  Round(hub);
  Round(hub);  // nothing new: nothing sent twice
  EXPECT_EQ(analyst->text(),
            Line(e1, "advisory.published", R"({"advisory":1})") +
                Line(e2, "advisory.acknowledged", R"({"advisory":1,"state":"ack"})") +
                Line(e3, "advisory.acknowledged", R"({"advisory":1,"state":"ack"})"));
  EXPECT_EQ(spoc_a->text(), Line(e2, "advisory.acknowledged", R"({"advisory":1,"state":"ack"})"));
  EXPECT_EQ(member_b->text(), Line(e3, "advisory.acknowledged", R"({"advisory":1,"state":"ack"})"));
  EXPECT_EQ(observer->text(), "");
  EXPECT_EQ(hub.position(), e3);
}

TEST_P(EventHubTest, TheEventsOfARoundReachEachSubscriberInOneWrite) {
  EventHubOptions options = Options();
  options.batch = 2;  // three events: two reads in one round
  EventHub hub(*db_, clock_, options);
  Round(hub);
  auto analyst = std::make_shared<RecordingSink>();
  auto spoc_a = std::make_shared<RecordingSink>();
  auto observer = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAnalyst, kWarRoom}, analyst, std::nullopt);
  hub.Subscribe({Role::kSpoc, kA}, spoc_a, std::nullopt);
  hub.Subscribe({Role::kObserver, kWarRoom}, observer, std::nullopt);
  Round(hub);  // starts them
  const int64_t e1 = Publish("advisory.acknowledged", kA, "{}");
  const int64_t e2 = Publish("advisory.acknowledged", kB, "{}");
  Round(hub);
  EXPECT_EQ(analyst->sends(), 1);
  EXPECT_EQ(analyst->text(),
            Line(e1, "advisory.acknowledged", "{}") + Line(e2, "advisory.acknowledged", "{}"));
  EXPECT_EQ(spoc_a->sends(), 1);
  EXPECT_EQ(spoc_a->text(), Line(e1, "advisory.acknowledged", "{}"));
  EXPECT_EQ(observer->sends(), 0) << "nothing to send is no write";
  // A backlog longer than one read goes out one write per read, in order (the first, for
  // the war room only, is not the SPOC's).
  Publish("advisory.published", std::nullopt, "{}");
  const int64_t e4 = Publish("advisory.acknowledged", kA, "{}");
  const int64_t e5 = Publish("advisory.acknowledged", kA, "{}");
  Round(hub);
  EXPECT_EQ(analyst->sends(), 3);
  EXPECT_EQ(spoc_a->sends(), 3);
  EXPECT_EQ(spoc_a->text(), Line(e1, "advisory.acknowledged", "{}") +
                                Line(e4, "advisory.acknowledged", "{}") +
                                Line(e5, "advisory.acknowledged", "{}"));
  EXPECT_EQ(hub.position(), e5);
}

TEST_P(EventHubTest, ANewSubscriberStartsAtTheHead) {
  Publish("old.news", std::nullopt);
  EventHub hub(*db_, clock_, Options());
  auto sink = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, sink, std::nullopt);
  Round(hub);
  EXPECT_EQ(sink->text(), "") << "history is not news";
  const int64_t fresh = Publish("fresh.news", std::nullopt);
  Round(hub);
  EXPECT_EQ(sink->text(), Line(fresh, "fresh.news", "{}"));
}

TEST_P(EventHubTest, AResumingSubscriberGetsExactlyTheVisibleEventsItMissed) {
  EventHub hub(*db_, clock_, Options());
  Round(hub);
  const int64_t seen = Publish("x.a", kA);
  const int64_t missed_a = Publish("x.a", kA, R"({"n":1})");
  Publish("x.b", kB);
  const int64_t missed_a2 = Publish("x.a", kA, R"({"n":2})");
  Round(hub);  // fanned out to nobody; the subscriber was away
  auto spoc_a = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kSpoc, kA}, spoc_a, seen);
  Round(hub);
  const int64_t live = Publish("x.a", kA, R"({"n":3})");
  Round(hub);
  EXPECT_EQ(spoc_a->text(), Line(missed_a, "x.a", R"({"n":1})") +
                                Line(missed_a2, "x.a", R"({"n":2})") +
                                Line(live, "x.a", R"({"n":3})"));
}

TEST_P(EventHubTest, AResumingSubscriberAheadOfTheHubIsNotSentWhatItHas) {
  EventHub hub(*db_, clock_, Options());
  Round(hub);
  const int64_t e1 = Publish("x.a", std::nullopt);
  const int64_t e2 = Publish("x.a", std::nullopt);
  // The client saw e1 through another instance before this hub's next round.
  auto sink = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, sink, e1);
  Round(hub);
  EXPECT_EQ(sink->text(), Line(e2, "x.a", "{}"));
}

TEST_P(EventHubTest, ResetWhenTheIdWasPrunedIsAheadOfTheLogOrTooFarBehind) {
  auto options = Options();
  options.max_replay = 3;
  EventHub hub(*db_, clock_, options);
  Round(hub);
  for (int i = 0; i < 5; ++i) Publish("x.a", std::nullopt);
  Round(hub);
  const int64_t head = hub.position();
  ASSERT_EQ(head, 5);

  auto too_far = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, too_far, 1);  // 4 behind, max 3
  auto ahead = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, ahead, 99);
  auto near = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, near, 3);
  Round(hub);
  EXPECT_EQ(too_far->text(), Line(head, kResetTopic, "{}"));
  EXPECT_EQ(ahead->text(), Line(head, kResetTopic, "{}"));
  EXPECT_EQ(near->text(), Line(4, "x.a", "{}") + Line(5, "x.a", "{}"));

  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    return StatusOf(storage::EventStore(tx).Prune(2000));  // all were published at 1000
  }));
  auto pruned = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, pruned, 4);
  Round(hub);
  EXPECT_EQ(pruned->text(), Line(head, kResetTopic, "{}"));
  // After the reset it hears what comes next.
  const int64_t next = Publish("x.b", std::nullopt);
  Round(hub);
  EXPECT_EQ(pruned->text(), Line(head, kResetTopic, "{}") + Line(next, "x.b", "{}"));
}

TEST_P(EventHubTest, GoneAndUnsubscribedSubscribersAreDropped) {
  EventHub hub(*db_, clock_, Options());
  Round(hub);
  auto stays = std::make_shared<RecordingSink>();
  auto leaves = std::make_shared<RecordingSink>();
  auto unsubscribes = std::make_shared<RecordingSink>();
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, stays, std::nullopt);
  hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, leaves, std::nullopt);
  const uint64_t id = hub.Subscribe({Role::kWarroomAdmin, kWarRoom}, unsubscribes, std::nullopt);
  Round(hub);
  EXPECT_EQ(hub.subscriber_count(), 3u);
  hub.Unsubscribe(id);
  EXPECT_EQ(hub.subscriber_count(), 2u);
  leaves->Disconnect();
  Publish("x.a", std::nullopt);
  Round(hub);
  EXPECT_EQ(hub.subscriber_count(), 1u) << "a failed send drops the subscriber";
  EXPECT_EQ(stays->sends(), 1);
  EXPECT_EQ(unsubscribes->sends(), 0);
  hub.Stop();
  EXPECT_EQ(hub.subscriber_count(), 0u);
  EXPECT_FALSE(stays->Send("x")) << "Stop closes every stream";
}

// Two warroomd on one database: each has its own Database handle and hub. An event
// published through the first reaches a subscriber of the second by polling the log.
TEST_P(EventHubTest, AnEventPublishedThroughOneHandleReachesTheOtherHandlesHub) {
  auto second_db = Reopen();
  EventHub first(*db_, clock_, Options());
  EventHub second(*second_db, clock_, Options());
  auto sink = std::make_shared<RecordingSink>();
  second.Subscribe({Role::kSpoc, kA}, sink, std::nullopt);
  first.Start();
  second.Start();
  // Wait until the second hub has taken its starting position.
  for (int i = 0; i < 200 && second.position() < 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GE(second.position(), 0);
  const int64_t id = Publish("advisory.acknowledged", kA, R"({"advisory":7})");
  first.Notify();  // only the publishing instance is told
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (sink->text().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(sink->text(), Line(id, "advisory.acknowledged", R"({"advisory":7})"));
  second.Stop();
  first.Stop();
}

INSTANTIATE_TEST_SUITE_P(Engines, EventHubTest,
                         ::testing::Values(ports::Engine::kSqlite, ports::Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::delivery
