#include "server/delivery/outbox.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "server/delivery/email/email_channel.h"
#include "server/delivery/email/smtp_transport.h"
#include "server/ports/database.h"
#include "server/storage/repositories/outbox_store.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"
#include "server/testing/fake_mail_transport.h"
#include "server/testing/smtp_sink.h"

namespace warroom::delivery {
namespace {

using email::EmailChannel;
using email::EnqueueEmail;
using email::OutboxEmail;
using ports::Engine;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kFrom = "warroom@example.test";

int64_t Ms(ports::TimePoint t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

TEST(BackoffTest, DoublesFromThirtySecondsCappedAtFifteenMinutes) {
  RetryPolicy p;
  EXPECT_EQ(BackoffDelay(p, 1, 0), seconds(30));
  EXPECT_EQ(BackoffDelay(p, 2, 0), minutes(1));
  EXPECT_EQ(BackoffDelay(p, 3, 0), minutes(2));
  EXPECT_EQ(BackoffDelay(p, 4, 0), minutes(4));
  EXPECT_EQ(BackoffDelay(p, 5, 0), minutes(8));
  EXPECT_EQ(BackoffDelay(p, 6, 0), minutes(15));
  EXPECT_EQ(BackoffDelay(p, 50, 0), minutes(15));
}

TEST(BackoffTest, JitterAddsUpToItsFraction) {
  RetryPolicy p;
  p.jitter = 0.2;
  EXPECT_EQ(BackoffDelay(p, 1, 0.5), seconds(33));
  EXPECT_LT(BackoffDelay(p, 6, 0.999), minutes(18));
  EXPECT_GE(BackoffDelay(p, 6, 0.999), minutes(15));
}

struct RowState {
  std::string status;
  int64_t attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
  std::optional<int64_t> sent_at;
};

class OutboxTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    options_.retry.jitter = 0;
    options_.retry.max_attempts = 4;
    options_.poll_interval = milliseconds(50);
  }

  OutboxEmail Email(const std::string& to = "spoc@leuven.example") {
    return OutboxEmail{to, "Advies ✓", "Lees dit.\n", std::string("<p>Lees dit.</p>")};
  }
  Status Enqueue(const OutboxEmail& e) {
    return db_->Write([&](ports::Tx& tx) { return StatusOf(EnqueueEmail(tx, e, clock_.Now())); });
  }
  std::vector<RowState> Rows() {
    std::vector<RowState> out;
    EXPECT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT status, attempts, next_attempt_at, "
                                              "last_error, sent_at FROM outbox ORDER BY id",
                                              {}));
      for (const auto& r : rows) {
        out.push_back({r.Text(0), r.Int(1), r.Int(2), r.Text(3), r.OptInt(4)});
      }
      return Ok();
    }));
    return out;
  }

  testing::FakeClock clock_;
  testing::FakeMailTransport transport_;
  DispatcherOptions options_;
};

TEST_P(OutboxTest, RolledBackEnqueueSendsNothing) {
  const Status s = db_->Write([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(EnqueueEmail(tx, Email(), clock_.Now()));
    return Error::Conflict("the causing change failed");
  });
  EXPECT_FALSE(s);
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, 0);
  EXPECT_TRUE(transport_.attempts().empty());
  EXPECT_TRUE(Rows().empty());
}

TEST_P(OutboxTest, CommittedEnqueueIsDeliveredOnce) {
  ASSERT_TRUE(Enqueue(Email()));
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, 1);
  ASSERT_TRUE(dispatcher.RunOnce());
  const auto sent = transport_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "spoc@leuven.example");
  EXPECT_EQ(sent[0].from, "warroom@example.test");
  EXPECT_EQ(sent[0].subject, "Advies ✓");
  EXPECT_EQ(sent[0].body_html, std::optional<std::string>("<p>Lees dit.</p>"));
  EXPECT_NE(sent[0].message_id.find("@example.test>"), std::string::npos);
  const auto rows = Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "sent");
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].sent_at, std::optional<int64_t>(Ms(clock_.Now())));
}

