// The directory's vocabulary: kinds of organisations, roles, services, languages.
// Every enum has a stable wire name (the API and the database store the names).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace warroom::core {

enum class OrganisationKind {
  kMunicipality,
  kSocialWelfareCentre,
  kProvince,
  kPoliceZone,
  kEmergencyZone,
  kIntermunicipalAssociation,
  kIctProvider,
  kWarRoom,
  kAuditFirm,
};

enum class OrganisationStatus { kActive, kMerged, kInactive };

// Account roles of DESIGN.md.
enum class Role {
  kWarroomAdmin,
  kWarroomAnalyst,
  kSpoc,
  kMember,
  kProvider,
  kAuditor,
  kObserver,
};

// What a person does in their organisation (a person may hold several).
enum class ContactRole {
  kSpoc,
  kDeputySpoc,
  kIctLead,
  kDpo,
  kCiso,
  kGeneralDirector,
  kMayor,
  kOther,
};

enum class ServiceKind {
  kNetwork,
  kFirewall,
  kVpn,
  kHosting,
  kEmail,
  kBackup,
  kIdentity,
  kWorkstations,
  kFinancialSoftware,
  kPopulationRegisterSoftware,
  kWebsite,
  kTelephony,
  kOther,
};

enum class Language { kNl, kFr, kEn, kDe };

enum class DirectoryGap { kNoSpoc, kNoDeputy, kNoOutOfBand, kStaleContacts };

// Wire names. Parse* return std::nullopt for an unknown name.
std::string_view Name(OrganisationKind v);
std::string_view Name(OrganisationStatus v);
std::string_view Name(Role v);
std::string_view Name(ContactRole v);
std::string_view Name(ServiceKind v);
std::string_view Name(Language v);
std::string_view Name(DirectoryGap v);
std::optional<OrganisationKind> ParseOrganisationKind(std::string_view s);
std::optional<OrganisationStatus> ParseOrganisationStatus(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<ContactRole> ParseContactRole(std::string_view s);
std::optional<ServiceKind> ParseServiceKind(std::string_view s);
std::optional<Language> ParseLanguage(std::string_view s);
std::optional<DirectoryGap> ParseDirectoryGap(std::string_view s);

std::span<const OrganisationKind> AllOrganisationKinds();
std::span<const Role> AllRoles();
std::span<const ContactRole> AllContactRoles();
std::span<const ServiceKind> AllServiceKinds();
std::span<const DirectoryGap> AllDirectoryGaps();
std::span<const OrganisationStatus> AllOrganisationStatuses();
std::span<const Language> AllLanguages();

// The wire names of every value, separated by ", " (for messages that list what is
// allowed).
template <typename Enum>
std::string NamesOf(std::span<const Enum> values) {
  std::string out;
  for (Enum v : values) {
    if (!out.empty()) out += ", ";
    out += Name(v);
  }
  return out;
}

// True for the kinds of local government whose contacts the war room must keep
// reachable (the gap report counts these).
bool IsLocalGovernment(OrganisationKind kind);

// True for the central war-room roles, which must use a second factor.
bool IsWarroomRole(Role role);

// Contacts not verified for this many days count as stale.
inline constexpr int kStaleContactDays = 180;

}  // namespace warroom::core
