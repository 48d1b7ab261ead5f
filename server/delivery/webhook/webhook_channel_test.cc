#include "server/delivery/webhook/webhook_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/delivery/outbox.h"
#include "server/storage/repositories/webhook_store.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"
#include "server/testing/webhook_receiver.h"

namespace warroom::delivery::webhook {
namespace {

using core::webhook::Outcome;
using ports::Engine;
using std::chrono::milliseconds;

constexpr const char* kSecret = "test-secret-of-the-endpoint";

int64_t Ms(ports::TimePoint t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

TEST(WebhookClassifyTest, TwoHundredsAcceptRetryablesDeferOthersRefuse) {
  EXPECT_EQ(ClassifyHttpStatus(200), Outcome::kAccepted);
  EXPECT_EQ(ClassifyHttpStatus(204), Outcome::kAccepted);
  for (int s : {408, 429, 500, 502, 503, 504}) EXPECT_EQ(ClassifyHttpStatus(s), Outcome::kDeferred);
  for (int s : {301, 302, 307, 400, 401, 403, 404, 410, 422}) {
    EXPECT_EQ(ClassifyHttpStatus(s), Outcome::kRefused) << s;
  }
}

// The outbox, the channel and a receiver in this process, on each engine.
class WebhookChannelTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto port = receiver_.Start();
    ASSERT_TRUE(port) << port.error().message;
    options_.retry.jitter = 0;
    options_.retry.max_attempts = 5;
    storage::WebhookEndpointRecord e;
    e.url = receiver_.Url();
    e.secret_enc = "sealed elsewhere";
    ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(endpoint_, storage::WebhookStore(tx).Insert(e, Ms(clock_.Now())));
      return Ok();
    }));
    channel_ = std::make_unique<WebhookChannel>(
        clock_,
        [this](int64_t id) -> Result<Target> {
          if (id != endpoint_.id || !active_) return Error::NotFound("gone");
          return Target{url_override_.empty() ? endpoint_.url : url_override_, kSecret};
        },
        [this](const Attempt& a) {
          storage::WebhookAttemptRecord r;
          r.endpoint_id = a.endpoint_id;
          r.outbox_id = a.outbox_id;
          r.attempt = a.attempt;
          r.outcome = a.outcome;
          r.http_status = a.http_status;
          r.error = a.error;
          r.created_at = a.at_ms;
          ASSERT_TRUE(db_->Write(
              [&](ports::Tx& tx) { return storage::WebhookStore(tx).RecordAttempt(r); }));
        },
        ChannelOptions{.allow_local = true,
                       .connect_timeout = milliseconds(2000),
                       .total_timeout = milliseconds(5000)});
    dispatcher_ = std::make_unique<OutboxDispatcher>(*db_, clock_, options_);
    dispatcher_->RegisterChannel(std::string(kWebhookChannel), *channel_);
  }
  void TearDown() override {
    dispatcher_.reset();
    receiver_.Stop();
    EngineTest::TearDown();
  }

  std::vector<int64_t> Enqueue(const std::string& payload = R"({"advisory":{"id":7}})") {
    std::vector<int64_t> ids;
    EXPECT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(ids, storage::EnqueueWebhooks(tx, std::nullopt, "advisory.published",
                                                        payload, Ms(clock_.Now())));
      return Ok();
    }));
    return ids;
  }
  std::string OutboxStatus(int64_t id) {
    std::string status;
    EXPECT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT status FROM outbox WHERE id = $1", {id}));
      status = row.Text(0);
      return Ok();
    }));
    return status;
  }
  std::vector<storage::WebhookAttemptRecord> Attempts() {
    std::vector<storage::WebhookAttemptRecord> out;
    EXPECT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(out, storage::WebhookStore(tx).Attempts(endpoint_.id, 100));
      return Ok();
    }));
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
  }

  testing::FakeClock clock_{ports::TimePoint(std::chrono::seconds(1'800'000'000))};
  testing::WebhookReceiver receiver_{kSecret, clock_};
  DispatcherOptions options_;
  storage::WebhookEndpointRecord endpoint_;
  bool active_ = true;
  std::string url_override_;
  std::unique_ptr<WebhookChannel> channel_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
};

TEST_P(WebhookChannelTest, SignedEnvelopeIsVerifiedByTheReceiver) {
  const auto ids = Enqueue();
  ASSERT_EQ(ids.size(), 1u);
  auto stats = dispatcher_->RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 1);
  const auto got = receiver_.Received();
  ASSERT_EQ(got.size(), 1u);
  const auto& r = got[0];
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/hook");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("x-warroom-delivery"), std::to_string(ids[0]));
  EXPECT_EQ(r.headers.at("x-warroom-event"), "advisory.published");
  EXPECT_EQ(r.headers.at("x-warroom-endpoint"), std::to_string(endpoint_.id));
  EXPECT_EQ(r.headers.at("x-warroom-timestamp"), "1800000000");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["id"], ids[0]);
  EXPECT_EQ(body["type"], "advisory.published");
  EXPECT_EQ(body["created_at"], "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(body["data"]["advisory"]["id"], 7);
  // A body altered on the way, or the same request replayed later, is refused.
  auto tampered = r;
  tampered.body.replace(tampered.body.find("7}"), 1, "8");
  EXPECT_FALSE(receiver_.Verifies(tampered));
  clock_.Advance(std::chrono::minutes(6));
  EXPECT_FALSE(receiver_.Verifies(r));
  EXPECT_EQ(OutboxStatus(ids[0]), "sent");
  const auto attempts = Attempts();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].outcome, Outcome::kQueued);
  EXPECT_EQ(attempts[1].outcome, Outcome::kAccepted);
  EXPECT_EQ(attempts[1].http_status, 200);
  EXPECT_EQ(attempts[1].attempt, 1);
}

