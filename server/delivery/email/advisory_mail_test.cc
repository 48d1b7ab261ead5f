#include "server/delivery/email/advisory_mail.h"

#include <gtest/gtest.h>

#include "server/delivery/email/smtp_transport.h"
#include "server/delivery/outbox.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"
#include "server/testing/smtp_sink.h"

namespace warroom::delivery::email {
namespace {

using core::Language;

// Unique markers: a restricted mail must contain none of them anywhere.
constexpr std::string_view kTitleMarker = "TITLE-MARKER-7f3a";
constexpr std::string_view kBodyMarker = "BODY-MARKER-91c2";
constexpr std::string_view kActionMarker = "ACTION-MARKER-5d0e";

AdvisoryMailInput Input() {
  AdvisoryMailInput in;
  in.to = "spoc@leuven.example";
  in.language = Language::kEn;
  in.instance_name = "Warroom Vlaanderen";
  in.app_base_url = "https://warroom.example/";
  in.advisory_id = 42;
  in.reference = "ADV-2026-0007";
  in.title = "Exchange flaw " + std::string(kTitleMarker);
  in.body_markdown = "Patch **now**: " + std::string(kBodyMarker) + "\n\n- one\n- two\n";
  in.action_points = {"Install KB5001 " + std::string(kActionMarker), "Reboot"};
  in.severity = AdvisorySeverity::kWarning;
  in.tlp = Tlp::kAmber;
  in.organisation_name = "Stad Leuven";
  in.acknowledge_url = "https://warroom.example/ack#token=abc";
  return in;
}

bool Has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string Everything(const OutboxEmail& m) {
  std::string all = m.subject + "\n" + m.body_text + "\n" + m.body_html.value_or("");
  for (const auto& [name, value] : m.headers) all += "\n" + name + ": " + value;
  return all;
}

TEST(AdvisoryMailTest, AmberCarriesTheAdvisory) {
  const OutboxEmail m = RenderAdvisoryMail(Input());
  EXPECT_EQ(m.to, "spoc@leuven.example");
  EXPECT_EQ(m.subject, "[TLP:AMBER] Warning: Exchange flaw TITLE-MARKER-7f3a (ADV-2026-0007)");
  EXPECT_TRUE(Has(m.body_text, "TLP:AMBER - Limited disclosure")) << m.body_text;
  EXPECT_TRUE(Has(m.body_text, "Warning: Exchange flaw TITLE-MARKER-7f3a\n")) << m.body_text;
  EXPECT_TRUE(Has(m.body_text, "Advisory ADV-2026-0007\nFor: Stad Leuven (SPOC)\n"));
  EXPECT_TRUE(Has(m.body_text, "Patch now: BODY-MARKER-91c2\n\n- one\n- two\n")) << m.body_text;
  EXPECT_TRUE(
      Has(m.body_text, "Action points:\n1. Install KB5001 ACTION-MARKER-5d0e\n2. Reboot\n"));
  EXPECT_TRUE(Has(m.body_text, "Acknowledge receipt: https://warroom.example/ack#token=abc\n"));
  EXPECT_TRUE(Has(m.body_text,
                  "Read the advisory in Warroom Vlaanderen: https://warroom.example/inbox/42"));
  ASSERT_TRUE(m.body_html);
  const std::string& html = *m.body_html;
  EXPECT_TRUE(Has(html, "<html lang=\"en\">"));
  EXPECT_TRUE(Has(html, "<strong>now</strong>")) << html;
  EXPECT_TRUE(Has(html, "<li>Install KB5001 ACTION-MARKER-5d0e</li>"));
  EXPECT_TRUE(Has(html, "href=\"https://warroom.example/ack#token=abc\""));
  EXPECT_TRUE(Has(html, "href=\"https://warroom.example/inbox/42\""));
  EXPECT_TRUE(Has(html, ">TLP:AMBER</span>"));
}

TEST(AdvisoryMailTest, MailsRenderedInTurnEachCarryTheirOwnBody) {
  // A send renders the same body many times; a different body in between must not come
  // out as the one before it.
  AdvisoryMailInput other = Input();
  other.body_markdown = "Other *advisory*: OTHER-BODY-2b4c";
  for (int round = 0; round < 2; ++round) {
    const OutboxEmail a = RenderAdvisoryMail(Input());
    const OutboxEmail b = RenderAdvisoryMail(other);
    EXPECT_TRUE(Has(a.body_text, kBodyMarker));
    EXPECT_TRUE(Has(a.body_html.value_or(""), "<strong>now</strong>"));
    EXPECT_FALSE(Has(Everything(a), "OTHER-BODY-2b4c"));
    EXPECT_TRUE(Has(b.body_text, "OTHER-BODY-2b4c"));
    EXPECT_TRUE(Has(b.body_html.value_or(""), "<em>advisory</em>"));
    EXPECT_FALSE(Has(Everything(b), kBodyMarker));
  }
}

TEST(AdvisoryMailTest, RedAndAmberStrictNeverCarryContent) {
  for (Tlp tlp : {Tlp::kRed, Tlp::kAmberStrict}) {
    for (Language lang : {Language::kNl, Language::kFr, Language::kEn, Language::kDe}) {
      for (int variant = 0; variant < 8; ++variant) {
        AdvisoryMailInput in = Input();
        in.tlp = tlp;
        in.language = lang;
        in.is_update = (variant & 1) != 0;
        in.reacknowledge = in.is_update;
        in.exercise = (variant & 2) != 0;
        if ((variant & 4) != 0) {
          in.role = RecipientRole::kDeputy;
          in.deputy_rank = 1;
          in.escalation = true;
        }
        const OutboxEmail m = RenderAdvisoryMail(in);
        const std::string all = Everything(m);
        SCOPED_TRACE(std::string(TlpLabel(tlp)) + " variant " + std::to_string(variant));
        EXPECT_FALSE(Has(all, kTitleMarker)) << all;
        EXPECT_FALSE(Has(all, kBodyMarker)) << all;
        EXPECT_FALSE(Has(all, kActionMarker)) << all;
        EXPECT_FALSE(Has(all, "Exchange")) << all;
        // What it does say: reference, TLP, the two links.
        EXPECT_TRUE(Has(m.subject, "ADV-2026-0007")) << m.subject;
        EXPECT_TRUE(Has(m.subject, "[" + std::string(TlpLabel(tlp)) + "]")) << m.subject;
        EXPECT_TRUE(Has(m.body_text, "https://warroom.example/ack#token=abc"));
        EXPECT_TRUE(Has(m.body_text, "https://warroom.example/inbox/42"));
        EXPECT_TRUE(Has(*m.body_html, "href=\"https://warroom.example/ack#token=abc\""));
      }
    }
  }
  AdvisoryMailInput red = Input();
  red.tlp = Tlp::kRed;
  const OutboxEmail m = RenderAdvisoryMail(red);
  EXPECT_EQ(m.subject, "[TLP:RED] Warning: new advisory ADV-2026-0007 waits for you");
  EXPECT_TRUE(Has(m.body_text, "A new advisory waits for you in Warroom Vlaanderen."))
      << m.body_text;
  EXPECT_TRUE(Has(m.body_text, "Severity: Warning\n"));
  EXPECT_TRUE(Has(m.body_text, "Because of TLP:RED, the content is not sent by e-mail"));
}

TEST(AdvisoryMailTest, AttachmentsAreNamedNotAttachedAndNeverNamedUnderRestrictedTlp) {
  AdvisoryMailInput in = Input();
  in.attachment_names = {"report <v2>.pdf", "ATTACHMENT-MARKER-3b1c.csv"};
  const OutboxEmail m = RenderAdvisoryMail(in);
  EXPECT_TRUE(Has(m.body_text,
                  "Attachments (in Warroom Vlaanderen only, not with this e-mail):\n"
                  "- report <v2>.pdf\n- ATTACHMENT-MARKER-3b1c.csv\n"))
      << m.body_text;
  EXPECT_TRUE(Has(*m.body_html, "<li>report &lt;v2&gt;.pdf</li>")) << *m.body_html;
  for (Tlp tlp : {Tlp::kAmberStrict, Tlp::kRed}) {
    in.tlp = tlp;
    EXPECT_FALSE(Has(Everything(RenderAdvisoryMail(in)), "ATTACHMENT-MARKER-3b1c"));
  }
}

TEST(AdvisoryMailTest, TlpWhenUnsetIsTheStrictest) {
  AdvisoryMailInput in = Input();
  in.tlp = AdvisoryMailInput{}.tlp;
  EXPECT_FALSE(TlpAllowsContentOutsideApp(in.tlp));
  EXPECT_FALSE(Has(Everything(RenderAdvisoryMail(in)), kTitleMarker));
  EXPECT_TRUE(TlpAllowsContentOutsideApp(Tlp::kClear));
  EXPECT_TRUE(TlpAllowsContentOutsideApp(Tlp::kGreen));
  EXPECT_TRUE(TlpAllowsContentOutsideApp(Tlp::kAmber));
}

TEST(AdvisoryMailTest, ScriptInAnyFieldShowsAsText) {
  AdvisoryMailInput in = Input();
  in.tlp = Tlp::kClear;
  in.title = "<script>alert('t')</script>\r\nBcc: victim@example.test";
  in.body_markdown = "<script>alert('b')</script>\n\n[x](javascript:alert('l')) <img src=x>";
  in.action_points = {"<script>alert('a')</script>", "<b onmouseover=x>bold</b>"};
  in.organisation_name = "Org <i>";
  in.instance_name = "Inst <u>";
  const OutboxEmail m = RenderAdvisoryMail(in);
  const std::string& html = *m.body_html;
  EXPECT_FALSE(Has(html, "<script")) << html;
  EXPECT_FALSE(Has(html, "javascript:")) << html;
  EXPECT_FALSE(Has(html, "<img")) << html;
  EXPECT_FALSE(Has(html, "<b ")) << html;
  EXPECT_FALSE(Has(html, "<i>")) << html;
  EXPECT_FALSE(Has(html, "<u>")) << html;
  EXPECT_TRUE(Has(html, "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;")) << html;
  EXPECT_TRUE(Has(html, "<pre><code>&lt;script&gt;alert('b')&lt;/script&gt;")) << html;
  EXPECT_TRUE(Has(html, "<li>&lt;script&gt;alert(&#39;a&#39;)&lt;/script&gt;</li>")) << html;
  EXPECT_FALSE(Has(m.subject, "\r"));
  EXPECT_FALSE(Has(m.subject, "\n"));
  EXPECT_TRUE(Has(m.subject, "<script>alert('t')</script>  Bcc: victim@example.test"));
  EXPECT_TRUE(Has(m.body_text, "\n    <script>alert('b')</script>\n\nx <img src=x>\n"))
      << m.body_text;
}

TEST(AdvisoryMailTest, EachLanguage) {
  struct Case {
    Language lang;
    std::string_view subject;
    std::string_view phrase;
    std::string_view html_lang;
  };
  const Case cases[] = {
      {Language::kNl, "[TLP:AMBER] Waarschuwing: Exchange flaw TITLE-MARKER-7f3a (ADV-2026-0007)",
       "Bevestig de ontvangst: https://", "nl"},
      {Language::kFr, "[TLP:AMBER] Avertissement: Exchange flaw TITLE-MARKER-7f3a (ADV-2026-0007)",
       "Confirmez la réception : https://", "fr"},
      {Language::kEn, "[TLP:AMBER] Warning: Exchange flaw TITLE-MARKER-7f3a (ADV-2026-0007)",
       "Acknowledge receipt: https://", "en"},
      {Language::kDe, "[TLP:AMBER] Warnung: Exchange flaw TITLE-MARKER-7f3a (ADV-2026-0007)",
       "Empfang bestätigen: https://", "de"},
  };
  for (const Case& c : cases) {
    AdvisoryMailInput in = Input();
    in.language = c.lang;
    const OutboxEmail m = RenderAdvisoryMail(in);
    EXPECT_EQ(m.subject, c.subject);
    EXPECT_TRUE(Has(m.body_text, c.phrase)) << m.body_text;
    EXPECT_TRUE(Has(*m.body_html, "<html lang=\"" + std::string(c.html_lang) + "\">"));
  }
  AdvisoryMailInput red = Input();
  red.tlp = Tlp::kRed;
  red.language = Language::kNl;
  EXPECT_EQ(RenderAdvisoryMail(red).subject,
            "[TLP:RED] Waarschuwing: nieuw advies ADV-2026-0007 wacht op u");
  red.language = Language::kFr;
  EXPECT_EQ(RenderAdvisoryMail(red).subject,
            "[TLP:RED] Avertissement: nouvel avis ADV-2026-0007 en attente");
}

TEST(AdvisoryMailTest, ExerciseIsFlaggedInSubjectAndBody) {
  for (Tlp tlp : {Tlp::kGreen, Tlp::kRed}) {
    AdvisoryMailInput in = Input();
    in.tlp = tlp;
    in.exercise = true;
    in.language = Language::kFr;
    const OutboxEmail m = RenderAdvisoryMail(in);
    EXPECT_EQ(m.subject.rfind("[OEFENING / EXERCICE / EXERCISE] [TLP:", 0), 0u) << m.subject;
    EXPECT_EQ(m.body_text.rfind("OEFENING / EXERCICE / EXERCISE\n", 0), 0u) << m.body_text;
    EXPECT_TRUE(Has(m.body_text, "Ce message fait partie d'un exercice."));
    EXPECT_TRUE(Has(*m.body_html, "<strong>OEFENING / EXERCICE / EXERCISE</strong>"));
  }
  EXPECT_FALSE(Has(Everything(RenderAdvisoryMail(Input())), "OEFENING"));
}

TEST(AdvisoryMailTest, DeputyEscalationAndUpdates) {
  AdvisoryMailInput in = Input();
  in.language = Language::kNl;
  in.role = RecipientRole::kDeputy;
  in.deputy_rank = 2;
  in.escalation = true;
  in.is_update = true;
  in.revision = 3;
  in.reacknowledge = true;
  const OutboxEmail m = RenderAdvisoryMail(in);
  EXPECT_EQ(m.subject,
            "[ESCALATIE] [TLP:AMBER] Waarschuwing: Exchange flaw TITLE-MARKER-7f3a "
            "(ADV-2026-0007, versie 3, opnieuw bevestigen)");
  EXPECT_TRUE(Has(m.body_text, "Advies ADV-2026-0007, versie 3\nVoor: Stad Leuven (adjunct 2)"))
      << m.body_text;
  EXPECT_TRUE(Has(m.body_text,
                  "De SPOC van Stad Leuven heeft dit advies nog niet bevestigd. "
                  "Als adjunct 2 vragen we u het te bevestigen."));
  EXPECT_TRUE(Has(m.body_text, "Dit is versie 3 van het advies"));
  EXPECT_TRUE(Has(m.body_text, "Deze versie vraagt een nieuwe bevestiging."));
  in.tlp = Tlp::kAmberStrict;
  EXPECT_EQ(RenderAdvisoryMail(in).subject,
            "[ESCALATIE] [TLP:AMBER+STRICT] Waarschuwing: advies ADV-2026-0007 versie 3 wacht "
            "op u");
}

TEST(AdvisoryMailTest, HeadersFollowRfc2919AndRfc3834) {
  using Headers = std::map<std::string, std::string>;
  EXPECT_EQ(RenderAdvisoryMail(Input()).headers,
            (Headers{{"Auto-Submitted", "auto-generated"},
                     {"List-Id", "\"Warroom Vlaanderen\" <advisories.warroom.example>"},
                     {"X-Auto-Response-Suppress", "All"}}));
  AdvisoryMailInput in = Input();
  in.instance_name = "Warroom Wallonie — \"test\"";
  in.app_base_url = "https://User@WarRoom.Example:8443/app";
  EXPECT_EQ(RenderAdvisoryMail(in).headers.at("List-Id"), "<advisories.warroom.example>");
  in.app_base_url = "";
  EXPECT_EQ(RenderAdvisoryMail(in).headers.at("List-Id"), "<advisories.warroom.invalid>");
}

// End to end: rendered, queued on each engine, delivered to a real SMTP server.
class AdvisoryMailSmtpTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto started = sink_.Start();
    ASSERT_TRUE(started) << started.error().message;
    auto c = ParseSmtpUrl("smtp://127.0.0.1:" + std::to_string(sink_.port()) +
                          "?starttls=off&connect_timeout_ms=2000&timeout_ms=10000");
    ASSERT_TRUE(c);
    smtp_ = std::make_unique<SmtpTransport>(*c, clock_);
  }
  testing::FakeClock clock_;
  testing::SmtpSink sink_{WARROOM_SOURCE_DIR};
  std::unique_ptr<SmtpTransport> smtp_;
};

