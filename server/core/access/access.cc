#include "server/core/access/access.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace warroom::core {
namespace {

using A = Action;
using R = Resource;

template <size_t... N>
constexpr auto Join(const std::array<Permission, N>&... parts) {
  std::array<Permission, (N + ...)> out{};
  size_t i = 0;
  ((std::copy(parts.begin(), parts.end(), out.begin() + static_cast<std::ptrdiff_t>(i)),
    i += parts.size()),
   ...);
  return out;
}

// What every signed-in caller may do: reference data and aggregates, and her own
// account, sessions and API tokens.
constexpr std::array<Permission, 9> kEveryone{{{R::kReferenceData, A::kRead},
                                               {R::kDirectoryGaps, A::kRead},
                                               {R::kUser, A::kRead},
                                               {R::kApiToken, A::kRead},
                                               {R::kApiToken, A::kCreate},
                                               {R::kApiToken, A::kDelete},
                                               {R::kSession, A::kRead},
                                               {R::kSession, A::kUpdate},
                                               {R::kSession, A::kDelete}}};
// Reading the directory (the object rules narrow it to the caller's organisations).
constexpr std::array<Permission, 2> kDirectoryRead{
    {{R::kOrganisation, A::kRead}, {R::kPerson, A::kRead}}};
// Keeping contacts up to date (a SPOC: her own organisation's).
constexpr std::array<Permission, 2> kContactsWrite{
    {{R::kPerson, A::kCreate}, {R::kPerson, A::kUpdate}}};
// What only the war room does to the directory.
constexpr std::array<Permission, 5> kDirectoryWrite{{{R::kOrganisation, A::kCreate},
                                                     {R::kOrganisation, A::kUpdate},
                                                     {R::kProviderService, A::kCreate},
                                                     {R::kProviderService, A::kDelete},
                                                     {R::kImport, A::kImport}}};
// Inviting a contact to an account (the object rule, core::CanInvitePerson, limits a SPOC
// to her own organisation's people and to roles no higher than hers).
constexpr std::array<Permission, 1> kInvitePeople{{{R::kPerson, A::kInvite}}};
// The live event stream, for every role that reads something beyond aggregates (which
// events each one hears: core::MaySeeEvent).
constexpr std::array<Permission, 1> kEventsRead{{{R::kEvent, A::kRead}}};
// Accounts and the audit log.
constexpr std::array<Permission, 2> kAdministration{
    {{R::kUser, A::kManage}, {R::kAuditLog, A::kRead}}};

// Reading advisories (the object rules: those sent to one's organisation; the war room all)
// and help requests (one's organisation's).
constexpr std::array<Permission, 2> kAdvisoryRead{
    {{R::kAdvisory, A::kRead}, {R::kHelpRequest, A::kRead}}};
// What a recipient organisation does with an advisory.
constexpr std::array<Permission, 2> kAdvisoryRecipient{
    {{R::kAcknowledgement, A::kCreate}, {R::kHelpRequest, A::kCreate}}};
// The war room's side: drafts, four-eyes sending, updates, the board, the call list,
// escalation policies and taking help requests.
constexpr std::array<Permission, 8> kAdvisoryWrite{{{R::kAdvisory, A::kCreate},
                                                    {R::kAdvisory, A::kUpdate},
                                                    {R::kAdvisory, A::kDelete},
                                                    {R::kAdvisory, A::kManage},
                                                    {R::kEscalationPolicy, A::kRead},
                                                    {R::kEscalationPolicy, A::kCreate},
                                                    {R::kEscalationPolicy, A::kUpdate},
                                                    {R::kHelpRequest, A::kUpdate}}};
// Managing webhook endpoints (core::webhook::CanManageEndpoints narrows a SPOC to her
// own organisation's).
constexpr std::array<Permission, 4> kWebhooks{{{R::kWebhook, A::kRead},
                                               {R::kWebhook, A::kCreate},
                                               {R::kWebhook, A::kUpdate},
                                               {R::kWebhook, A::kDelete}}};

// Incidents: declaring, reading, changing and moving them through the workflow. A victim's
// SPOC and members their own organisation's (core::MayDeclareFor, core::IncidentReadScope),
// the war room every organisation's. Providers, auditors and observers have none yet: a
// provider will see the incidents where it owns a task, observers anonymised aggregates.
constexpr std::array<Permission, 3> kIncidents{
    {{R::kIncident, A::kRead}, {R::kIncident, A::kCreate}, {R::kIncident, A::kUpdate}}};

// The war room's own decisions on an incident: the maintained list of critical services
// (the admin's) and the answer to a victim's funding request (both war-room roles).
constexpr std::array<Permission, 1> kCriticalServices{{{R::kCriticalService, A::kManage}}};
constexpr std::array<Permission, 1> kFundingDecisions{{{R::kFundingDecision, A::kCreate}}};

// The role table.
constexpr auto kObserver = kEveryone;
constexpr auto kReader =
    Join(kEveryone, kDirectoryRead, kEventsRead, kAdvisoryRead, kAdvisoryRecipient);
constexpr auto kMember = Join(kReader, kIncidents);
constexpr auto kSpoc = Join(kEveryone, kDirectoryRead, kEventsRead, kContactsWrite, kInvitePeople,
                            kAdvisoryRead, kAdvisoryRecipient, kWebhooks, kIncidents);
constexpr auto kAnalyst =
    Join(kEveryone, kDirectoryRead, kEventsRead, kContactsWrite, kDirectoryWrite, kAdvisoryRead,
         kAdvisoryWrite, kIncidents, kFundingDecisions);
constexpr auto kAdmin =
    Join(kEveryone, kDirectoryRead, kEventsRead, kContactsWrite, kDirectoryWrite, kInvitePeople,
         kAdministration, kAdvisoryRead, kAdvisoryWrite, kWebhooks, kIncidents, kCriticalServices,
         kFundingDecisions);

constexpr std::array kResources{
    R::kReferenceData,   R::kDirectoryGaps,    R::kOrganisation,   R::kPerson,
    R::kProviderService, R::kImport,           R::kUser,           R::kAuditLog,
    R::kApiToken,        R::kSession,          R::kEvent,          R::kAdvisory,
    R::kAcknowledgement, R::kEscalationPolicy, R::kHelpRequest,    R::kWebhook,
    R::kIncident,        R::kCriticalService,  R::kFundingDecision};
constexpr std::array kActions{A::kRead,   A::kCreate, A::kUpdate, A::kDelete,
                              A::kImport, A::kManage, A::kInvite};

}  // namespace

