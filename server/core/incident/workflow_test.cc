#include "server/core/incident/workflow.h"

#include <gtest/gtest.h>

#include <string>

namespace warroom::core {
namespace {

using S = IncidentStatus;
const std::string kReason = "the intruder came back through the VPN";

TEST(IncidentWorkflow, OneStepForwardNeedsNoReason) {
  EXPECT_TRUE(CheckTransition(S::kReported, S::kTriage, ""));
  EXPECT_TRUE(CheckTransition(S::kTriage, S::kContainment, ""));
  EXPECT_TRUE(CheckTransition(S::kContainment, S::kEradication, ""));
  EXPECT_TRUE(CheckTransition(S::kEradication, S::kRecovery, ""));
  EXPECT_TRUE(CheckTransition(S::kRecovery, S::kClosed, ""));
}

TEST(IncidentWorkflow, TheNamedSkipsAreAllowed) {
  EXPECT_TRUE(CheckTransition(S::kReported, S::kContainment, ""));
  EXPECT_TRUE(CheckTransition(S::kContainment, S::kRecovery, ""));
}

TEST(IncidentWorkflow, OtherSkipsAreRefusedWithACode) {
  for (auto [from, to] : {std::pair{S::kReported, S::kEradication},
                          {S::kReported, S::kRecovery},
                          {S::kTriage, S::kEradication},
                          {S::kTriage, S::kRecovery}}) {
    auto r = CheckTransition(from, to, kReason);
    ASSERT_FALSE(r) << Name(from) << " -> " << Name(to);
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(r.error().message, "transition_not_allowed");
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, "/to");
  }
}

TEST(IncidentWorkflow, GoingBackOnlyToContainmentAndWithAReason) {
  EXPECT_TRUE(CheckTransition(S::kRecovery, S::kContainment, kReason));
  EXPECT_TRUE(CheckTransition(S::kEradication, S::kContainment, kReason));
  auto bare = CheckTransition(S::kRecovery, S::kContainment, "   short  ");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bare.error().message, "reason_required");
  EXPECT_EQ(CheckTransition(S::kContainment, S::kTriage, kReason).error().message,
            "transition_not_allowed");
  EXPECT_EQ(CheckTransition(S::kRecovery, S::kEradication, kReason).error().message,
            "transition_not_allowed");
  EXPECT_EQ(CheckTransition(S::kTriage, S::kReported, kReason).error().message,
            "transition_not_allowed");
}

TEST(IncidentWorkflow, ClosingEarlyNeedsAReason) {
  EXPECT_EQ(CheckTransition(S::kReported, S::kClosed, "").error().message, "reason_required");
  EXPECT_TRUE(CheckTransition(S::kReported, S::kClosed, "false alarm: a test of the backup"));
  EXPECT_TRUE(CheckTransition(S::kContainment, S::kClosed, kReason));
}

TEST(IncidentWorkflow, AClosedIncidentOnlyReopensToTriageWithAReason) {
  EXPECT_EQ(CheckTransition(S::kClosed, S::kTriage, "").error().message, "reason_required");
  EXPECT_TRUE(CheckTransition(S::kClosed, S::kTriage, kReason));
  for (S to : {S::kReported, S::kContainment, S::kEradication, S::kRecovery}) {
    EXPECT_EQ(CheckTransition(S::kClosed, to, kReason).error().message, "transition_not_allowed")
        << Name(to);
  }
}

TEST(IncidentWorkflow, TheSameStatusIsNoMove) {
  for (S s : AllIncidentStatuses()) {
    auto r = CheckTransition(s, s, kReason);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(r.error().message, "transition_same_status");
  }
}

TEST(IncidentWorkflow, AnOverlongReasonIsRefused) {
  auto r = CheckTransition(S::kReported, S::kTriage, std::string(2001, 'x'));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at(0).code, "too_long");
}

TEST(IncidentWorkflow, NextStatusesListsExactlyTheAllowedMoves) {
  EXPECT_EQ(NextStatuses(S::kReported), (std::vector<S>{S::kTriage, S::kContainment, S::kClosed}));
  EXPECT_EQ(NextStatuses(S::kClosed), (std::vector<S>{S::kTriage}));
  EXPECT_EQ(NextStatuses(S::kRecovery), (std::vector<S>{S::kContainment, S::kClosed}));
}

}  // namespace
}  // namespace warroom::core
