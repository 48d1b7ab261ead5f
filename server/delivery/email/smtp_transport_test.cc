#include "server/delivery/email/smtp_transport.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include "server/testing/fake_clock.h"
#include "server/testing/smtp_sink.h"

namespace warroom::delivery::email {
namespace {

TEST(SmtpUrlTest, ParsesFullUrl) {
  auto c = ParseSmtpUrl(
      "smtp://us%40er:p%3Ass@127.0.0.1:2525?starttls=required&from=warroom@example.test"
      "&connect_timeout_ms=500&timeout_ms=2000&verify=0");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(c->username, "us@er");
  EXPECT_EQ(c->password, "p:ss");
  EXPECT_EQ(c->from, "warroom@example.test");
  EXPECT_EQ(c->starttls, StartTls::kRequired);
  EXPECT_FALSE(c->verify_peer);
  EXPECT_EQ(c->connect_timeout.count(), 500);
  EXPECT_EQ(c->total_timeout.count(), 2000);
}

TEST(SmtpUrlTest, DefaultsAndSmtps) {
  auto c = ParseSmtpUrl("smtp://mail.example.test");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->url, "smtp://mail.example.test:25");
  EXPECT_EQ(c->starttls, StartTls::kOptional);
  EXPECT_TRUE(c->username.empty());
  auto s = ParseSmtpUrl("smtps://mail.example.test");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->url, "smtps://mail.example.test:465");
  EXPECT_EQ(s->starttls, StartTls::kRequired);
  auto off = ParseSmtpUrl("smtp://127.0.0.1:25?starttls=off");
  ASSERT_TRUE(off);
  EXPECT_EQ(off->starttls, StartTls::kOff);
}

TEST(SmtpUrlTest, RejectsBadUrls) {
  EXPECT_FALSE(ParseSmtpUrl("http://example.test"));
  EXPECT_FALSE(ParseSmtpUrl("smtp://"));
  EXPECT_FALSE(ParseSmtpUrl("smtp://host:99999"));
  EXPECT_FALSE(ParseSmtpUrl("smtp://host:25?starttls=maybe"));
  EXPECT_FALSE(ParseSmtpUrl("smtp://host:25?from=not-an-address"));
  EXPECT_FALSE(ParseSmtpUrl("smtp://host:25?bogus=1"));
  EXPECT_FALSE(ParseSmtpUrl("smtp://host:25/path"));
  EXPECT_FALSE(ParseSmtpUrl("smtps://host?starttls=off"));
}

TEST(SmtpErrorTest, ClassifiesTransientAndPermanent) {
  EXPECT_EQ(ClassifySmtpFailure(CURLE_COULDNT_CONNECT, 0, "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(ClassifySmtpFailure(CURLE_OPERATION_TIMEDOUT, 0, "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(ClassifySmtpFailure(CURLE_SEND_ERROR, 451, "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(ClassifySmtpFailure(CURLE_SEND_ERROR, 550, "RCPT failed").code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ClassifySmtpFailure(CURLE_LOGIN_DENIED, 535, "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(ClassifySmtpFailure(CURLE_USE_SSL_FAILED, 0, "").code, ErrorCode::kUnavailable);
}

class SmtpTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = sink_.Start();
    ASSERT_TRUE(started) << started.error().message;
    auto c = ParseSmtpUrl("smtp://127.0.0.1:" + std::to_string(sink_.port()) +
                          "?from=warroom@example.test&connect_timeout_ms=2000&timeout_ms=10000");
    ASSERT_TRUE(c);
    config_ = *c;
  }
  testing::SmtpSink sink_{WARROOM_SOURCE_DIR};
  testing::FakeClock clock_;
  SmtpConfig config_;
};

TEST_F(SmtpTransportTest, DeliversToRealSmtpServer) {
  SmtpTransport transport(config_, clock_);
  ports::MailMessage m;
  m.from = "warroom@example.test";
  m.to = "spoc@leuven.example";
  m.subject = "[OEFENING] Beveiligingsadvies — réponse ✓";
  m.body_text = "Eerste lijn\n.Een lijn met een punt\nLaatste: é à ü\n" + std::string(120, 'z');
  m.body_html = "<p>Eerste &amp; laatste</p>";
  m.message_id = "<test-1@example.test>";
  auto sent = transport.Send(m);
  ASSERT_TRUE(sent) << sent.error().message;

  const auto messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const auto& got = messages[0];
  EXPECT_EQ(got.subject, m.subject);
  ASSERT_EQ(got.recipients.size(), 1u);
  EXPECT_EQ(got.recipients[0], "spoc@leuven.example");
  EXPECT_EQ(got.headers.at("message-id"), "<test-1@example.test>");
  EXPECT_EQ(got.headers.at("from"), "warroom@example.test");
  EXPECT_EQ(got.text, m.body_text + "\n");
  EXPECT_EQ(got.html, *m.body_html + "\n");
}

TEST_F(SmtpTransportTest, ConnectionRefusedIsTransient) {
  sink_.Stop();
  SmtpTransport transport(config_, clock_);
  ports::MailMessage m;
  m.from = "warroom@example.test";
  m.to = "spoc@leuven.example";
  m.subject = "x";
  m.body_text = "y";
  auto sent = transport.Send(m);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
}

TEST_F(SmtpTransportTest, MalformedMessageIsPermanent) {
  SmtpTransport transport(config_, clock_);
  ports::MailMessage m;
  m.from = "warroom@example.test";
  m.to = "spoc@leuven.example";
  m.subject = "x\r\nBcc: victim@example.test";
  m.body_text = "y";
  auto sent = transport.Send(m);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sink_.Messages().empty());
}

}  // namespace
}  // namespace warroom::delivery::email
