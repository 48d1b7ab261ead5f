#include "server/core/directory/access.h"

#include <gtest/gtest.h>

namespace warroom::core {
namespace {

Principal Make(Role role, int64_t org = 7) {
  Principal p;
  p.user_id = 1;
  p.role = role;
  p.organisation_id = org;
  return p;
}

TEST(AccessTest, ReadScopePerRole) {
  EXPECT_EQ(ReadScope(Make(Role::kWarroomAdmin)).kind, DirectoryScope::Kind::kAll);
  EXPECT_EQ(ReadScope(Make(Role::kWarroomAnalyst)).kind, DirectoryScope::Kind::kAll);
  EXPECT_EQ(ReadScope(Make(Role::kSpoc)).kind, DirectoryScope::Kind::kOwn);
  EXPECT_EQ(ReadScope(Make(Role::kSpoc)).organisation_id, 7);
  EXPECT_EQ(ReadScope(Make(Role::kMember)).kind, DirectoryScope::Kind::kOwn);
  EXPECT_EQ(ReadScope(Make(Role::kAuditor)).kind, DirectoryScope::Kind::kOwn);
  EXPECT_EQ(ReadScope(Make(Role::kProvider)).kind, DirectoryScope::Kind::kOwnAndCustomers);
  EXPECT_EQ(ReadScope(Make(Role::kObserver)).kind, DirectoryScope::Kind::kNone);
}

TEST(AccessTest, PeopleAreReadWithinTheOwnOrganisationOnly) {
  EXPECT_TRUE(CanReadPeople(Make(Role::kWarroomAnalyst), 99));
  EXPECT_TRUE(CanReadPeople(Make(Role::kSpoc), 7));
  EXPECT_FALSE(CanReadPeople(Make(Role::kSpoc), 8));
  EXPECT_FALSE(CanReadPeople(Make(Role::kProvider), 8));
  EXPECT_FALSE(CanReadPeople(Make(Role::kObserver), 7));
}

TEST(AccessTest, OnlyTheSpocAndTheWarRoomEditPeople) {
  EXPECT_TRUE(CanEditPeople(Make(Role::kSpoc), 7));
  EXPECT_FALSE(CanEditPeople(Make(Role::kSpoc), 8));
  EXPECT_FALSE(CanEditPeople(Make(Role::kMember), 7));
  EXPECT_FALSE(CanEditPeople(Make(Role::kProvider), 7));
  EXPECT_TRUE(CanEditPeople(Make(Role::kWarroomAnalyst), 8));
}

TEST(AccessTest, AccountsAreManagedByAdminsOnly) {
  EXPECT_TRUE(CanManageAccounts(Make(Role::kWarroomAdmin)));
  for (Role r : AllRoles()) {
    if (r != Role::kWarroomAdmin) {
      EXPECT_FALSE(CanManageAccounts(Make(r))) << Name(r);
    }
  }
  EXPECT_FALSE(CanEditOrganisations(Make(Role::kSpoc)));
}

TEST(AccessTest, PeopleAreInvitedByTheAdminOrTheirOwnSpocWithoutEscalation) {
  for (Role r : AllRoles()) {
    EXPECT_TRUE(CanInvitePerson(Make(Role::kWarroomAdmin), 99, r)) << Name(r);
  }
  const Principal spoc = Make(Role::kSpoc, 7);
  EXPECT_TRUE(CanInvitePerson(spoc, 7, Role::kMember));
  EXPECT_TRUE(CanInvitePerson(spoc, 7, Role::kSpoc));
  // Never above her own role, never another organisation.
  EXPECT_FALSE(CanInvitePerson(spoc, 7, Role::kWarroomAdmin));
  EXPECT_FALSE(CanInvitePerson(spoc, 7, Role::kWarroomAnalyst));
  EXPECT_FALSE(CanInvitePerson(spoc, 7, Role::kObserver));
  EXPECT_FALSE(CanInvitePerson(spoc, 7, Role::kAuditor));
  EXPECT_FALSE(CanInvitePerson(spoc, 8, Role::kMember));
  for (Role r :
       {Role::kWarroomAnalyst, Role::kMember, Role::kProvider, Role::kAuditor, Role::kObserver}) {
    EXPECT_FALSE(CanInvitePerson(Make(r, 7), 7, Role::kMember)) << Name(r);
  }
}

TEST(AccessTest, GapsAreCountedWithinWhatTheCallerMaySee) {
  EXPECT_EQ(GapScope(Make(Role::kWarroomAnalyst)).kind, DirectoryScope::Kind::kAll);
  EXPECT_EQ(GapScope(Make(Role::kObserver)).kind, DirectoryScope::Kind::kAll);
  EXPECT_EQ(GapScope(Make(Role::kSpoc)).kind, DirectoryScope::Kind::kOwn);
  EXPECT_EQ(GapScope(Make(Role::kSpoc)).organisation_id, 7);
  EXPECT_EQ(GapScope(Make(Role::kMember)).kind, DirectoryScope::Kind::kOwn);
  EXPECT_EQ(GapScope(Make(Role::kProvider)).kind, DirectoryScope::Kind::kOwnAndCustomers);
}

TEST(AccessTest, TokensNeedTheirScope) {
  Principal p = Make(Role::kWarroomAnalyst);
  EXPECT_TRUE(HasScope(p, "directory:write"));
  p.via_token = true;
  p.scopes = {"directory:read"};
  EXPECT_TRUE(HasScope(p, "directory:read"));
  EXPECT_FALSE(HasScope(p, "directory:write"));
}

}  // namespace
}  // namespace warroom::core
