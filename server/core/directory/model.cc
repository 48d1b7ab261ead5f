#include "server/core/directory/model.h"

#include <array>
#include <utility>

namespace warroom::core {
namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<OrganisationKind, 9> kKinds{{
    {OrganisationKind::kMunicipality, "municipality"},
    {OrganisationKind::kSocialWelfareCentre, "social_welfare_centre"},
    {OrganisationKind::kProvince, "province"},
    {OrganisationKind::kPoliceZone, "police_zone"},
    {OrganisationKind::kEmergencyZone, "emergency_zone"},
    {OrganisationKind::kIntermunicipalAssociation, "intermunicipal_association"},
    {OrganisationKind::kIctProvider, "ict_provider"},
    {OrganisationKind::kWarRoom, "war_room"},
    {OrganisationKind::kAuditFirm, "audit_firm"},
}};
constexpr NameTable<OrganisationStatus, 3> kStatuses{{
    {OrganisationStatus::kActive, "active"},
    {OrganisationStatus::kMerged, "merged"},
    {OrganisationStatus::kInactive, "inactive"},
}};
constexpr NameTable<Role, 7> kRoles{{
    {Role::kWarroomAdmin, "warroom_admin"},
    {Role::kWarroomAnalyst, "warroom_analyst"},
    {Role::kSpoc, "spoc"},
    {Role::kMember, "member"},
    {Role::kProvider, "provider"},
    {Role::kAuditor, "auditor"},
    {Role::kObserver, "observer"},
}};
constexpr NameTable<ContactRole, 8> kContactRoles{{
    {ContactRole::kSpoc, "spoc"},
    {ContactRole::kDeputySpoc, "deputy_spoc"},
    {ContactRole::kIctLead, "ict_lead"},
    {ContactRole::kDpo, "dpo"},
    {ContactRole::kCiso, "ciso"},
    {ContactRole::kGeneralDirector, "general_director"},
    {ContactRole::kMayor, "mayor"},
    {ContactRole::kOther, "other"},
}};
constexpr NameTable<ServiceKind, 13> kServices{{
    {ServiceKind::kNetwork, "network"},
    {ServiceKind::kFirewall, "firewall"},
    {ServiceKind::kVpn, "vpn"},
    {ServiceKind::kHosting, "hosting"},
    {ServiceKind::kEmail, "email"},
    {ServiceKind::kBackup, "backup"},
    {ServiceKind::kIdentity, "identity"},
    {ServiceKind::kWorkstations, "workstations"},
    {ServiceKind::kFinancialSoftware, "financial_software"},
    {ServiceKind::kPopulationRegisterSoftware, "population_register_software"},
    {ServiceKind::kWebsite, "website"},
    {ServiceKind::kTelephony, "telephony"},
    {ServiceKind::kOther, "other"},
}};
constexpr NameTable<Language, 4> kLanguages{{
    {Language::kNl, "nl"},
    {Language::kFr, "fr"},
    {Language::kEn, "en"},
    {Language::kDe, "de"},
}};
constexpr NameTable<DirectoryGap, 4> kGaps{{
    {DirectoryGap::kNoSpoc, "no_spoc"},
    {DirectoryGap::kNoDeputy, "no_deputy"},
    {DirectoryGap::kNoOutOfBand, "no_out_of_band"},
    {DirectoryGap::kStaleContacts, "stale_contacts"},
}};

template <typename E, size_t N>
std::string_view Lookup(const NameTable<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> Parse(const NameTable<E, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
constexpr std::array<E, N> Values(const NameTable<E, N>& table) {
  std::array<E, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = table[i].first;
  return out;
}

constexpr auto kKindValues = Values(kKinds);
constexpr auto kRoleValues = Values(kRoles);
constexpr auto kContactRoleValues = Values(kContactRoles);
constexpr auto kServiceValues = Values(kServices);
constexpr auto kGapValues = Values(kGaps);
constexpr auto kStatusValues = Values(kStatuses);
constexpr auto kLanguageValues = Values(kLanguages);

}  // namespace

std::string_view Name(OrganisationKind v) { return Lookup(kKinds, v); }
std::string_view Name(OrganisationStatus v) { return Lookup(kStatuses, v); }
std::string_view Name(Role v) { return Lookup(kRoles, v); }
std::string_view Name(ContactRole v) { return Lookup(kContactRoles, v); }
std::string_view Name(ServiceKind v) { return Lookup(kServices, v); }
std::string_view Name(Language v) { return Lookup(kLanguages, v); }
std::string_view Name(DirectoryGap v) { return Lookup(kGaps, v); }

std::optional<OrganisationKind> ParseOrganisationKind(std::string_view s) {
  return Parse(kKinds, s);
}
std::optional<OrganisationStatus> ParseOrganisationStatus(std::string_view s) {
  return Parse(kStatuses, s);
}
std::optional<Role> ParseRole(std::string_view s) { return Parse(kRoles, s); }
std::optional<ContactRole> ParseContactRole(std::string_view s) { return Parse(kContactRoles, s); }
std::optional<ServiceKind> ParseServiceKind(std::string_view s) { return Parse(kServices, s); }
std::optional<Language> ParseLanguage(std::string_view s) { return Parse(kLanguages, s); }
std::optional<DirectoryGap> ParseDirectoryGap(std::string_view s) { return Parse(kGaps, s); }

std::span<const OrganisationKind> AllOrganisationKinds() { return kKindValues; }
std::span<const Role> AllRoles() { return kRoleValues; }
std::span<const ContactRole> AllContactRoles() { return kContactRoleValues; }
std::span<const ServiceKind> AllServiceKinds() { return kServiceValues; }
std::span<const DirectoryGap> AllDirectoryGaps() { return kGapValues; }
std::span<const OrganisationStatus> AllOrganisationStatuses() { return kStatusValues; }
std::span<const Language> AllLanguages() { return kLanguageValues; }

bool IsLocalGovernment(OrganisationKind kind) {
  switch (kind) {
    case OrganisationKind::kMunicipality:
    case OrganisationKind::kSocialWelfareCentre:
    case OrganisationKind::kProvince:
    case OrganisationKind::kPoliceZone:
    case OrganisationKind::kEmergencyZone:
    case OrganisationKind::kIntermunicipalAssociation:
      return true;
    case OrganisationKind::kIctProvider:
    case OrganisationKind::kWarRoom:
    case OrganisationKind::kAuditFirm:
      return false;
  }
  return false;
}

bool IsWarroomRole(Role role) {
  return role == Role::kWarroomAdmin || role == Role::kWarroomAnalyst;
}

}  // namespace warroom::core
