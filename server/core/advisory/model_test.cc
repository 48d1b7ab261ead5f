#include "server/core/advisory/model.h"

#include <gtest/gtest.h>

namespace warroom::core {
namespace {

EscalationPolicy Standard() {
  EscalationPolicy p;
  p.name = "Standard";
  p.steps = {{StepTarget::kSpoc, 30}, {StepTarget::kEachDeputy, 15}, {StepTarget::kCallList, 0}};
  p.out_of_band_from = Severity::kCritical;
  return p;
}

bool HasField(const Status& s, const std::string& field) {
  if (s) return false;
  for (const auto& f : s.error().fields) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(AdvisoryModel, NamesRoundTrip) {
  for (Tlp t : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    EXPECT_EQ(ParseTlp(Name(t)), t);
  }
  EXPECT_EQ(ParseTlp("amber+strict"), Tlp::kAmberStrict);
  EXPECT_EQ(ParseTlp("AMBER"), std::nullopt);
  EXPECT_EQ(ParseTlp("white"), std::nullopt);
  EXPECT_EQ(TlpLabel(Tlp::kAmberStrict), "TLP:AMBER+STRICT");
  EXPECT_EQ(ParseSeverity("critical"), Severity::kCritical);
  EXPECT_EQ(ParseStepTarget("each_deputy"), StepTarget::kEachDeputy);
}

TEST(AdvisoryModel, OnlyClearGreenAndAmberLeaveTheApp) {
  EXPECT_TRUE(TlpAllowsContentOutsideApp(Tlp::kClear));
  EXPECT_TRUE(TlpAllowsContentOutsideApp(Tlp::kAmber));
  EXPECT_FALSE(TlpAllowsContentOutsideApp(Tlp::kAmberStrict));
  EXPECT_FALSE(TlpAllowsContentOutsideApp(Tlp::kRed));
}

TEST(AdvisoryModel, TextsNeedTitleBodyAndMatchingActionPoints) {
  AdvisoryTexts texts;
  EXPECT_TRUE(HasField(ValidateTexts(texts), "/texts"));
  texts[Language::kNl] = {"VPN", "Controleer de accounts", {"Blokkeer", "Controleer"}};
  EXPECT_TRUE(ValidateTexts(texts));
  texts[Language::kFr] = {" ", "", {"Bloquer"}};
  Status s = ValidateTexts(texts);
  EXPECT_TRUE(HasField(s, "/texts/fr/title"));
  EXPECT_TRUE(HasField(s, "/texts/fr/body"));
  EXPECT_TRUE(HasField(s, "/texts/fr/action_points"));
  texts[Language::kFr] = {"VPN", "Vérifiez", {"Bloquer", ""}};
  EXPECT_TRUE(HasField(ValidateTexts(texts), "/texts/fr/action_points/1"));
  texts[Language::kFr] = {std::string(201, 'x'), "b", {"a", "b"}};
  EXPECT_TRUE(HasField(ValidateTexts(texts), "/texts/fr/title"));
  texts[Language::kFr] = {"t\xff", "b", {"a", "b"}};
  EXPECT_TRUE(HasField(ValidateTexts(texts), "/texts/fr/title"));
}

TEST(AdvisoryModel, MissingLanguagesAndPick) {
  AdvisoryTexts texts;
  texts[Language::kFr] = {"t", "b", {}};
  EXPECT_EQ(MissingLanguages(texts), (std::vector<Language>{Language::kNl, Language::kEn}));
  EXPECT_EQ(PickLanguage(Language::kEn, texts), Language::kFr);  // no nl: any present
  texts[Language::kNl] = {"t", "b", {}};
  EXPECT_EQ(PickLanguage(Language::kEn, texts), Language::kNl);  // falls back to Dutch
  EXPECT_EQ(PickLanguage(Language::kFr, texts), Language::kFr);
  texts[Language::kDe] = {"t", "b", {}};
  EXPECT_EQ(MissingLanguages(texts), (std::vector<Language>{Language::kEn}));
  EXPECT_EQ(PickLanguage(Language::kNl, {}), std::nullopt);
}

TEST(AdvisoryModel, AudienceMustChooseSomething) {
  Audience a;
  EXPECT_TRUE(HasField(ValidateAudience(a), "/audience"));
  a.provider_service = ServiceKind::kVpn;
  EXPECT_TRUE(HasField(ValidateAudience(a), "/audience/provider_service"));
  a.provider_id = 7;
  EXPECT_TRUE(ValidateAudience(a));
  Audience b;
  b.kinds = {OrganisationKind::kMunicipality};
  EXPECT_TRUE(ValidateAudience(b));
  EXPECT_FALSE(IsLocalGovernment(OrganisationKind::kIctProvider));
  EXPECT_TRUE(IsLocalGovernment(OrganisationKind::kPoliceZone));
}

TEST(AdvisoryModel, PolicyRules) {
  EXPECT_TRUE(ValidatePolicy(Standard()));
  EscalationPolicy p = Standard();
  p.steps.clear();
  EXPECT_TRUE(HasField(ValidatePolicy(p), "/steps"));
  p = Standard();
  p.steps[1].wait_minutes = -5;
  EXPECT_TRUE(HasField(ValidatePolicy(p), "/steps/1/wait_minutes"));
  p = Standard();
  std::swap(p.steps[1], p.steps[2]);
  EXPECT_TRUE(HasField(ValidatePolicy(p), "/steps/1/to"));
  p = Standard();
  p.name = "";
  EXPECT_TRUE(HasField(ValidatePolicy(p), "/name"));
}

TEST(AdvisoryModel, StagesFollowDeputiesInOrderThenTheCallList) {
  auto stages = PlanStages(Standard(), true, 2);
  ASSERT_EQ(stages.size(), 4u);
  EXPECT_EQ(stages[0].label, "spoc");
  EXPECT_EQ(stages[0].positions, std::vector<int>{0});
  EXPECT_EQ(stages[0].wait_minutes, 30);
  EXPECT_EQ(stages[1].label, "deputy 1");
  EXPECT_EQ(stages[2].positions, std::vector<int>{2});
  EXPECT_EQ(stages[2].wait_minutes, 15);
  EXPECT_TRUE(stages[3].call_list);
}

TEST(AdvisoryModel, AnOrganisationWithoutContactsGoesToTheCallListAtOnce) {
  auto stages = PlanStages(Standard(), false, 0);
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_TRUE(stages[0].call_list);
  auto no_spoc = PlanStages(Standard(), false, 1);
  ASSERT_EQ(no_spoc.size(), 2u);
  EXPECT_EQ(no_spoc[0].label, "deputy 1");
}

TEST(AdvisoryModel, OutOfBandFromTheChosenSeverity) {
  EXPECT_TRUE(OutOfBandAtOnce(Standard(), Severity::kCritical));
  EXPECT_FALSE(OutOfBandAtOnce(Standard(), Severity::kAlert));
  EscalationPolicy p = Standard();
  p.out_of_band_from.reset();
  EXPECT_FALSE(OutOfBandAtOnce(p, Severity::kCritical));
  p.steps = {{StepTarget::kSpoc, 10}, {StepTarget::kOutOfBand, 10}};
  auto stages = PlanStages(p, true, 1);
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_TRUE(stages[1].out_of_band);
  EXPECT_EQ(stages[1].positions, (std::vector<int>{0, 1}));
}

}  // namespace
}  // namespace warroom::core
