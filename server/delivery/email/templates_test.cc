#include "server/delivery/email/templates.h"

#include <gtest/gtest.h>

namespace warroom::delivery::email {
namespace {

// 2023-11-14 22:13:20 UTC = 23:13 in Brussels (CET).
const ports::TimePoint kWinter{std::chrono::seconds(1'700'000'000)};
// 2024-07-01 10:00:00 UTC = 12:00 in Brussels (CEST).
const ports::TimePoint kSummer{std::chrono::seconds(1'719'828'000)};

InvitationEmail Invitation() {
  InvitationEmail e;
  e.recipient_name = "Jan <script>alert(1)</script>";
  e.organisation_name = "Stad \"Antwerpen\" & co";
  e.link = "https://warroom.example/activate#token=a&b<c>";
  e.valid_until = kWinter;
  return e;
}

TEST(TemplatesTest, LanguageFromTag) {
  EXPECT_EQ(LanguageFromTag("nl"), Language::kNl);
  EXPECT_EQ(LanguageFromTag("fr-BE"), Language::kFr);
  EXPECT_EQ(LanguageFromTag("EN"), Language::kEn);
  EXPECT_EQ(LanguageFromTag("de"), Language::kDe);
  EXPECT_EQ(LanguageFromTag(""), Language::kNl);
  EXPECT_EQ(LanguageFromTag("xx"), Language::kNl);
  EXPECT_EQ(LanguageFromTag("french"), Language::kNl);
}

TEST(TemplatesTest, LocalTimeFollowsBelgianSummerTime) {
  EXPECT_EQ(FormatLocalTime(Language::kNl, kWinter), "14 november 2023 om 23:13");
  EXPECT_EQ(FormatLocalTime(Language::kFr, kWinter), "14 novembre 2023 à 23h13");
  EXPECT_EQ(FormatLocalTime(Language::kEn, kSummer), "1 July 2024 at 12:00");
  EXPECT_EQ(FormatLocalTime(Language::kDe, kSummer), "1. Juli 2024 um 12:00 Uhr");
}

TEST(TemplatesTest, InvitationInEachLanguage) {
  const auto nl = RenderInvitation(Language::kNl, Invitation());
  EXPECT_EQ(nl.subject, "Uitnodiging voor de warroom van Stad \"Antwerpen\" & co");
  EXPECT_NE(nl.body_text.find("https://warroom.example/activate#token=a&b<c>"), std::string::npos);
  EXPECT_NE(nl.body_text.find("geldig tot 14 november 2023 om 23:13"), std::string::npos);
  const auto fr = RenderInvitation(Language::kFr, Invitation());
  EXPECT_EQ(fr.subject, "Invitation à la warroom de Stad \"Antwerpen\" & co");
  EXPECT_NE(fr.body_text.find("second facteur"), std::string::npos);
  const auto en = RenderInvitation(Language::kEn, Invitation());
  EXPECT_EQ(en.subject, "Invitation to the warroom of Stad \"Antwerpen\" & co");
  EXPECT_NE(en.body_text.find("You are invited to the warroom of"), std::string::npos);
  EXPECT_NE(en.body_text.find("Hello Jan <script>"), std::string::npos);
  const auto de = RenderInvitation(Language::kDe, Invitation());
  EXPECT_NE(de.subject.find("Einladung"), std::string::npos);
  EXPECT_NE(de.body_html.find("lang=\"de\""), std::string::npos);
}

TEST(TemplatesTest, HtmlEscapesEveryValue) {
  const auto r = RenderInvitation(Language::kEn, Invitation());
  EXPECT_EQ(r.body_html.find("<script>"), std::string::npos);
  EXPECT_NE(r.body_html.find("Jan &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.body_html.find("Stad &quot;Antwerpen&quot; &amp; co"), std::string::npos);
  EXPECT_NE(
      r.body_html.find("<a href=\"https://warroom.example/activate#token=a&amp;b&lt;c&gt;\">"),
      std::string::npos);
  // The French apostrophes of the constant text are escaped as well.
  const auto fr = RenderInvitation(Language::kFr, Invitation());
  EXPECT_NE(fr.body_html.find("jusqu&#39;au"), std::string::npos);
}

TEST(TemplatesTest, ExerciseMarksSubject) {
  auto e = Invitation();
  e.exercise = true;
  EXPECT_TRUE(RenderInvitation(Language::kNl, e).subject.starts_with("[OEFENING] "));
  EXPECT_TRUE(RenderInvitation(Language::kFr, e).subject.starts_with("[EXERCICE] "));
  EXPECT_TRUE(RenderInvitation(Language::kEn, e).subject.starts_with("[EXERCISE] "));
  EXPECT_FALSE(RenderInvitation(Language::kEn, Invitation()).subject.starts_with("["));
  PasswordResetEmail p;
  p.link = "https://x/reset#t=1";
  p.valid_until = kWinter;
  p.exercise = true;
  EXPECT_TRUE(RenderPasswordReset(Language::kFr, p).subject.starts_with("[EXERCICE] "));
}

TEST(TemplatesTest, LineBreaksNeverReachTheSubject) {
  auto e = Invitation();
  e.organisation_name = "Evil\r\nBcc: victim@example.test";
  const auto r = RenderInvitation(Language::kEn, e);
  EXPECT_EQ(r.subject.find_first_of("\r\n"), std::string::npos);
}

TEST(TemplatesTest, PasswordResetAndSetupInEachLanguage) {
  PasswordResetEmail p;
  p.link = "https://warroom.example/reset#token=xyz";
  p.valid_until = kSummer;
  FirstAdminSetupEmail s;
  s.recipient_name = "Admin";
  s.instance_name = "Warroom Vlaanderen";
  s.link = "https://warroom.example/activate#token=abc";
  s.valid_until = kSummer;
  for (Language l : {Language::kNl, Language::kFr, Language::kEn, Language::kDe}) {
    const auto reset = RenderPasswordReset(l, p);
    EXPECT_FALSE(reset.subject.empty());
    EXPECT_NE(reset.body_text.find(p.link), std::string::npos);
    EXPECT_NE(reset.body_html.find("href=\"" + p.link + "\""), std::string::npos);
    EXPECT_NE(reset.body_text.find(FormatLocalTime(l, kSummer)), std::string::npos);
    const auto setup = RenderFirstAdminSetup(l, s);
    EXPECT_NE(setup.subject.find("Warroom Vlaanderen"), std::string::npos);
    EXPECT_NE(setup.body_text.find("Admin"), std::string::npos);
    EXPECT_NE(setup.body_text.find(s.link), std::string::npos);
  }
  EXPECT_EQ(RenderPasswordReset(Language::kNl, p).subject,
            "Uw wachtwoord voor de warroom opnieuw instellen");
  EXPECT_NE(RenderPasswordReset(Language::kNl, p).body_text.find("Beste,"), std::string::npos);
}

TEST(TemplatesTest, VerificationRequestInTheRecipientsLanguageGermanGetsDutch) {
  VerificationRequestEmail e;
  e.recipient_name = "Sanne <b>";
  e.organisation_name = "Oefenstad";
  e.link = "https://warroom.example/verify/abc";
  e.valid_until = kWinter;
  e.exercise = true;
  const auto nl = RenderVerificationRequest(Language::kNl, e);
  EXPECT_EQ(nl.subject, "[OEFENING] Kloppen uw contactgegevens bij de warroom nog? (Oefenstad)");
  EXPECT_NE(nl.body_text.find("https://warroom.example/verify/abc"), std::string::npos);
  EXPECT_NE(nl.body_text.find("14 november 2023 om 23:13"), std::string::npos);
  EXPECT_EQ(nl.body_html.find("<b>"), std::string::npos);
  const auto fr = RenderVerificationRequest(Language::kFr, e);
  EXPECT_EQ(fr.subject.rfind("[EXERCICE] Vos coordonnées", 0), 0u) << fr.subject;
  const auto en = RenderVerificationRequest(Language::kEn, e);
  EXPECT_EQ(en.subject.rfind("[EXERCISE] Are your contact details", 0), 0u) << en.subject;
  const auto de = RenderVerificationRequest(Language::kDe, e);
  EXPECT_EQ(de.subject, nl.subject);
  EXPECT_EQ(de.body_text, nl.body_text);
}

}  // namespace
}  // namespace warroom::delivery::email