TEST_P(OutboxTest, SentMessageKeepsNoBody) {
  // An account link is a bearer secret: once delivered, the outbox must not hold it.
  const std::string link = "https://warroom.example/activate#token=s3cr3t-link-token";
  ASSERT_TRUE(Enqueue(OutboxEmail{"spoc@leuven.example", "Uitnodiging", "Open " + link + "\n",
                                  std::string("<a href=\"" + link + "\">Open</a>")}));
  ASSERT_TRUE(Enqueue(Email("other@leuven.example")));
  transport_.FailNext(Error::Unavailable("451 try later"));
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->sent, 1);
  ASSERT_EQ(transport_.sent().size(), 1u);
  EXPECT_NE(transport_.attempts()[0].body_text.find(link), std::string::npos);
  ASSERT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT recipient, subject, status, attempts, "
                                            "body_text, body_html FROM outbox ORDER BY id",
                                            {}));
    EXPECT_EQ(rows.size(), 2u);
    // The first message failed once and waits: its body stays for the retry.
    EXPECT_EQ(rows[0].Text(2), "pending");
    EXPECT_NE(rows[0].Text(4).find(link), std::string::npos);
    // The second was sent: the delivery record stays, the body is gone.
    EXPECT_EQ(rows[1].Text(0), "other@leuven.example");
    EXPECT_EQ(rows[1].Text(1), "Advies ✓");
    EXPECT_EQ(rows[1].Text(2), "sent");
    EXPECT_EQ(rows[1].Int(3), 1);
    EXPECT_EQ(rows[1].Text(4), "");
    EXPECT_EQ(rows[1].OptText(5), std::nullopt);
    return Ok();
  }));
  clock_.Advance(seconds(30));
  ASSERT_TRUE(dispatcher.RunOnce());
  ASSERT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto n, tx.QueryOne("SELECT COUNT(*) FROM outbox WHERE status = 'sent' "
                                            "AND body_text = '' AND body_html IS NULL "
                                            "AND subject <> ''",
                                            {}));
    EXPECT_EQ(n.Int(0), 2);
    return Ok();
  }));
}

TEST_P(OutboxTest, EnqueueRejectsBadRecipientAndSubject) {
  EXPECT_EQ(Enqueue(Email("not an address")).error().code, ErrorCode::kInvalidArgument);
  auto e = Email();
  e.subject = "a\r\nBcc: x@y.test";
  EXPECT_FALSE(Enqueue(e));
  EXPECT_TRUE(Rows().empty());
}

TEST_P(OutboxTest, TransientFailureSchedulesRetryWithBackoff) {
  ASSERT_TRUE(Enqueue(Email()));
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  transport_.FailNext(Error::Unavailable("connection refused"));
  transport_.FailNext(Error::Unavailable("451 try later"));
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->retried, 1);
  auto rows = Rows();
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].next_attempt_at, Ms(clock_.Now() + seconds(30)));
  EXPECT_NE(rows[0].last_error.find("connection refused"), std::string::npos);

  clock_.Advance(seconds(29));
  ASSERT_TRUE(dispatcher.RunOnce());
  EXPECT_EQ(transport_.attempts().size(), 1u);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(dispatcher.RunOnce());
  rows = Rows();
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_EQ(rows[0].next_attempt_at, Ms(clock_.Now() + minutes(1)));
  clock_.Advance(minutes(1));
  ASSERT_TRUE(dispatcher.RunOnce());
  rows = Rows();
  EXPECT_EQ(rows[0].status, "sent");
  EXPECT_EQ(rows[0].attempts, 3);
  EXPECT_EQ(transport_.sent().size(), 1u);
  // The Message-ID does not change between attempts.
  const auto attempts = transport_.attempts();
  EXPECT_EQ(attempts[0].message_id, attempts[2].message_id);
}

