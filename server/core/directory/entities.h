// The directory's records as the rest of the server passes them around.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/core/auth/account_state.h"
#include "server/core/directory/model.h"

namespace warroom::core {

struct Organisation {
  int64_t id = 0;
  OrganisationKind kind = OrganisationKind::kMunicipality;
  std::optional<std::string> nis_code;
  std::optional<std::string> external_id;
  std::string name_nl;
  std::optional<std::string> name_fr;
  std::optional<std::string> name_de;
  std::optional<std::string> name_en;
  std::optional<std::string> region_nis;
  std::optional<std::string> province_nis;
  std::optional<int64_t> parent_id;
  std::optional<int64_t> merged_into_id;
  OrganisationStatus status = OrganisationStatus::kActive;
  bool is_demo = false;
  // Contact summary, maintained by the store.
  std::optional<int64_t> spoc_person_id;
  int deputy_count = 0;
  bool has_out_of_band = false;
  int64_t contacts_verified_min = 0;  // ms; 0 when a SPOC or deputy was never verified
  int version = 1;
  int64_t created_at = 0;  // ms since the epoch
  int64_t updated_at = 0;
};

struct PersonRef {
  int64_t id = 0;
  std::string full_name;
};

struct OrganisationRef {
  int64_t id = 0;
  std::string name_nl;
  std::optional<std::string> name_fr;
};

// The account linked to a person (users.person_id), as the person's views show it.
struct PersonAccount {
  int64_t id = 0;
  auth::AccountStatus status = auth::AccountStatus::kInvited;
};

struct Person {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::optional<std::string> external_id;
  std::string full_name;
  std::optional<std::string> job_title;
  std::optional<std::string> work_email;
  std::optional<std::string> oob_email;
  std::optional<std::string> mobile;
  std::optional<std::string> landline;
  Language preferred_language = Language::kNl;
  std::vector<ContactRole> roles;
  std::optional<int> deputy_order;       // filled when read with the organisation
  std::optional<PersonAccount> account;  // filled on reads; none when not linked
  std::optional<int64_t> verified_at;
  bool is_demo = false;
  int version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Whom to call at an organisation: its SPOC and the SPOC's phone numbers.
struct SpocPhone {
  int64_t id = 0;
  std::string full_name;
  std::optional<std::string> mobile;
  std::optional<std::string> landline;
};

struct ProviderService {
  int64_t id = 0;
  OrganisationRef provider;
  OrganisationRef customer;
  ServiceKind service = ServiceKind::kOther;
  std::optional<std::string> description;
  // The customer's SPOC; read only for a provider's page, for callers who may read the
  // customer's people.
  std::optional<SpocPhone> customer_spoc;
};

struct Region {
  std::string nis_code;
  std::string name_nl;
  std::string name_fr;
  std::optional<std::string> name_de;
  std::optional<std::string> name_en;
};

struct Province {
  std::string nis_code;
  std::string name_nl;
  std::string name_fr;
  std::optional<std::string> name_de;
  std::string region_nis;
  std::optional<std::string> name_en;
};

// Milliseconds before `now_ms` beyond which a verification is stale.
int64_t StaleBefore(int64_t now_ms);

// What a gap means, said once and twice: as a C++ predicate over an organisation's
// contact summary and as the same condition in SQL over the summary columns of the
// organisations table (alias `o`). The gap summary, the gap filter and the "most gaps
// first" order of the lists (storage) and GapsOf (core) all read this table, and a
// test compares the two forms on both engines.
struct GapRule {
  DirectoryGap gap;
  // True when `o`, an organisation that HasGapsCounted, has the gap; `stale_before` is
  // StaleBefore(now).
  bool (*holds)(const Organisation& o, int64_t stale_before);
  // The condition in SQL; kStaleBeforeSql stands for the bound `stale_before`.
  std::string_view sql;
};

// The placeholder of StaleBefore(now) in GapRule::sql (the store binds a parameter).
inline constexpr std::string_view kStaleBeforeSql = "{stale_before}";

// One rule per DirectoryGap, in the order of AllDirectoryGaps().
std::span<const GapRule> GapRules();

// Only active local governments have gaps: the war room keeps them reachable.
bool HasGapsCounted(const Organisation& o);
// The same condition in SQL over alias `o`.
std::string GapsCountedSql();

// The gaps of one organisation at time `now_ms`, in the order of GapRules().
std::vector<DirectoryGap> GapsOf(const Organisation& o, int64_t now_ms);

}  // namespace warroom::core
