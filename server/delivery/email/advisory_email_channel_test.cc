#include "server/delivery/email/advisory_email_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/delivery/outbox.h"
#include "server/storage/repositories/outbox_store.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"
#include "server/testing/fake_mail_transport.h"

namespace warroom::delivery::email {
namespace {

constexpr const char* kFrom = "warroom@example.test";
constexpr const char* kTitle = "VPN-lek bij Demo ICT <script>";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ports::AdvisoryMessage Message(core::Tlp tlp) {
  ports::AdvisoryMessage m;
  m.to = "spoc@leuven.example";
  m.language = core::Language::kFr;
  m.advisory_id = 7;
  m.reference = "ADV-2026-0007";
  m.revision = 2;
  m.update = true;
  m.severity = core::Severity::kAlert;
  m.tlp = tlp;
  m.is_exercise = true;
  m.text = {kTitle, "Patch **now**.", {"Patch the VPN"}};
  m.attachment_names = {"diagram.png"};
  m.organisation_name = "Leuven";
  m.recipient_name = "An Peeters";
  m.stage_label = "deputy 2";
  m.escalation = true;
  m.ack_url = "https://warroom.example/ack/secret-token";
  m.app_url = "https://warroom.example/inbox/7";
  return m;
}

// A text source that counts its calls and answers with one text, or an error.
struct Texts {
  int calls = 0;
  std::optional<Error> error;
  AdvisoryTextSource Source() {
    return [this](int64_t id, int revision, core::Language lang) -> Result<core::AdvisoryText> {
      ++calls;
      if (error) return *error;
      if (id != 7 || revision != 2 || lang != core::Language::kFr) {
        return Error::NotFound("no such text");
      }
      return core::AdvisoryText{"Fuite VPN <script>", "Corrigez **maintenant**.", {"Corriger"}};
    };
  }
};

ports::OutboxMessage Row(const ports::AdvisoryMessage& m, int64_t id = 41) {
  auto row = AdvisoryOutboxMessage(m);
  EXPECT_TRUE(row) << row.error().message;
  row->id = id;
  row->attempts = 1;
  row->created_at = 1'700'000'000'000;
  return *row;
}

TEST(AdvisoryOutboxMessageTest, StoresWhoAndWhichRevisionButNoText) {
  const ports::AdvisoryMessage m = Message(core::Tlp::kAmber);
  const ports::OutboxMessage row = Row(m);
  EXPECT_EQ(row.channel, kAdvisoryEmailChannel);
  EXPECT_EQ(row.recipient, m.to);
  EXPECT_FALSE(Has(row.subject, "VPN"));
  EXPECT_FALSE(Has(row.body_text, "VPN-lek"));
  EXPECT_FALSE(Has(row.body_text, "Patch"));
  EXPECT_FALSE(row.body_html.has_value());

  auto back = ParseAdvisoryOutboxMessage(row);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->to, m.to);
  EXPECT_EQ(back->language, m.language);
  EXPECT_EQ(back->advisory_id, m.advisory_id);
  EXPECT_EQ(back->reference, m.reference);
  EXPECT_EQ(back->revision, m.revision);
  EXPECT_EQ(back->update, m.update);
  EXPECT_EQ(back->reacknowledge, m.reacknowledge);
  EXPECT_EQ(back->severity, m.severity);
  EXPECT_EQ(back->tlp, m.tlp);
  EXPECT_EQ(back->is_exercise, m.is_exercise);
  EXPECT_EQ(back->attachment_names, m.attachment_names);
  EXPECT_EQ(back->organisation_name, m.organisation_name);
  EXPECT_EQ(back->recipient_name, m.recipient_name);
  EXPECT_EQ(back->stage_label, m.stage_label);
  EXPECT_EQ(back->escalation, m.escalation);
  EXPECT_EQ(back->ack_url, m.ack_url);
  EXPECT_EQ(back->app_url, m.app_url);
  EXPECT_TRUE(back->text.title.empty());
}

TEST(AdvisoryOutboxMessageTest, StrictAndRedRowsNameNoAttachment) {
  for (core::Tlp tlp : {core::Tlp::kAmberStrict, core::Tlp::kRed}) {
    const ports::OutboxMessage row = Row(Message(tlp));
    EXPECT_FALSE(Has(row.body_text, "diagram.png")) << core::Name(tlp);
  }
}

TEST(AdvisoryOutboxMessageTest, RefusesABadAddress) {
  ports::AdvisoryMessage m = Message(core::Tlp::kGreen);
  m.to = "not an address\r\nBcc: x@y.example";
  auto row = AdvisoryOutboxMessage(m);
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, ErrorCode::kInvalidArgument);
}