TEST_P(OutboxTest, PermanentFailureMarksFailed) {
  ASSERT_TRUE(Enqueue(Email()));
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  transport_.FailNext(Error::InvalidArgument("550 no such user"));
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 1);
  const auto rows = Rows();
  EXPECT_EQ(rows[0].status, "failed");
  EXPECT_NE(rows[0].last_error.find("550"), std::string::npos);
  clock_.Advance(minutes(60));
  ASSERT_TRUE(dispatcher.RunOnce());
  EXPECT_EQ(transport_.attempts().size(), 1u);
}

TEST_P(OutboxTest, GivesUpAfterMaxAttempts) {
  ASSERT_TRUE(Enqueue(Email()));
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  for (int i = 0; i < 10; ++i) transport_.FailNext(Error::Unavailable("down"));
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(dispatcher.RunOnce());
    clock_.Advance(minutes(16));
  }
  EXPECT_EQ(transport_.attempts().size(), 4u);
  const auto rows = Rows();
  EXPECT_EQ(rows[0].status, "failed");
  EXPECT_EQ(rows[0].attempts, 4);
}

TEST_P(OutboxTest, CrashedDispatcherLeaseExpiresAndMessageIsSentAgain) {
  ASSERT_TRUE(Enqueue(Email()));
  // A dispatcher claimed the message and died before marking it.
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(
        tx.Exec("UPDATE outbox SET status = 'sending', attempts = 1, next_attempt_at = $1",
                {Ms(clock_.Now() + options_.lease)}));
    return Ok();
  }));
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  ASSERT_TRUE(dispatcher.RunOnce());
  EXPECT_TRUE(transport_.attempts().empty())
      << "claimed by another dispatcher until the lease ends";
  clock_.Advance(options_.lease);
  ASSERT_TRUE(dispatcher.RunOnce());
  EXPECT_EQ(transport_.sent().size(), 1u);
  const auto rows = Rows();
  EXPECT_EQ(rows[0].status, "sent");
  EXPECT_EQ(rows[0].attempts, 2);
}

TEST_P(OutboxTest, ConcurrentDispatchersSendEachMessageOnce) {
  constexpr int kMessages = 30;
  for (int i = 0; i < kMessages; ++i) {
    ASSERT_TRUE(Enqueue(Email("spoc" + std::to_string(i) + "@example.test")));
  }
  testing::FakeMailTransport other;
  EmailChannel a_email(transport_, kFrom);
  OutboxDispatcher a(*db_, clock_, options_);
  a.RegisterChannel("email", a_email);
  EmailChannel b_email(other, kFrom);
  OutboxDispatcher b(*db_, clock_, options_);
  b.RegisterChannel("email", b_email);
  std::thread ta([&] { EXPECT_TRUE(a.RunOnce()); });
  std::thread tb([&] { EXPECT_TRUE(b.RunOnce()); });
  ta.join();
  tb.join();
  std::multiset<std::string> recipients;
  for (const auto& m : transport_.sent()) recipients.insert(m.to);
  for (const auto& m : other.sent()) recipients.insert(m.to);
  EXPECT_EQ(recipients.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(std::set<std::string>(recipients.begin(), recipients.end()).size(),
            static_cast<size_t>(kMessages));
}

TEST_P(OutboxTest, BackgroundThreadWakesOnNotifyAndStopsGracefully) {
  options_.poll_interval = std::chrono::hours(1);  // only Notify() can wake it in time
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  dispatcher.Start();
  // Let the first (empty) round pass so the thread is waiting.
  std::this_thread::sleep_for(milliseconds(50));
  ASSERT_TRUE(Enqueue(Email()));
  dispatcher.Notify();
  const auto deadline = std::chrono::steady_clock::now() + seconds(10);
  while (transport_.sent().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  dispatcher.Stop();
  EXPECT_EQ(transport_.sent().size(), 1u);
  EXPECT_EQ(Rows()[0].status, "sent");
}

TEST_P(OutboxTest, PurgeSentDeletesOnlyOldSentRows) {
  ASSERT_TRUE(Enqueue(Email("a@example.test")));
  EmailChannel dispatcher_email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  ASSERT_TRUE(dispatcher.RunOnce());
  clock_.Advance(std::chrono::hours(24));
  ASSERT_TRUE(Enqueue(Email("b@example.test")));
  transport_.FailNext(Error::Unavailable("down"));
  ASSERT_TRUE(dispatcher.RunOnce());
  auto purged = dispatcher.PurgeSent(clock_.Now() - std::chrono::hours(1));
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1);
  const auto rows = Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "pending");
}

