#include "server/core/access/event_visibility.h"

#include <gtest/gtest.h>

namespace warroom::core {
namespace {

constexpr int64_t kWarRoom = 1;
constexpr int64_t kA = 10;
constexpr int64_t kB = 20;

TEST(EventVisibility, TheWarRoomSeesEveryEvent) {
  for (Role role : {Role::kWarroomAdmin, Role::kWarroomAnalyst}) {
    EXPECT_TRUE(MaySeeEvent(role, kWarRoom, std::nullopt));
    EXPECT_TRUE(MaySeeEvent(role, kWarRoom, kA));
    EXPECT_TRUE(MaySeeEvent(role, kWarRoom, kB));
  }
}

TEST(EventVisibility, OtherRolesSeeTheirOwnOrganisationsEventsOnly) {
  for (Role role : {Role::kSpoc, Role::kMember, Role::kProvider, Role::kAuditor}) {
    EXPECT_TRUE(MaySeeEvent(role, kA, kA)) << Name(role);
    EXPECT_FALSE(MaySeeEvent(role, kA, kB)) << Name(role) << " must not hear another's events";
    EXPECT_FALSE(MaySeeEvent(role, kA, std::nullopt)) << Name(role) << ": war room only";
  }
}

TEST(EventVisibility, AWarRoomRoleOutsideTheWarRoomStillCountsAsWarRoom) {
  // The role decides, not the organisation id: an analyst is the war room wherever her
  // account's organisation is.
  EXPECT_TRUE(MaySeeEvent(Role::kWarroomAnalyst, kA, kB));
}

TEST(EventVisibility, AnObserverSeesNone) {
  EXPECT_FALSE(MaySeeEvent(Role::kObserver, kWarRoom, std::nullopt));
  EXPECT_FALSE(MaySeeEvent(Role::kObserver, kA, kA));
  EXPECT_FALSE(MaySeeEvent(Role::kObserver, kWarRoom, kWarRoom));
}

TEST(EventVisibility, IncidentEventsReachOnlyWhoMayReadIncidents) {
  EXPECT_TRUE(MaySeeEvent(Role::kSpoc, kA, kA, "incident.declared"));
  EXPECT_TRUE(MaySeeEvent(Role::kMember, kA, kA, "incident.updated"));
  EXPECT_FALSE(MaySeeEvent(Role::kSpoc, kA, kB, "incident.declared"));
  EXPECT_TRUE(MaySeeEvent(Role::kWarroomAnalyst, kWarRoom, kA, "incident.declared"));
  // A RED incident's event names no organisation: the war room's only.
  EXPECT_FALSE(MaySeeEvent(Role::kSpoc, kA, std::nullopt, "incident.declared"));
  EXPECT_TRUE(MaySeeEvent(Role::kWarroomAdmin, kWarRoom, std::nullopt, "incident.declared"));
  // Providers and auditors hear their own organisation's other events, never incidents.
  for (Role role : {Role::kProvider, Role::kAuditor, Role::kObserver}) {
    EXPECT_FALSE(MaySeeEvent(role, kA, kA, "incident.transitioned")) << Name(role);
  }
  EXPECT_TRUE(MaySeeEvent(Role::kProvider, kA, kA, "advisory.sent"));
}

}  // namespace
}  // namespace warroom::core
