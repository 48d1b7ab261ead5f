#include "server/core/incident/access.h"

#include <gtest/gtest.h>

namespace warroom::core {
namespace {

Principal As(Role role, int64_t org) {
  Principal p;
  p.role = role;
  p.organisation_id = org;
  return p;
}

TEST(IncidentAccess, TheWarRoomReadsEveryIncidentIncludingRed) {
  for (Role role : {Role::kWarroomAdmin, Role::kWarroomAnalyst}) {
    const auto s = IncidentReadScope(As(role, 1));
    EXPECT_EQ(s.organisations.kind, DirectoryScope::Kind::kAll);
    EXPECT_TRUE(s.include_red);
    EXPECT_TRUE(MayDeclareFor(As(role, 1), 10));
    EXPECT_TRUE(MayDeclareFor(As(role, 1), 20));
  }
}

TEST(IncidentAccess, ASpocOrMemberReadsAndDeclaresHerOwnOrganisationsOnly) {
  for (Role role : {Role::kSpoc, Role::kMember}) {
    const auto s = IncidentReadScope(As(role, 10));
    EXPECT_EQ(s.organisations.kind, DirectoryScope::Kind::kOwn);
    EXPECT_EQ(s.organisations.organisation_id, 10);
    EXPECT_FALSE(s.include_red);
    EXPECT_TRUE(MayDeclareFor(As(role, 10), 10));
    EXPECT_FALSE(MayDeclareFor(As(role, 10), 20));
    EXPECT_FALSE(MayDeclareFor(As(role, 0), 0)) << "an account without an organisation";
  }
}

TEST(IncidentAccess, ProvidersAuditorsAndObserversReadNone) {
  for (Role role : {Role::kProvider, Role::kAuditor, Role::kObserver}) {
    EXPECT_EQ(IncidentReadScope(As(role, 10)).organisations.kind, DirectoryScope::Kind::kNone);
    EXPECT_FALSE(MayDeclareFor(As(role, 10), 10)) << Name(role);
  }
}

TEST(IncidentAccess, MayReadIncidentAppliesTheScopeToOneIncident) {
  for (Role role : {Role::kWarroomAdmin, Role::kWarroomAnalyst}) {
    EXPECT_TRUE(MayReadIncident(As(role, 1), 20, Tlp::kAmber)) << Name(role);
    EXPECT_TRUE(MayReadIncident(As(role, 1), 20, Tlp::kRed)) << Name(role);
  }
  for (Role role : {Role::kSpoc, Role::kMember}) {
    EXPECT_TRUE(MayReadIncident(As(role, 10), 10, Tlp::kAmberStrict)) << Name(role);
    EXPECT_FALSE(MayReadIncident(As(role, 10), 20, Tlp::kClear)) << Name(role);
    EXPECT_FALSE(MayReadIncident(As(role, 10), 10, Tlp::kRed)) << Name(role);
    EXPECT_FALSE(MayReadIncident(As(role, 0), 0, Tlp::kClear)) << Name(role);
  }
  for (Role role : {Role::kProvider, Role::kAuditor, Role::kObserver}) {
    EXPECT_FALSE(MayReadIncident(As(role, 10), 10, Tlp::kClear)) << Name(role);
  }
}

}  // namespace
}  // namespace warroom::core