// A channel that records what it is given, standing in for a webhook sender.
class RecordingChannel final : public ports::Channel {
 public:
  Status Send(const ports::OutboxMessage& message) override {
    received.push_back(message);
    return Ok();
  }
  std::vector<ports::OutboxMessage> received;
};

Status EnqueueOn(ports::Database& db, const std::string& channel, ports::TimePoint now) {
  return db.Write([&](ports::Tx& tx) -> Status {
    ports::OutboxMessage m;
    m.channel = channel;
    m.recipient = "https://hooks.example.test/warroom";
    m.subject = "advisory.published";
    m.body_text = R"({"advisory":7})";
    m.headers_json = R"({"X-Warroom-Event":"advisory.published"})";
    return StatusOf(storage::OutboxStore(tx).Enqueue(m, Ms(now)));
  });
}

TEST_P(OutboxTest, EachMessageGoesToTheChannelItNames) {
  ASSERT_TRUE(Enqueue(Email()));
  ASSERT_TRUE(EnqueueOn(*db_, "webhook", clock_.Now()));
  RecordingChannel webhook;
  EmailChannel email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", email);
  dispatcher.RegisterChannel("webhook", webhook);
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 2);
  ASSERT_EQ(transport_.sent().size(), 1u);
  EXPECT_EQ(transport_.sent()[0].to, "spoc@leuven.example");
  ASSERT_EQ(webhook.received.size(), 1u);
  const auto& hook = webhook.received[0];
  EXPECT_EQ(hook.channel, "webhook");
  EXPECT_EQ(hook.recipient, "https://hooks.example.test/warroom");
  EXPECT_EQ(hook.body_text, R"({"advisory":7})");
  EXPECT_EQ(hook.headers_json,
            std::optional<std::string>(R"({"X-Warroom-Event":"advisory.published"})"));
  EXPECT_EQ(hook.attempts, 1);
  for (const auto& row : Rows()) EXPECT_EQ(row.status, "sent");
}

TEST_P(OutboxTest, UnknownChannelIsFailedWithItsNameNotRetried) {
  ASSERT_TRUE(EnqueueOn(*db_, "pager", clock_.Now()));
  ASSERT_TRUE(Enqueue(Email()));
  EmailChannel email(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", email);
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->failed, 1);
  EXPECT_EQ(stats->sent, 1);
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status, "failed");
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_NE(rows[0].last_error.find("no channel 'pager' is registered"), std::string::npos)
      << rows[0].last_error;
  EXPECT_EQ(rows[1].status, "sent");
  clock_.Advance(std::chrono::hours(2));
  stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 0);
  EXPECT_EQ(Rows()[0].attempts, 1);
}

