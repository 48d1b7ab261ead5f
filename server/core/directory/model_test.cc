#include "server/core/directory/model.h"

#include <gtest/gtest.h>

namespace warroom::core {
namespace {

TEST(ModelTest, EveryKindRoundTripsThroughItsWireName) {
  for (OrganisationKind k : AllOrganisationKinds()) {
    ASSERT_FALSE(Name(k).empty());
    EXPECT_EQ(ParseOrganisationKind(Name(k)), k);
  }
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(Name(r)), r);
  for (ContactRole r : AllContactRoles()) EXPECT_EQ(ParseContactRole(Name(r)), r);
  for (ServiceKind s : AllServiceKinds()) EXPECT_EQ(ParseServiceKind(Name(s)), s);
  for (DirectoryGap g : AllDirectoryGaps()) EXPECT_EQ(ParseDirectoryGap(Name(g)), g);
}

TEST(ModelTest, UnknownNamesAreRejected) {
  EXPECT_FALSE(ParseOrganisationKind("Municipality"));
  EXPECT_FALSE(ParseRole("admin"));
  EXPECT_FALSE(ParseLanguage("NL"));
  EXPECT_FALSE(ParseServiceKind(""));
}

TEST(ModelTest, WarroomRolesAreTheCentralTeam) {
  EXPECT_TRUE(IsWarroomRole(Role::kWarroomAdmin));
  EXPECT_TRUE(IsWarroomRole(Role::kWarroomAnalyst));
  EXPECT_FALSE(IsWarroomRole(Role::kSpoc));
  EXPECT_FALSE(IsWarroomRole(Role::kObserver));
}

TEST(ModelTest, LocalGovernmentsExcludeProvidersAndTheWarRoom) {
  EXPECT_TRUE(IsLocalGovernment(OrganisationKind::kMunicipality));
  EXPECT_TRUE(IsLocalGovernment(OrganisationKind::kPoliceZone));
  EXPECT_FALSE(IsLocalGovernment(OrganisationKind::kIctProvider));
  EXPECT_FALSE(IsLocalGovernment(OrganisationKind::kWarRoom));
}

}  // namespace
}  // namespace warroom::core
