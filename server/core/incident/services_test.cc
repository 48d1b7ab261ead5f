#include "server/core/incident/services.h"

#include <gtest/gtest.h>

#include <set>

namespace warroom::core {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;  // 2027-01-15
constexpr int64_t kHour = 3'600'000;

template <typename T>
std::set<std::string> Codes(const Result<T>& r) {
  std::set<std::string> out;
  if (!r) {
    for (const auto& f : r.error().fields) out.insert(f.field + ":" + f.code);
  }
  return out;
}

ServiceState Down(int64_t since) {
  ServiceState s;
  s.status = ServiceStatus::kDown;
  s.since = since;
  return s;
}

TEST(IncidentServices, NamesRoundTrip) {
  for (auto v : {ServiceStatus::kDown, ServiceStatus::kDegraded, ServiceStatus::kRestored}) {
    EXPECT_EQ(ParseServiceStatus(Name(v)), v);
  }
  for (auto v : {FundingKind::kRestartFunding, FundingKind::kEmergencyInfrastructure}) {
    EXPECT_EQ(ParseFundingKind(Name(v)), v);
  }
  EXPECT_EQ(ParseFundingDecision("partially_granted"), FundingDecision::kPartiallyGranted);
  EXPECT_FALSE(ParseServiceStatus("up"));
}

TEST(IncidentServices, ANewOutageStartsNowUnlessToldOtherwise) {
  auto s = CheckServiceState({"down", std::nullopt, std::nullopt, std::nullopt, std::nullopt},
                             std::nullopt, kNow);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->since, kNow);
  EXPECT_FALSE(s->restored_at);
  s = CheckServiceState({"down", kNow - kHour, kNow + kHour, std::nullopt, "mail server"},
                        std::nullopt, kNow);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->since, kNow - kHour);
  EXPECT_EQ(s->restore_target, kNow + kHour);
  EXPECT_EQ(s->note, "mail server");
}

TEST(IncidentServices, TheOutageKeepsItsStartThroughDegradedAndRestored) {
  auto degraded = CheckServiceState({"degraded", {}, {}, {}, {}}, Down(kNow - 5 * kHour), kNow);
  ASSERT_TRUE(degraded);
  EXPECT_EQ(degraded->since, kNow - 5 * kHour);
  auto restored = CheckServiceState({"restored", {}, {}, {}, {}}, *degraded, kNow);
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->since, kNow - 5 * kHour);
  EXPECT_EQ(restored->restored_at, kNow);
  EXPECT_EQ(OutageMs(*restored, kNow + 10 * kHour), 5 * kHour);
  // Down again: a new outage.
  auto again = CheckServiceState({"down", {}, {}, {}, {}}, *restored, kNow + kHour);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->since, kNow + kHour);
  EXPECT_FALSE(again->restored_at);
}

TEST(IncidentServices, TimesMustTellAPossibleStory) {
  EXPECT_EQ(Codes(CheckServiceState({"down", kNow + kHour, {}, {}, {}}, std::nullopt, kNow)),
            std::set<std::string>{"/since:in_the_future"});
  EXPECT_EQ(Codes(CheckServiceState({"down", kNow - kHour, kNow - 2 * kHour, {}, {}}, std::nullopt,
                                    kNow)),
            std::set<std::string>{"/restore_target:before_since"});
  EXPECT_EQ(Codes(CheckServiceState({"restored", kNow - kHour, {}, kNow + kHour, {}}, std::nullopt,
                                    kNow)),
            std::set<std::string>{"/restored_at:in_the_future"});
  EXPECT_EQ(Codes(CheckServiceState({"restored", kNow - kHour, {}, kNow - 2 * kHour, {}},
                                    std::nullopt, kNow)),
            std::set<std::string>{"/restored_at:before_since"});
  EXPECT_EQ(Codes(CheckServiceState({"down", {}, {}, kNow, {}}, std::nullopt, kNow)),
            std::set<std::string>{"/restored_at:only_when_restored"});
  EXPECT_EQ(Codes(CheckServiceState({"up", {}, {}, {}, {}}, std::nullopt, kNow)),
            std::set<std::string>{"/status:unknown_value"});
  EXPECT_EQ(
      Codes(CheckServiceState({"down", {}, {}, {}, std::string(2001, 'x')}, std::nullopt, kNow)),
      std::set<std::string>{"/note:too_long"});
}

TEST(IncidentServices, OverdueOnlyWhileOutPastTheTarget) {
  ServiceState s = Down(kNow - 2 * kHour);
  EXPECT_FALSE(IsOverdue(s, kNow));
  s.restore_target = kNow - kHour;
  EXPECT_TRUE(IsOverdue(s, kNow));
  s.status = ServiceStatus::kRestored;
  s.restored_at = kNow;
  EXPECT_FALSE(IsOverdue(s, kNow));
}

TEST(IncidentServices, CriticalServiceEntries) {
  CriticalServiceInput in{"building_access", "Toegang", "Accès", "Access", "Zugang", 200};
  EXPECT_TRUE(CheckCriticalService(in));
  in.key = "Bad Key";
  in.name_de = "";
  auto s = CheckCriticalService(in);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().fields.size(), 2u);
}

TEST(IncidentFunding, RequestsAreBounded) {
  auto r = CheckFundingRequest({"restart_funding", 2'500'000'00, "New servers"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, FundingKind::kRestartFunding);
  EXPECT_EQ(Codes(CheckFundingRequest({"gift", 0, ""})),
            (std::set<std::string>{"/kind:unknown_value", "/amount_cents:out_of_range",
                                   "/purpose:required"}));
  EXPECT_TRUE(CheckFundingRequest({"emergency_infrastructure", kMaxFundingCents, "x"}));
  EXPECT_EQ(Codes(CheckFundingRequest({"emergency_infrastructure", kMaxFundingCents + 1, "x"})),
            std::set<std::string>{"/amount_cents:out_of_range"});
}

TEST(IncidentFunding, DecisionsMatchTheirAmounts) {
  auto g = CheckFundingDecision({"granted", std::nullopt, std::nullopt}, 1000);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->granted_cents, 1000);
  auto p = CheckFundingDecision({"partially_granted", 400, "half the servers"}, 1000);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->granted_cents, 400);
  auto refused = CheckFundingDecision({"refused", std::nullopt, "covered by insurance"}, 1000);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->granted_cents);
  EXPECT_EQ(Codes(CheckFundingDecision({"pending", {}, {}}, 1000)),
            std::set<std::string>{"/decision:unknown_value"});
  EXPECT_EQ(Codes(CheckFundingDecision({"granted", 900, {}}, 1000)),
            std::set<std::string>{"/granted_cents:must_equal_request"});
  EXPECT_EQ(Codes(CheckFundingDecision({"partially_granted", {}, {}}, 1000)),
            std::set<std::string>{"/granted_cents:required"});
  EXPECT_EQ(Codes(CheckFundingDecision({"partially_granted", 1000, {}}, 1000)),
            std::set<std::string>{"/granted_cents:out_of_range"});
  EXPECT_EQ(Codes(CheckFundingDecision({"refused", 10, {}}, 1000)),
            std::set<std::string>{"/granted_cents:only_when_granted"});
}

}  // namespace
}  // namespace warroom::core
