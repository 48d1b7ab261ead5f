#include "server/core/incident/access.h"

namespace warroom::core {

IncidentScope IncidentReadScope(const Principal& p) {
  switch (p.role) {
    case Role::kWarroomAdmin:
    case Role::kWarroomAnalyst:
      return {{DirectoryScope::Kind::kAll, 0}, true};
    case Role::kSpoc:
    case Role::kMember:
      return {{DirectoryScope::Kind::kOwn, p.organisation_id}, false};
    case Role::kProvider:
    case Role::kAuditor:
    case Role::kObserver:
      return {{DirectoryScope::Kind::kNone, 0}, false};
  }
  return {};
}

bool MayReadIncident(const Principal& p, int64_t organisation_id, Tlp tlp) {
  const IncidentScope scope = IncidentReadScope(p);
  if (tlp == Tlp::kRed && !scope.include_red) return false;
  switch (scope.organisations.kind) {
    case DirectoryScope::Kind::kAll:
      return true;
    case DirectoryScope::Kind::kOwn:
      return organisation_id == scope.organisations.organisation_id && organisation_id != 0;
    // No incident scope admits a provider's customers yet; when one does, this must
    // learn whom the provider serves.
    case DirectoryScope::Kind::kOwnAndCustomers:
    case DirectoryScope::Kind::kNone:
      return false;
  }
  return false;
}

bool MayDeclareFor(const Principal& p, int64_t organisation_id) {
  const IncidentScope scope = IncidentReadScope(p);
  switch (scope.organisations.kind) {
    case DirectoryScope::Kind::kAll:
      return true;
    case DirectoryScope::Kind::kOwn:
      return organisation_id == scope.organisations.organisation_id && organisation_id != 0;
    case DirectoryScope::Kind::kOwnAndCustomers:
    case DirectoryScope::Kind::kNone:
      return false;
  }
  return false;
}

}  // namespace warroom::core
