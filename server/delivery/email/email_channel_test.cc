#include "server/delivery/email/email_channel.h"

#include <gtest/gtest.h>

#include "server/delivery/email/smtp_transport.h"
#include "server/delivery/outbox.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"
#include "server/testing/fake_mail_transport.h"
#include "server/testing/smtp_sink.h"

namespace warroom::delivery::email {
namespace {

using ports::Engine;

constexpr const char* kFrom = "warroom@example.test";

OutboxEmail WithHeaders(std::map<std::string, std::string> headers) {
  OutboxEmail e{"spoc@leuven.example", "Advies", "Lees dit.\n", std::nullopt};
  e.headers = std::move(headers);
  return e;
}

TEST(AllowedExtraHeaderTest, ClosedSetInAnyCase) {
  EXPECT_EQ(AllowedExtraHeader("list-id"), std::optional<std::string_view>("List-Id"));
  EXPECT_EQ(AllowedExtraHeader("AUTO-SUBMITTED"),
            std::optional<std::string_view>("Auto-Submitted"));
  EXPECT_EQ(AllowedExtraHeader("X-Auto-Response-Suppress"),
            std::optional<std::string_view>("X-Auto-Response-Suppress"));
  for (const char* name : {"Bcc", "To", "From", "Reply-To", "Precedence", "Subject", "List-Id2"}) {
    EXPECT_EQ(AllowedExtraHeader(name), std::nullopt) << name;
  }
}

class EmailChannelTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    options_.retry.jitter = 0;
  }
  Status Enqueue(const OutboxEmail& e) {
    return db_->Write([&](ports::Tx& tx) { return StatusOf(EnqueueEmail(tx, e, clock_.Now())); });
  }
  std::string StatusOfRow() {
    std::string status;
    EXPECT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT status FROM outbox", {}));
      if (rows.size() == 1) status = rows[0].Text(0);
      return Ok();
    }));
    return status;
  }

  testing::FakeClock clock_;
  testing::FakeMailTransport transport_;
  DispatcherOptions options_;
};

TEST_P(EmailChannelTest, EnqueueRefusesHeadersThatCouldInjectOrReroute) {
  EXPECT_EQ(Enqueue(WithHeaders({{"Bcc", "victim@example.test"}})).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      Enqueue(WithHeaders({{"List-Id", "<a.example>\r\nBcc: victim@example.test"}})).error().code,
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(Enqueue(WithHeaders({{"List-Id", "a\nb"}})).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Enqueue(WithHeaders({{"List-Id", std::string("a\0b", 3)}})).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Enqueue(WithHeaders({{"List-Id", "\xff"}})).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(StatusOfRow(), "");  // nothing entered the queue
}

TEST_P(EmailChannelTest, HeadersTravelThroughTheOutbox) {
  ASSERT_TRUE(Enqueue(WithHeaders(
      {{"list-id", "<advisories.warroom.example>"}, {"X-Auto-Response-Suppress", "All"}})));
  EmailChannel channel(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", channel);
  ASSERT_TRUE(dispatcher.RunOnce());
  const auto sent = transport_.sent();
  ASSERT_EQ(sent.size(), 1u);
  using Headers = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(sent[0].headers, (Headers{{"List-Id", "<advisories.warroom.example>"},
                                      {"X-Auto-Response-Suppress", "All"},
                                      {"Auto-Submitted", "auto-generated"}}));
}

TEST_P(EmailChannelTest, MessageMayReplaceTheDefaultAutoSubmitted) {
  ASSERT_TRUE(Enqueue(WithHeaders({{"Auto-Submitted", "auto-notified"}})));
  EmailChannel channel(transport_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", channel);
  ASSERT_TRUE(dispatcher.RunOnce());
  const auto sent = transport_.sent();
  ASSERT_EQ(sent.size(), 1u);
  using Headers = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(sent[0].headers, (Headers{{"Auto-Submitted", "auto-notified"}}));
}

TEST_P(EmailChannelTest, BadStoredHeadersFailTheMessageForGood) {
  for (const char* json :
       {R"({"Bcc":"victim@example.test"})", R"({"List-Id":"a\r\nBcc: v"})", R"({"List-Id":1})",
        R"(["List-Id"])", R"({"List-Id":"a","list-id":"b"})", "not json"}) {
    ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(tx.Exec("DELETE FROM outbox", {}));
      WR_RETURN_IF_ERROR(EnqueueEmail(tx, WithHeaders({}), clock_.Now()));
      return StatusOf(tx.Exec("UPDATE outbox SET headers_json = $1", {std::string(json)}));
    }));
    EmailChannel channel(transport_, kFrom);
    OutboxDispatcher dispatcher(*db_, clock_, options_);
    dispatcher.RegisterChannel("email", channel);
    ASSERT_TRUE(dispatcher.RunOnce());
    EXPECT_EQ(StatusOfRow(), "failed") << json;
  }
  EXPECT_TRUE(transport_.attempts().empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, EmailChannelTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

// The headers reach a real SMTP server, on each engine.
class EmailChannelSmtpTest : public EmailChannelTest {
 protected:
  void SetUp() override {
    EmailChannelTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto started = sink_.Start();
    ASSERT_TRUE(started) << started.error().message;
    auto c = ParseSmtpUrl("smtp://127.0.0.1:" + std::to_string(sink_.port()) +
                          "?starttls=off&connect_timeout_ms=2000&timeout_ms=10000");
    ASSERT_TRUE(c);
    smtp_ = std::make_unique<SmtpTransport>(*c, clock_);
  }
  testing::SmtpSink sink_{WARROOM_SOURCE_DIR};
  std::unique_ptr<SmtpTransport> smtp_;
};

TEST_P(EmailChannelSmtpTest, ExtraHeadersReachTheMailServer) {
  ASSERT_TRUE(Enqueue(WithHeaders({{"List-Id", "\"Warroom\" <advisories.warroom.example>"},
                                   {"Auto-Submitted", "auto-generated"},
                                   {"X-Auto-Response-Suppress", "All"}})));
  EmailChannel channel(*smtp_, kFrom);
  OutboxDispatcher dispatcher(*db_, clock_, options_);
  dispatcher.RegisterChannel("email", channel);
  ASSERT_TRUE(dispatcher.RunOnce());
  const auto messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const auto& h = messages[0].headers;
  EXPECT_EQ(h.at("list-id"), "\"Warroom\" <advisories.warroom.example>");
  EXPECT_EQ(h.at("auto-submitted"), "auto-generated");
  EXPECT_EQ(h.at("x-auto-response-suppress"), "All");
  EXPECT_EQ(h.count("precedence"), 0u);
  // Once: the channel's default did not add a second Auto-Submitted.
  size_t count = 0;
  for (size_t i = messages[0].raw.find("Auto-Submitted:"); i != std::string::npos;
       i = messages[0].raw.find("Auto-Submitted:", i + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, EmailChannelSmtpTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::delivery::email
