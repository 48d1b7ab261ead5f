#include "server/delivery/email/mime.h"

#include <gtest/gtest.h>

#include "server/testing/smtp_sink.h"

namespace warroom::delivery::email {
namespace {

const ports::TimePoint kDate{std::chrono::seconds(1'700'000'000)};

ports::MailMessage Sample() {
  ports::MailMessage m;
  m.from = "warroom@example.test";
  m.to = "spoc@gemeente.example";
  m.subject = "Advisory";
  m.body_text = "Hello\nworld\n";
  m.message_id = "<abc@example.test>";
  return m;
}

TEST(MimeTest, PlainAsciiMessageHasRequiredHeadersAndCrlf) {
  auto built = BuildMimeMessage(Sample(), kDate);
  ASSERT_TRUE(built) << built.error().message;
  const std::string& s = *built;
  EXPECT_NE(s.find("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"), std::string::npos);
  EXPECT_NE(s.find("From: warroom@example.test\r\n"), std::string::npos);
  EXPECT_NE(s.find("To: spoc@gemeente.example\r\n"), std::string::npos);
  EXPECT_NE(s.find("Subject: Advisory\r\n"), std::string::npos);
  EXPECT_NE(s.find("Message-ID: <abc@example.test>\r\n"), std::string::npos);
  EXPECT_NE(s.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(s.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(s.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(s[i - 1], '\r') << "bare LF at " << i;
    }
  }
}

TEST(MimeTest, NonAsciiSubjectIsRfc2047Encoded) {
  auto m = Sample();
  m.subject = "Dringend: beveiligingsadvies voor Sint-Genesius-Rode — réponse demandée ✓";
  auto built = BuildMimeMessage(m, kDate);
  ASSERT_TRUE(built);
  const auto mail = testing::ParseMail(*built);
  EXPECT_EQ(mail.subject, m.subject);
  EXPECT_NE(mail.headers.at("subject").find("=?UTF-8?B?"), std::string::npos);
  // Every encoded word is at most 75 characters.
  const std::string header = EncodeHeaderText(m.subject);
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find("\r\n ", start);
    if (end == std::string::npos) end = header.size();
    EXPECT_LE(end - start, 75u);
    start = end + 3;
  }
}

TEST(MimeTest, AsciiSubjectStaysReadable) { EXPECT_EQ(EncodeHeaderText("Plain"), "Plain"); }

TEST(MimeTest, QuotedPrintableRoundTripsUtf8AndLongLines) {
  const std::string text = "Één lijn met accenten: é à ü\n" + std::string(200, 'x') +
                           "\n.leading dot\ntrailing space \n= sign";
  const std::string qp = EncodeQuotedPrintable(text);
  size_t start = 0;
  while (start < qp.size()) {
    size_t end = qp.find("\r\n", start);
    if (end == std::string::npos) end = qp.size();
    EXPECT_LE(end - start, 76u);
    EXPECT_NE(qp[start], '.');
    start = end + 2;
  }
  std::string crlf_removed;
  for (char c : qp) {
    if (c != '\r') crlf_removed += c;
  }
  EXPECT_EQ(testing::DecodeBody(crlf_removed, "quoted-printable"), text);
}

TEST(MimeTest, HtmlGivesMultipartAlternative) {
  auto m = Sample();
  m.body_text = "Tekst — é";
  m.body_html = "<p>Tekst — é</p>";
  auto built = BuildMimeMessage(m, kDate);
  ASSERT_TRUE(built);
  EXPECT_NE(built->find("Content-Type: multipart/alternative; boundary=\"=_warroom_"),
            std::string::npos);
  const auto mail = testing::ParseMail(*built);
  EXPECT_EQ(mail.text, "Tekst — é\n");
  EXPECT_EQ(mail.html, "<p>Tekst — é</p>\n");
}

TEST(MimeTest, RejectsHeaderInjection) {
  auto m = Sample();
  m.subject = "Hi\r\nBcc: victim@example.test";
  EXPECT_EQ(BuildMimeMessage(m, kDate).error().code, ErrorCode::kInvalidArgument);
  m = Sample();
  m.subject = "Hi\nBcc: victim@example.test";
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
  m = Sample();
  m.to = "spoc@example.test\r\nBcc: victim@example.test";
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
  m = Sample();
  m.from = "a@b.test>\r\nX: y";
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
  m = Sample();
  m.headers = {{"X-Warroom", "ok\r\nBcc: victim@example.test"}};
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
  m = Sample();
  m.headers = {{"Bad Name", "x"}};
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
  m = Sample();
  m.headers = {{"bcc", "victim@example.test"}};
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
  m = Sample();
  m.message_id = "<a@b>\r\nBcc: x@y";
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
}

TEST(MimeTest, RejectsInvalidUtf8) {
  auto m = Sample();
  m.body_text = "bad \xff byte";
  EXPECT_FALSE(BuildMimeMessage(m, kDate));
}

TEST(MimeTest, ExtraHeadersAreEncoded) {
  auto m = Sample();
  m.headers = {{"X-Warroom-Organisation", "Liège"}, {"Auto-Submitted", "auto-generated"}};
  auto built = BuildMimeMessage(m, kDate);
  ASSERT_TRUE(built);
  const auto mail = testing::ParseMail(*built);
  EXPECT_EQ(testing::DecodeHeaderValue(mail.headers.at("x-warroom-organisation")), "Liège");
  EXPECT_EQ(mail.headers.at("auto-submitted"), "auto-generated");
}

TEST(MimeTest, GeneratesMessageIdWhenMissing) {
  auto m = Sample();
  m.message_id.clear();
  auto built = BuildMimeMessage(m, kDate);
  ASSERT_TRUE(built);
  const auto mail = testing::ParseMail(*built);
  const std::string id = mail.headers.at("message-id");
  EXPECT_EQ(id.front(), '<');
  EXPECT_NE(id.find("@example.test>"), std::string::npos);
}

TEST(MimeTest, AddressValidation) {
  EXPECT_TRUE(IsValidMailAddress("spoc@gemeente.be"));
  EXPECT_TRUE(IsValidMailAddress("first.last+tag@sub.example.test"));
  EXPECT_FALSE(IsValidMailAddress("no-at-sign"));
  EXPECT_FALSE(IsValidMailAddress("a b@example.test"));
  EXPECT_FALSE(IsValidMailAddress("a@b@example.test"));
  EXPECT_FALSE(IsValidMailAddress("<a@example.test>"));
  EXPECT_FALSE(IsValidMailAddress("a@example..test"));
  EXPECT_FALSE(IsValidMailAddress("a@"));
}

TEST(MimeTest, Base64Lines) {
  EXPECT_EQ(EncodeBase64Lines("Man"), "TWFu");
  EXPECT_EQ(EncodeBase64Lines("Ma"), "TWE=");
  EXPECT_EQ(EncodeBase64Lines("M"), "TQ==");
  const std::string long_b64 = EncodeBase64Lines(std::string(100, 'a'));
  EXPECT_EQ(long_b64.find("\r\n"), 76u);
}

}  // namespace
}  // namespace warroom::delivery::email
