#include "server/core/access/access.h"

#include <gtest/gtest.h>

#include <set>

namespace warroom::core {
namespace {

Principal As(Role role) {
  Principal p;
  p.role = role;
  p.user_id = 7;
  p.organisation_id = 3;
  return p;
}

TEST(AccessModelTest, EveryRoleHasARowAndEveryoneMayUseTheirOwnAccount) {
  for (Role role : AllRoles()) {
    EXPECT_FALSE(PermissionsOf(role).empty()) << Name(role);
    EXPECT_TRUE(Allows(role, {Resource::kSession, Action::kUpdate})) << Name(role);
    EXPECT_TRUE(Allows(role, {Resource::kApiToken, Action::kRead})) << Name(role);
    EXPECT_TRUE(Allows(role, {Resource::kDirectoryGaps, Action::kRead})) << Name(role);
  }
}

TEST(AccessModelTest, NoRoleHoldsAPermissionTwice) {
  for (Role role : AllRoles()) {
    std::set<std::string> seen;
    for (Permission p : PermissionsOf(role)) {
      EXPECT_TRUE(seen.insert(Name(p)).second) << Name(role) << " " << Name(p);
    }
  }
}

TEST(AccessModelTest, OnlyTheAdminManagesAccountsAndReadsTheAuditLog) {
  for (Role role : AllRoles()) {
    const bool admin = role == Role::kWarroomAdmin;
    EXPECT_EQ(Allows(role, {Resource::kUser, Action::kManage}), admin) << Name(role);
    EXPECT_EQ(Allows(role, {Resource::kAuditLog, Action::kRead}), admin) << Name(role);
  }
}

TEST(AccessModelTest, OnlyTheWarRoomChangesOrganisationsServicesAndImports) {
  for (Role role : AllRoles()) {
    const bool war_room = IsWarroomRole(role);
    for (Permission p : {Permission{Resource::kOrganisation, Action::kCreate},
                         Permission{Resource::kOrganisation, Action::kUpdate},
                         Permission{Resource::kProviderService, Action::kCreate},
                         Permission{Resource::kProviderService, Action::kDelete},
                         Permission{Resource::kImport, Action::kImport}}) {
      EXPECT_EQ(Allows(role, p), war_room) << Name(role) << " " << Name(p);
    }
  }
}

TEST(AccessModelTest, SpocAndWarRoomEditContactsOthersOnlyRead) {
  const Permission edit{Resource::kPerson, Action::kUpdate};
  const Permission read{Resource::kPerson, Action::kRead};
  EXPECT_TRUE(Allows(Role::kSpoc, edit));
  EXPECT_TRUE(Allows(Role::kWarroomAnalyst, edit));
  for (Role role : {Role::kMember, Role::kProvider, Role::kAuditor, Role::kObserver}) {
    EXPECT_FALSE(Allows(role, edit)) << Name(role);
    EXPECT_FALSE(Allows(role, {Resource::kPerson, Action::kCreate})) << Name(role);
  }
  for (Role role : {Role::kMember, Role::kProvider, Role::kAuditor}) {
    EXPECT_TRUE(Allows(role, read)) << Name(role);
  }
}

TEST(AccessModelTest, OnlyTheAdminAndSpocsManageWebhooks) {
  for (Role role : AllRoles()) {
    const bool manages = role == Role::kWarroomAdmin || role == Role::kSpoc;
    for (Action a : {Action::kRead, Action::kCreate, Action::kUpdate, Action::kDelete}) {
      EXPECT_EQ(Allows(role, {Resource::kWebhook, a}), manages)
          << Name(role) << " " << Name(Permission{Resource::kWebhook, a});
    }
  }
}

TEST(AccessModelTest, TheWarRoomAndTheVictimsSpocAndMembersWorkOnIncidents) {
  for (Role role : AllRoles()) {
    const bool works = IsWarroomRole(role) || role == Role::kSpoc || role == Role::kMember;
    for (Action a : AllActions()) {
      const bool held = a == Action::kRead || a == Action::kCreate || a == Action::kUpdate;
      EXPECT_EQ(Allows(role, {Resource::kIncident, a}), works && held)
          << Name(role) << " " << Name(Permission{Resource::kIncident, a});
      EXPECT_FALSE(TokenScope({Resource::kIncident, a})) << "incidents are for sessions only";
    }
  }
}

TEST(AccessModelTest, ObserverSeesAggregatesOnly) {
  EXPECT_FALSE(Allows(Role::kObserver, {Resource::kOrganisation, Action::kRead}));
  EXPECT_FALSE(Allows(Role::kObserver, {Resource::kPerson, Action::kRead}));
  EXPECT_TRUE(Allows(Role::kObserver, {Resource::kDirectoryGaps, Action::kRead}));
  EXPECT_TRUE(Allows(Role::kObserver, {Resource::kReferenceData, Action::kRead}));
  EXPECT_FALSE(Allows(Role::kObserver, {Resource::kEvent, Action::kRead}));
}

TEST(AccessModelTest, EveryRoleButTheObserverOpensTheEventStream) {
  for (Role role : AllRoles()) {
    EXPECT_EQ(Allows(role, {Resource::kEvent, Action::kRead}), role != Role::kObserver)
        << Name(role);
  }
}

TEST(AccessModelTest, TokenScopesFollowFromThePermission) {
  EXPECT_EQ(TokenScope({Resource::kOrganisation, Action::kRead}), "directory:read");
  EXPECT_EQ(TokenScope({Resource::kDirectoryGaps, Action::kRead}), "directory:read");
  EXPECT_EQ(TokenScope({Resource::kPerson, Action::kUpdate}), "directory:write");
  EXPECT_EQ(TokenScope({Resource::kImport, Action::kImport}), "directory:write");
  for (Resource r : {Resource::kUser, Resource::kAuditLog, Resource::kApiToken, Resource::kSession,
                     Resource::kEvent, Resource::kWebhook}) {
    for (Action a : AllActions()) {
      EXPECT_FALSE(TokenScope({r, a})) << Name(Permission{r, a}) << " is for sessions only";
    }
  }
}

TEST(AccessModelTest, DecideChecksTheTokenScopeThenTheRole) {
  Principal session = As(Role::kMember);
  EXPECT_EQ(Decide(session, {Resource::kOrganisation, Action::kRead}), Decision::kAllowed);
  EXPECT_EQ(Decide(session, {Resource::kOrganisation, Action::kUpdate}), Decision::kRoleDenied);

  Principal token = As(Role::kWarroomAdmin);
  token.via_token = true;
  token.scopes = {"directory:read"};
  EXPECT_EQ(Decide(token, {Resource::kOrganisation, Action::kRead}), Decision::kAllowed);
  EXPECT_EQ(Decide(token, {Resource::kOrganisation, Action::kUpdate}), Decision::kScopeMissing);
  // Sessions-only resources are closed to tokens whatever their scopes.
  token.scopes = {"directory:read", "directory:write"};
  EXPECT_EQ(Decide(token, {Resource::kUser, Action::kManage}), Decision::kScopeMissing);
  EXPECT_EQ(Decide(token, {Resource::kOrganisation, Action::kUpdate}), Decision::kAllowed);
  // A scope does not lift the role's limits.
  Principal member_token = As(Role::kMember);
  member_token.via_token = true;
  member_token.scopes = {"directory:write"};
  EXPECT_EQ(Decide(member_token, {Resource::kOrganisation, Action::kUpdate}),
            Decision::kRoleDenied);
}

TEST(AccessModelTest, NamesAreDistinct) {
  std::set<std::string_view> resources;
  for (Resource r : AllResources()) EXPECT_TRUE(resources.insert(Name(r)).second) << Name(r);
  std::set<std::string_view> actions;
  for (Action a : AllActions()) EXPECT_TRUE(actions.insert(Name(a)).second) << Name(a);
  EXPECT_EQ(Name(Permission{Resource::kOrganisation, Action::kUpdate}), "organisation:update");
}

}  // namespace
}  // namespace warroom::core
