// The access model: who the caller is (Principal) and the one table from role to the
// permissions it holds (Allows). Every signed-in route declares the Permission it needs
// and the HTTP layer asks Allows before the handler runs; the object-level rules (own
// organisation, a provider's customers, later TLP) stay next to their capability
// (core/directory/access.h) and only narrow what the table grants.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "server/core/directory/model.h"

namespace warroom::core {

// The authenticated caller.
struct Principal {
  int64_t user_id = 0;
  Role role = Role::kObserver;
  int64_t organisation_id = 0;
  std::string label;  // e-mail, or "token:<name>", for the audit log
  bool via_token = false;
  std::set<std::string> scopes;  // API token scopes; empty for sessions
};

// What a permission is about. Capabilities still to come (advisories, incidents,
// checklists) add their resources here and their rows to the role table.
enum class Resource {
  kReferenceData,    // regions and provinces
  kDirectoryGaps,    // the gap summary: aggregates without names
  kOrganisation,     // organisation records (and a provider's customer list)
  kPerson,           // people, their contact channels, SPOC and deputies
  kProviderService,  // which provider serves which organisation
  kImport,           // CSV imports of organisations and people
  kUser,             // accounts (reading one's own; managing everybody's)
  kAuditLog,
  kApiToken,          // the caller's own API tokens
  kSession,           // the caller's own sessions, password and reauthentication
  kAdvisory,          // advisories: reading those sent to one's organisation; the war
                      // room's drafts, sending (manage), board and call list
  kAcknowledgement,   // acknowledging an advisory for one's own organisation
  kEscalationPolicy,  // the war room's named escalation policies
  kHelpRequest,       // a recipient's request for the war room's help
  kEvent,             // the live event stream (which events: core::MaySeeEvent)
  kWebhook,           // webhook endpoints (the admin: all; a SPOC: her organisation's)
  kIncident,          // incidents (C2): a victim's SPOC and members their organisation's,
                      // the war room all (which ones: core::IncidentReadScope)
  kCriticalService,   // the maintained list of critical services (the admin manages it;
                      // everybody reads it as reference data)
  kFundingDecision,   // deciding on an incident's restart-funding request: the war room
};

enum class Action {
  kRead,
  kCreate,
  kUpdate,
  kDelete,
  kImport,
  kManage,  // invite, change, disable and list every record of the resource
  kInvite,  // give a record an account (a person of the directory)
};

struct Permission {
  Resource resource;
  Action action;
  friend constexpr bool operator==(Permission, Permission) = default;
};

std::string_view Name(Resource r);
std::string_view Name(Action a);
// "organisation:update", for logs and test messages.
std::string Name(Permission p);

std::span<const Resource> AllResources();
std::span<const Action> AllActions();

// The role table: the permissions `role` holds, whatever the object. The single source
// for the coarse decision; object-level rules only narrow it.
std::span<const Permission> PermissionsOf(Role role);
bool Allows(Role role, Permission permission);
bool Allows(const Principal& p, Permission permission);

// The API token scope a permission needs: "directory:read" for reading the directory,
// "directory:write" for changing it; nullopt when sessions only (accounts, audit log,
// tokens, sessions, the live event stream).
std::optional<std::string_view> TokenScope(Permission permission);

// The central decision for a signed-in caller.
enum class Decision {
  kAllowed,
  kRoleDenied,    // the role may never do this (403 role_not_permitted)
  kScopeMissing,  // an API token without the scope the permission needs (403)
};
Decision Decide(const Principal& p, Permission permission);

}  // namespace warroom::core