TEST_P(WebhookChannelTest, StaleTimestampIsRefusedByTheReceiver) {
  Enqueue();
  // The sender's clock is 10 minutes behind the receiver's: its timestamp looks replayed.
  testing::FakeClock receiver_clock{clock_.Now() + std::chrono::minutes(10)};
  testing::WebhookReceiver strict{kSecret, receiver_clock};
  ASSERT_TRUE(strict.Start());
  url_override_ = strict.Url();
  auto stats = dispatcher_->RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 1);  // 401: a permanent refusal, not retried
  const auto got = strict.Received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].verified);
  EXPECT_EQ(got[0].answered, 401);
  EXPECT_EQ(Attempts().back().outcome, Outcome::kRefused);
}

TEST_P(WebhookChannelTest, ServerErrorIsRetriedWithBackoffUnderTheSameDeliveryId) {
  receiver_.Script({500, 503});
  const auto ids = Enqueue();
  auto stats = dispatcher_->RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->retried, 1);
  EXPECT_EQ(OutboxStatus(ids[0]), "pending");
  // Not due again before the backoff (30 s) has passed.
  clock_.Advance(std::chrono::seconds(29));
  EXPECT_EQ(dispatcher_->RunOnce()->retried + dispatcher_->RunOnce()->sent, 0);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(dispatcher_->RunOnce()->retried, 1);  // 503
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(dispatcher_->RunOnce()->sent, 1);
  EXPECT_EQ(OutboxStatus(ids[0]), "sent");
  const auto got = receiver_.Received();
  ASSERT_EQ(got.size(), 3u);
  for (const auto& r : got) {
    EXPECT_EQ(r.headers.at("x-warroom-delivery"), std::to_string(ids[0]));
    EXPECT_TRUE(r.verified);
    EXPECT_EQ(r.body, got[0].body);
  }
  // Each attempt is signed at its own send time.
  EXPECT_NE(got[0].headers.at("x-warroom-timestamp"), got[2].headers.at("x-warroom-timestamp"));
  std::vector<Outcome> outcomes;
  for (const auto& a : Attempts()) outcomes.push_back(a.outcome);
  EXPECT_EQ(outcomes, (std::vector<Outcome>{Outcome::kQueued, Outcome::kDeferred,
                                            Outcome::kDeferred, Outcome::kAccepted}));
  storage::WebhookEndpointRecord stored;
  ASSERT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto e, storage::WebhookStore(tx).Find(endpoint_.id));
    stored = *e;
    return Ok();
  }));
  EXPECT_TRUE(stored.last_success_at);
  EXPECT_TRUE(stored.last_failure_at);
  EXPECT_FALSE(stored.last_error);  // cleared by the success
}

