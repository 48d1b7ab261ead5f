#include "server/core/directory/access.h"

namespace warroom::core {

DirectoryScope ReadScope(const Principal& p) {
  switch (p.role) {
    case Role::kWarroomAdmin:
    case Role::kWarroomAnalyst:
      return {DirectoryScope::Kind::kAll, 0};
    case Role::kSpoc:
    case Role::kMember:
    case Role::kAuditor:
      return {DirectoryScope::Kind::kOwn, p.organisation_id};
    case Role::kProvider:
      return {DirectoryScope::Kind::kOwnAndCustomers, p.organisation_id};
    case Role::kObserver:
      return {DirectoryScope::Kind::kNone, 0};
  }
  return {DirectoryScope::Kind::kNone, 0};
}

// The role table says whether a role touches people at all; the object rule narrows it
// to the caller's own organisation outside the war room.
bool CanReadPeople(const Principal& p, int64_t org_id) {
  if (!Allows(p, {Resource::kPerson, Action::kRead})) return false;
  return IsWarroomRole(p.role) || org_id == p.organisation_id;
}

bool CanEditOrganisations(const Principal& p) {
  return Allows(p, {Resource::kOrganisation, Action::kUpdate});
}

bool CanEditPeople(const Principal& p, int64_t org_id) {
  if (!Allows(p, {Resource::kPerson, Action::kUpdate})) return false;
  return IsWarroomRole(p.role) || org_id == p.organisation_id;
}

DirectoryScope GapScope(const Principal& p) {
  if (p.role == Role::kObserver) return {DirectoryScope::Kind::kAll, 0};
  return ReadScope(p);
}

bool CanImport(const Principal& p) { return Allows(p, {Resource::kImport, Action::kImport}); }

bool CanManageAccounts(const Principal& p) { return Allows(p, {Resource::kUser, Action::kManage}); }

bool CanInvitePerson(const Principal& p, int64_t org_id, Role role) {
  if (CanManageAccounts(p)) return true;
  return p.role == Role::kSpoc && org_id == p.organisation_id &&
         (role == Role::kMember || role == Role::kSpoc);
}

bool HasScope(const Principal& p, const std::string& scope) {
  return !p.via_token || p.scopes.contains(scope);
}

}  // namespace warroom::core