TEST_P(AdvisoryMailSmtpTest, ReachesTheMailServerWithItsHeaders) {
  AdvisoryMailInput in = Input();
  in.language = Language::kFr;
  in.exercise = true;
  in.title = "Faille critique ✓ <script>";
  const OutboxEmail mail = RenderAdvisoryMail(in);
  ASSERT_TRUE(
      db_->Write([&](ports::Tx& tx) { return StatusOf(EnqueueEmail(tx, mail, clock_.Now())); }));
  EmailChannel channel(*smtp_, "warroom@example.test");
  DispatcherOptions options;
  OutboxDispatcher dispatcher(*db_, clock_, options);
  dispatcher.RegisterChannel("email", channel);
  auto stats = dispatcher.RunOnce();
  ASSERT_TRUE(stats) << stats.error().message;
  ASSERT_EQ(stats->sent, 1);
  const auto messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const auto& got = messages[0];
  EXPECT_EQ(got.subject, mail.subject);
  EXPECT_EQ(got.subject.rfind("[OEFENING / EXERCICE / EXERCISE] [TLP:AMBER] Avertissement:", 0),
            0u);
  EXPECT_EQ(got.headers.at("list-id"), "\"Warroom Vlaanderen\" <advisories.warroom.example>");
  EXPECT_EQ(got.headers.at("auto-submitted"), "auto-generated");
  EXPECT_EQ(got.headers.at("x-auto-response-suppress"), "All");
  EXPECT_EQ(got.headers.count("precedence"), 0u);
  EXPECT_TRUE(Has(got.text, "Confirmez la réception : https://warroom.example/ack#token=abc"));
  EXPECT_TRUE(Has(got.html, "Faille critique ✓ &lt;script&gt;"));
  EXPECT_FALSE(Has(got.html, "<script"));
}

INSTANTIATE_TEST_SUITE_P(Engines, AdvisoryMailSmtpTest,
                         ::testing::Values(ports::Engine::kSqlite, ports::Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::delivery::email