TEST_P(WebhookChannelTest, ClientErrorAndRedirectAreRefusedForGood) {
  receiver_.Script({400, 302});
  const auto first = Enqueue();
  const auto second = Enqueue();
  auto stats = dispatcher_->RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 2);
  EXPECT_EQ(OutboxStatus(first[0]), "failed");
  EXPECT_EQ(OutboxStatus(second[0]), "failed");
  // The redirect was not followed.
  EXPECT_EQ(receiver_.Received().size(), 2u);
  const auto attempts = Attempts();
  EXPECT_EQ(attempts.back().outcome, Outcome::kRefused);
  EXPECT_EQ(attempts.back().http_status, 302);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(dispatcher_->RunOnce()->failed, 0);
  EXPECT_EQ(receiver_.Received().size(), 2u);
}

TEST_P(WebhookChannelTest, NetworkFailureIsDeferred) {
  url_override_ = "http://127.0.0.1:1/nobody";
  Enqueue();
  auto stats = dispatcher_->RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->retried, 1);
  EXPECT_EQ(Attempts().back().outcome, Outcome::kDeferred);
}

TEST_P(WebhookChannelTest, EndpointSwitchedOffOrPointingInsideIsRefusedWithoutSending) {
  Enqueue();
  active_ = false;
  EXPECT_EQ(dispatcher_->RunOnce()->failed, 1);
  active_ = true;
  url_override_ = "http://169.254.169.254/latest/meta-data";
  Enqueue();
  EXPECT_EQ(dispatcher_->RunOnce()->failed, 1);
  EXPECT_TRUE(receiver_.Received().empty());
}

TEST_P(WebhookChannelTest, LocalAddressesAreRefusedWhenNotAllowed) {
  WebhookChannel strict(
      clock_,
      [&](int64_t) -> Result<Target> {
        return Target{"https://localhost:1/x", kSecret};
      },
      nullptr, ChannelOptions{});
  ports::OutboxMessage m;
  m.id = 1;
  m.body_text = "{}";
  m.headers_json = R"({"X-Warroom-Endpoint":"1"})";
  auto sent = strict.Send(m);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(WebhookChannelTest, EnqueueOnlyToActiveEndpointsOfThatOrganisation) {
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    storage::WebhookStore store(tx);
    storage::WebhookEndpointRecord off = endpoint_;
    off.active = false;
    WR_RETURN_IF_ERROR(StatusOf(store.Insert(off, 0)));
    return Ok();
  }));
  EXPECT_EQ(Enqueue().size(), 1u);
  std::vector<int64_t> none;
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(none, storage::EnqueueWebhooks(tx, 424242, "advisory.published", "{}", 0));
    return Ok();
  }));
  EXPECT_TRUE(none.empty());
  // Bad input queues nothing.
  EXPECT_FALSE(db_->Write([&](ports::Tx& tx) {
    return StatusOf(storage::EnqueueWebhooks(tx, std::nullopt, "Bad Type", "{}", 0));
  }));
  EXPECT_FALSE(db_->Write([&](ports::Tx& tx) {
    return StatusOf(storage::EnqueueWebhooks(tx, std::nullopt, "ok.type", "[1]", 0));
  }));
}

INSTANTIATE_TEST_SUITE_P(Engines, WebhookChannelTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::delivery::webhook
