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

bool CanReadPeople(const Principal& p, int64_t org_id) {
  if (IsWarroomRole(p.role)) return true;
  if (p.role == Role::kObserver) return false;
  return org_id == p.organisation_id;
}

bool CanEditOrganisations(const Principal& p) { return IsWarroomRole(p.role); }

bool CanEditPeople(const Principal& p, int64_t org_id) {
  if (IsWarroomRole(p.role)) return true;
  return p.role == Role::kSpoc && org_id == p.organisation_id;
}

DirectoryScope GapScope(const Principal& p) {
  if (p.role == Role::kObserver) return {DirectoryScope::Kind::kAll, 0};
  return ReadScope(p);
}

bool CanImport(const Principal& p) { return IsWarroomRole(p.role); }

bool CanManageAccounts(const Principal& p) { return p.role == Role::kWarroomAdmin; }

bool CanInvitePerson(const Principal& p, int64_t org_id, Role role) {
  if (CanManageAccounts(p)) return true;
  return p.role == Role::kSpoc && org_id == p.organisation_id &&
         (role == Role::kMember || role == Role::kSpoc);
}

bool HasScope(const Principal& p, const std::string& scope) {
  return !p.via_token || p.scopes.contains(scope);
}

}  // namespace warroom::core