TEST(AdvisoryOutboxMessageTest, RefusesMalformedRows) {
  const ports::OutboxMessage good = Row(Message(core::Tlp::kGreen));
  const auto without = [&](const std::string& key) {
    auto j = nlohmann::json::parse(good.body_text);
    j.erase(key);
    ports::OutboxMessage row = good;
    row.body_text = j.dump();
    return row;
  };
  std::vector<ports::OutboxMessage> bad = {without("revision"), without("language"), without("tlp"),
                                           without("ack_url"), without("attachments")};
  for (const char* body : {"", "[]", "{\"advisory\":\"7\"}", "not json"}) {
    ports::OutboxMessage row = good;
    row.body_text = body;
    bad.push_back(row);
  }
  auto j = nlohmann::json::parse(good.body_text);
  j["tlp"] = "PURPLE";
  ports::OutboxMessage purple = good;
  purple.body_text = j.dump();
  bad.push_back(purple);
  for (const auto& row : bad) {
    auto parsed = ParseAdvisoryOutboxMessage(row);
    ASSERT_FALSE(parsed) << row.body_text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << row.body_text;
  }
}

class AdvisoryEmailChannelTest : public ::testing::Test {
 protected:
  testing::FakeMailTransport transport_;
  EmailChannel email_{transport_, kFrom};
  Texts texts_;
  AdvisoryEmailChannel channel_{email_, texts_.Source(), "Warroom", "https://warroom.example"};
};

TEST_F(AdvisoryEmailChannelTest, RendersTheRevisionTextInTheRecipientsLanguage) {
  ASSERT_TRUE(channel_.Send(Row(Message(core::Tlp::kAmber))));
  const auto sent = transport_.sent();
  ASSERT_EQ(sent.size(), 1u);
  const ports::MailMessage& mail = sent[0];
  EXPECT_EQ(mail.to, "spoc@leuven.example");
  EXPECT_EQ(mail.from, kFrom);
  // The text read at send time, not the one the queued message carried.
  EXPECT_TRUE(Has(mail.subject, "Fuite VPN")) << mail.subject;
  EXPECT_TRUE(Has(mail.subject, "[TLP:AMBER]")) << mail.subject;
  EXPECT_EQ(mail.subject.rfind("[OEFENING / EXERCICE / EXERCISE]", 0), 0u) << mail.subject;
  EXPECT_TRUE(Has(mail.body_text, "https://warroom.example/ack/secret-token"));
  EXPECT_TRUE(Has(mail.body_text, "diagram.png"));
  ASSERT_TRUE(mail.body_html.has_value());
  EXPECT_TRUE(Has(*mail.body_html, "<strong>maintenant</strong>"));
  EXPECT_TRUE(Has(*mail.body_html, "Fuite VPN &lt;script&gt;"));
  EXPECT_FALSE(Has(*mail.body_html, "<script"));
  // The outbox row's identity, the same on every retry.
  EXPECT_EQ(mail.message_id, "<outbox-41.1700000000000@example.test>");
  bool list_id = false;
  for (const auto& [name, value] : mail.headers) list_id = list_id || name == "List-Id";
  EXPECT_TRUE(list_id);
}

