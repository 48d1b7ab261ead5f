#include "server/core/incident/model.h"

#include <gtest/gtest.h>

#include <set>

namespace warroom::core {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;  // 2027-01-15

RsitTaxonomy Taxonomy() {
  auto t = RsitTaxonomy::FromTypes(
      {{"malicious-code", "Malicious Code", "infected-system", "Infected System", ""},
       {"availability", "Availability", "sabotage", "Sabotage", ""}});
  EXPECT_TRUE(t);
  return *t;
}

IncidentFacts Valid() {
  IncidentFacts f;
  f.title = "File servers encrypted";
  f.what_happened = "Ransom note signed by a Play-like crew; mail and network down.";
  f.detected_at = kNow - 3'600'000;
  f.became_aware_at = kNow - 1'800'000;
  f.severity = 1;
  f.rsit_class = "malicious-code";
  f.rsit_type = "infected-system";
  f.local_lead = "Jan Voorbeeld";
  f.callback_number = "+32 499 00 12 34";
  return f;
}

std::set<std::string> Codes(const Status& s) {
  std::set<std::string> out;
  if (!s) {
    for (const auto& f : s.error().fields) out.insert(f.field + ":" + f.code);
  }
  return out;
}

TEST(IncidentModel, AValidDeclarationPasses) {
  auto s = ValidateIncident(Valid(), kNow, Taxonomy());
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  IncidentFacts minimal;
  minimal.title = "Phishing";
  minimal.what_happened = "A mailbox sends phishing.";
  minimal.detected_at = minimal.became_aware_at = kNow;
  EXPECT_TRUE(ValidateIncident(minimal, kNow, Taxonomy()));
}

TEST(IncidentModel, DetectionInTheFutureIsRefused) {
  auto f = Valid();
  f.detected_at = kNow + 3'600'000;
  f.became_aware_at = kNow + 3'600'000;
  EXPECT_EQ(
      Codes(ValidateIncident(f, kNow, Taxonomy())),
      (std::set<std::string>{"/detected_at:in_the_future", "/became_aware_at:in_the_future"}));
  f.detected_at = f.became_aware_at = kNow + kClockSkewMs;  // a phone a little fast: fine
  EXPECT_TRUE(ValidateIncident(f, kNow, Taxonomy()));
}

TEST(IncidentModel, AwarenessBeforeDetectionIsRefused) {
  auto f = Valid();
  f.became_aware_at = f.detected_at - 1;
  EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
            (std::set<std::string>{"/became_aware_at:before_detection"}));
}

TEST(IncidentModel, LengthsAndRequiredTexts) {
  auto f = Valid();
  f.title = std::string(201, 'x');
  f.what_happened = " \n";
  f.local_lead = std::string(201, 'y');
  EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
            (std::set<std::string>{"/title:too_long", "/what_happened:required",
                                   "/local_lead:too_long"}));
  f = Valid();
  f.title = std::string(200, 'x');
  f.what_happened = std::string(10'000, 'z');
  EXPECT_TRUE(ValidateIncident(f, kNow, Taxonomy()));
  f.title = "\xff";
  EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
            (std::set<std::string>{"/title:invalid_utf8"}));
}

TEST(IncidentModel, SeverityIsOneToFour) {
  auto f = Valid();
  for (int s : {0, 5, -1}) {
    f.severity = s;
    EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
              (std::set<std::string>{"/severity:out_of_range"}));
  }
}

TEST(IncidentModel, UnknownRsitClassOrTypeIsRefused) {
  auto f = Valid();
  f.rsit_class = "ransomware";
  EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
            (std::set<std::string>{"/rsit_class:unknown_class"}));
  f.rsit_class = "availability";  // a real class, but infected-system is not one of its types
  EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
            (std::set<std::string>{"/rsit_type:unknown_type"}));
  f.rsit_type.reset();
  EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
            (std::set<std::string>{"/rsit_type:needs_type"}));
  f.rsit_class.reset();
  f.rsit_type = "sabotage";
  EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
            (std::set<std::string>{"/rsit_class:needs_class"}));
}

TEST(IncidentModel, CallBackNumbers) {
  auto f = Valid();
  for (const char* ok : {"+32 499 00 12 34", "(03) 123.45.67", "0499/001234"}) {
    f.callback_number = ok;
    EXPECT_TRUE(ValidateIncident(f, kNow, Taxonomy())) << ok;
  }
  for (const char* bad : {"call me", "+32", "0499 00 12 34; DROP"}) {
    f.callback_number = bad;
    EXPECT_EQ(Codes(ValidateIncident(f, kNow, Taxonomy())),
              (std::set<std::string>{"/callback_number:invalid_phone"}))
        << bad;
  }
}

TEST(IncidentModel, EverySeverityIsDefinedInEveryLanguage) {
  for (int level = kMostSevere; level <= kLeastSevere; ++level) {
    std::set<std::string_view> texts;
    for (Language l : AllLanguages()) {
      auto d = DefineSeverity(level, l);
      ASSERT_TRUE(d) << level << " " << Name(l);
      EXPECT_EQ(d->level, level);
      EXPECT_FALSE(d->label.empty());
      EXPECT_GT(d->definition.size(), 20u);
      texts.insert(d->definition);
    }
    EXPECT_EQ(texts.size(), AllLanguages().size()) << "each language has its own text";
  }
  EXPECT_FALSE(DefineSeverity(0, Language::kEn));
  EXPECT_FALSE(DefineSeverity(5, Language::kEn));
  EXPECT_EQ(DefineSeverity(1, Language::kEn)->label, "Critical");
  EXPECT_EQ(DefineSeverity(4, Language::kNl)->label, "Laag");
}

TEST(IncidentModel, StatusNamesRoundTrip) {
  for (IncidentStatus s : AllIncidentStatuses()) {
    EXPECT_EQ(ParseIncidentStatus(Name(s)), s);
  }
  EXPECT_FALSE(ParseIncidentStatus("open"));
}

TEST(IncidentModel, OnlyTheWarRoomMayLabelRed) {
  EXPECT_TRUE(MayLabel(Role::kWarroomAdmin, Tlp::kRed));
  EXPECT_TRUE(MayLabel(Role::kWarroomAnalyst, Tlp::kRed));
  EXPECT_FALSE(MayLabel(Role::kSpoc, Tlp::kRed));
  EXPECT_FALSE(MayLabel(Role::kMember, Tlp::kRed));
  EXPECT_TRUE(MayLabel(Role::kSpoc, Tlp::kAmberStrict));
}

}  // namespace
}  // namespace warroom::core