TEST_P(OutboxTest, HeldChannelWaitsWhileOthersAreDelivered) {
  ASSERT_TRUE(Enqueue(Email()));
  ASSERT_TRUE(EnqueueOn(*db_, "webhook", clock_.Now()));
  RecordingChannel webhook;
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("webhook", webhook);
  dispatcher.HoldChannel("email");
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 1);
  EXPECT_EQ(stats->failed, 0);
  EXPECT_EQ(webhook.received.size(), 1u);
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status, "pending");  // the e-mail: untouched, not failed
  EXPECT_EQ(rows[0].attempts, 0);
  EXPECT_EQ(rows[1].status, "sent");
  // A dispatcher that delivers e-mail finds it later.
  EmailChannel email(transport_, kFrom);
  OutboxDispatcher mailer(*db_, clock_, options_);
  mailer.RegisterChannel("email", email);
  stats = mailer.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, 1);
  EXPECT_EQ(transport_.sent().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

// End to end: the outbox on each engine, delivering over SMTP to a real server.
class OutboxSmtpTest : public OutboxTest {
 protected:
  void SetUp() override {
    OutboxTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto started = sink_.Start();
    ASSERT_TRUE(started) << started.error().message;
    auto c = email::ParseSmtpUrl("smtp://127.0.0.1:" + std::to_string(sink_.port()) +
                                 "?starttls=off&connect_timeout_ms=2000&timeout_ms=10000");
    ASSERT_TRUE(c);
    smtp_ = std::make_unique<email::SmtpTransport>(*c, clock_);
  }
  testing::SmtpSink sink_{WARROOM_SOURCE_DIR};
  std::unique_ptr<email::SmtpTransport> smtp_;
};

TEST_P(OutboxSmtpTest, SurvivesMailServerOutageAndDeliversExactlyOnce) {
  EmailChannel dispatcher_email(*smtp_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);

  // Rolled back: nothing is sent.
  EXPECT_FALSE(db_->Write([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(EnqueueEmail(tx, Email("rolled-back@example.test"), clock_.Now()));
    return Error::Internal("abort");
  }));
  // Committed: delivered once.
  ASSERT_TRUE(Enqueue(Email("first@example.test")));
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 1);
  ASSERT_TRUE(dispatcher.RunOnce());
  auto messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].recipients, std::vector<std::string>{"first@example.test"});
  EXPECT_EQ(messages[0].subject, "Advies ✓");
  EXPECT_EQ(messages[0].text, "Lees dit.\n\n");

  // Mail server down: the attempt is recorded and retried later.
  sink_.Stop();
  ASSERT_TRUE(Enqueue(Email("second@example.test")));
  stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->retried, 1);
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].status, "pending");
  EXPECT_EQ(rows[1].attempts, 1);
  EXPECT_GT(rows[1].next_attempt_at, Ms(clock_.Now()));
  EXPECT_FALSE(rows[1].last_error.empty());

  // Back up, but not yet due: nothing happens; once due, it arrives exactly once.
  ASSERT_TRUE(sink_.Start());
  ASSERT_TRUE(dispatcher.RunOnce());
  EXPECT_EQ(sink_.Messages().size(), 1u);
  clock_.Advance(seconds(30));
  stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, 1);
  clock_.Advance(minutes(30));
  ASSERT_TRUE(dispatcher.RunOnce());
  messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].recipients, std::vector<std::string>{"second@example.test"});
  EXPECT_EQ(Rows()[1].status, "sent");
}

TEST_P(OutboxSmtpTest, ExpiredLeaseIsPickedUpAndDelivered) {
  ASSERT_TRUE(Enqueue(Email("crash@example.test")));
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(
        tx.Exec("UPDATE outbox SET status = 'sending', attempts = 1, "
                "next_attempt_at = $1",
                {Ms(clock_.Now() + seconds(10))}));
    return Ok();
  }));
  EmailChannel dispatcher_email(*smtp_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", dispatcher_email);
  ASSERT_TRUE(dispatcher.RunOnce());
  EXPECT_TRUE(sink_.Messages().empty());
  clock_.Advance(seconds(10));
  ASSERT_TRUE(dispatcher.RunOnce());
  ASSERT_EQ(sink_.Messages().size(), 1u);
  EXPECT_EQ(Rows()[0].status, "sent");
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxSmtpTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::delivery