TEST_F(AdvisoryEmailChannelTest, ReadsEachTextOnceForManyMails) {
  for (int64_t id = 1; id <= 5; ++id) {
    ports::AdvisoryMessage m = Message(core::Tlp::kGreen);
    m.to = "spoc" + std::to_string(id) + "@leuven.example";
    ASSERT_TRUE(channel_.Send(Row(m, id)));
  }
  EXPECT_EQ(transport_.sent().size(), 5u);
  EXPECT_EQ(texts_.calls, 1);
}

TEST_F(AdvisoryEmailChannelTest, StrictAndRedMailsReadNoText) {
  for (core::Tlp tlp : {core::Tlp::kAmberStrict, core::Tlp::kRed}) {
    ASSERT_TRUE(channel_.Send(Row(Message(tlp))));
  }
  EXPECT_EQ(texts_.calls, 0);
  const auto sent = transport_.sent();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& mail : sent) {
    EXPECT_FALSE(Has(mail.subject, "Fuite")) << mail.subject;
    EXPECT_FALSE(Has(mail.body_text, "Fuite")) << mail.body_text;
    EXPECT_FALSE(Has(mail.body_text, "diagram.png")) << mail.body_text;
    EXPECT_TRUE(Has(mail.body_text, "https://warroom.example/ack/secret-token"));
  }
}

TEST_F(AdvisoryEmailChannelTest, AMissingTextFailsForGoodAnUnreadableOneForNow) {
  ports::AdvisoryMessage gone = Message(core::Tlp::kGreen);
  gone.revision = 3;
  auto sent = channel_.Send(Row(gone));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kNotFound);

  texts_.error = Error::Internal("database locked");
  sent = channel_.Send(Row(Message(core::Tlp::kGreen)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(transport_.sent().empty());

  ports::OutboxMessage broken = Row(Message(core::Tlp::kGreen));
  broken.body_text = "{}";
  sent = channel_.Send(broken);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
}

// Through the outbox on both engines: the dispatcher sends the row through the channel and
// the acknowledgement link is gone from the database once the mail is out.
class AdvisoryEmailOutboxTest : public storage::testing::EngineTest {
 protected:
  testing::FakeClock clock_;
  testing::FakeMailTransport transport_;
};

TEST_P(AdvisoryEmailOutboxTest, SendsAndForgetsTheLink) {
  std::vector<ports::OutboxMessage> rows;
  for (int i = 0; i < 3; ++i) {
    ports::AdvisoryMessage m = Message(core::Tlp::kAmber);
    m.to = "spoc" + std::to_string(i) + "@leuven.example";
    auto row = AdvisoryOutboxMessage(m);
    ASSERT_TRUE(row);
    rows.push_back(*row);
  }
  ASSERT_TRUE(db_->Write(
      [&](ports::Tx& tx) { return StatusOf(storage::OutboxStore(tx).EnqueueMany(rows, 1'000)); }));
  EmailChannel email(transport_, kFrom);
  Texts texts;
  AdvisoryEmailChannel channel(email, texts.Source(), "Warroom", "https://warroom.example");
  OutboxDispatcher dispatcher(*db_, clock_, DispatcherOptions{});
  dispatcher.RegisterChannel(std::string(kAdvisoryEmailChannel), channel);
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->sent, 3);
  ASSERT_EQ(transport_.sent().size(), 3u);
  EXPECT_TRUE(Has(transport_.sent()[0].subject, "Fuite VPN"));
  EXPECT_EQ(texts.calls, 1);
  int64_t holding_link = -1;
  ASSERT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto r, tx.QueryOne("SELECT COUNT(*) FROM outbox WHERE status <> 'sent' "
                                            "OR body_text LIKE '%secret-token%'",
                                            {}));
    holding_link = r.Int(0);
    return Ok();
  }));
  EXPECT_EQ(holding_link, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, AdvisoryEmailOutboxTest,
                         ::testing::Values(ports::Engine::kSqlite, ports::Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::delivery::email
