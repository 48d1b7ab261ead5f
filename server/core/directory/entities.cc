#include "server/core/directory/entities.h"

#include <array>

namespace warroom::core {
namespace {

// Each line pairs the predicate with its SQL; change both or neither.
constexpr std::array<GapRule, 4> kGapRules{{
    {DirectoryGap::kNoSpoc, [](const Organisation& o, int64_t) { return !o.spoc_person_id; },
     "o.spoc_person_id IS NULL"},
    {DirectoryGap::kNoDeputy, [](const Organisation& o, int64_t) { return o.deputy_count == 0; },
     "o.deputy_count = 0"},
    {DirectoryGap::kNoOutOfBand, [](const Organisation& o, int64_t) { return !o.has_out_of_band; },
     "o.has_out_of_band = 0"},
    // With nobody assigned there is nothing to verify; the no_spoc gap says enough.
    {DirectoryGap::kStaleContacts,
     [](const Organisation& o, int64_t stale_before) {
       return o.spoc_person_id.has_value() && o.contacts_verified_min < stale_before;
     },
     "o.spoc_person_id IS NOT NULL AND o.contacts_verified_min < {stale_before}"},
}};

}  // namespace

int64_t StaleBefore(int64_t now_ms) {
  return now_ms - int64_t{kStaleContactDays} * 24 * 3600 * 1000;
}

std::span<const GapRule> GapRules() { return kGapRules; }

bool HasGapsCounted(const Organisation& o) {
  return IsLocalGovernment(o.kind) && o.status == OrganisationStatus::kActive;
}

std::string GapsCountedSql() {
  // The kinds IsLocalGovernment() accepts, built from the model so the two cannot drift.
  std::string kinds;
  for (OrganisationKind k : AllOrganisationKinds()) {
    if (!IsLocalGovernment(k)) continue;
    if (!kinds.empty()) kinds += ", ";
    kinds += "'" + std::string(Name(k)) + "'";
  }
  return "o.status = '" + std::string(Name(OrganisationStatus::kActive)) + "' AND o.kind IN (" +
         kinds + ")";
}

std::vector<DirectoryGap> GapsOf(const Organisation& o, int64_t now_ms) {
  std::vector<DirectoryGap> gaps;
  if (!HasGapsCounted(o)) return gaps;
  const int64_t stale_before = StaleBefore(now_ms);
  for (const GapRule& rule : kGapRules) {
    if (rule.holds(o, stale_before)) gaps.push_back(rule.gap);
  }
  return gaps;
}

}  // namespace warroom::core