std::string_view Name(Resource r) {
  switch (r) {
    case R::kReferenceData:
      return "reference_data";
    case R::kDirectoryGaps:
      return "directory_gaps";
    case R::kOrganisation:
      return "organisation";
    case R::kPerson:
      return "person";
    case R::kProviderService:
      return "provider_service";
    case R::kImport:
      return "import";
    case R::kUser:
      return "user";
    case R::kAuditLog:
      return "audit_log";
    case R::kApiToken:
      return "api_token";
    case R::kSession:
      return "session";
    case R::kAdvisory:
      return "advisory";
    case R::kAcknowledgement:
      return "acknowledgement";
    case R::kEscalationPolicy:
      return "escalation_policy";
    case R::kHelpRequest:
      return "help_request";
    case R::kEvent:
      return "event";
    case R::kWebhook:
      return "webhook";
    case R::kIncident:
      return "incident";
    case R::kCriticalService:
      return "critical_service";
    case R::kFundingDecision:
      return "funding_decision";
  }
  return "unknown";
}

std::string_view Name(Action a) {
  switch (a) {
    case A::kRead:
      return "read";
    case A::kCreate:
      return "create";
    case A::kUpdate:
      return "update";
    case A::kDelete:
      return "delete";
    case A::kImport:
      return "import";
    case A::kManage:
      return "manage";
    case A::kInvite:
      return "invite";
  }
  return "unknown";
}

std::string Name(Permission p) {
  return std::string(Name(p.resource)) + ":" + std::string(Name(p.action));
}

std::span<const Resource> AllResources() { return kResources; }
std::span<const Action> AllActions() { return kActions; }

std::span<const Permission> PermissionsOf(Role role) {
  switch (role) {
    case Role::kWarroomAdmin:
      return kAdmin;
    case Role::kWarroomAnalyst:
      return kAnalyst;
    case Role::kSpoc:
      return kSpoc;
    case Role::kMember:
      return kMember;
    case Role::kProvider:
    case Role::kAuditor:
      return kReader;
    case Role::kObserver:
      return kObserver;
  }
  return {};
}

bool Allows(Role role, Permission permission) {
  const auto held = PermissionsOf(role);
  return std::find(held.begin(), held.end(), permission) != held.end();
}

bool Allows(const Principal& p, Permission permission) { return Allows(p.role, permission); }

std::optional<std::string_view> TokenScope(Permission permission) {
  switch (permission.resource) {
    case R::kReferenceData:
    case R::kDirectoryGaps:
    case R::kOrganisation:
    case R::kPerson:
    case R::kProviderService:
    case R::kImport:
      // Giving a contact an account is account management: sessions only, as for users.
      if (permission.action == A::kInvite) return std::nullopt;
      return permission.action == A::kRead ? "directory:read" : "directory:write";
    case R::kUser:
    case R::kAuditLog:
    case R::kApiToken:
    case R::kSession:
    case R::kEvent:
    // Advisories are sessions only for now: acknowledging through an API token (a chat
    // or SMS bridge) would need a scope of its own.
    case R::kAdvisory:
    case R::kAcknowledgement:
    case R::kEscalationPolicy:
    case R::kHelpRequest:
    // A webhook secret is shown when an endpoint is made or rotated: sessions only.
    case R::kWebhook:
    // Incidents are sessions only in this slice; a reporting bridge would need a scope.
    case R::kIncident:
    case R::kCriticalService:
    case R::kFundingDecision:
      return std::nullopt;
  }
  return std::nullopt;
}

Decision Decide(const Principal& p, Permission permission) {
  if (p.via_token) {
    const auto scope = TokenScope(permission);
    if (!scope || !p.scopes.contains(std::string(*scope))) return Decision::kScopeMissing;
  }
  return Allows(p, permission) ? Decision::kAllowed : Decision::kRoleDenied;
}

}  // namespace warroom::core
