#include "server/core/directory/entities.h"

namespace warroom::core {

int64_t StaleBefore(int64_t now_ms) {
  return now_ms - int64_t{kStaleContactDays} * 24 * 3600 * 1000;
}

std::vector<DirectoryGap> GapsOf(const Organisation& o, int64_t now_ms) {
  std::vector<DirectoryGap> gaps;
  if (!IsLocalGovernment(o.kind) || o.status != OrganisationStatus::kActive) return gaps;
  if (!o.spoc_person_id) gaps.push_back(DirectoryGap::kNoSpoc);
  if (o.deputy_count == 0) gaps.push_back(DirectoryGap::kNoDeputy);
  if (!o.has_out_of_band) gaps.push_back(DirectoryGap::kNoOutOfBand);
  // With nobody assigned there is nothing to verify; the no_spoc gap says enough.
  if (o.spoc_person_id && o.contacts_verified_min < StaleBefore(now_ms)) {
    gaps.push_back(DirectoryGap::kStaleContacts);
  }
  return gaps;
}

}  // namespace warroom::core
