#include "server/core/directory/entities.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace warroom::core {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;

Organisation Reachable() {
  Organisation o;
  o.kind = OrganisationKind::kMunicipality;
  o.spoc_person_id = 1;
  o.deputy_count = 1;
  o.has_out_of_band = true;
  o.contacts_verified_min = kNow;
  return o;
}

TEST(GapRulesTest, OneRulePerGapInTheOrderOfAllDirectoryGaps) {
  ASSERT_EQ(GapRules().size(), AllDirectoryGaps().size());
  for (size_t i = 0; i < GapRules().size(); ++i) {
    EXPECT_EQ(GapRules()[i].gap, AllDirectoryGaps()[i]);
    EXPECT_FALSE(GapRules()[i].sql.empty());
  }
}

TEST(GapRulesTest, GapsOfAppliesEachRule) {
  EXPECT_TRUE(GapsOf(Reachable(), kNow).empty());
  Organisation o = Reachable();
  o.deputy_count = 0;
  o.has_out_of_band = false;
  EXPECT_EQ(GapsOf(o, kNow),
            (std::vector<DirectoryGap>{DirectoryGap::kNoDeputy, DirectoryGap::kNoOutOfBand}));
  o = Reachable();
  o.contacts_verified_min = StaleBefore(kNow) - 1;
  EXPECT_EQ(GapsOf(o, kNow), std::vector<DirectoryGap>{DirectoryGap::kStaleContacts});
  // Without a SPOC there is nothing to verify: no_spoc alone says it.
  o.spoc_person_id.reset();
  EXPECT_EQ(GapsOf(o, kNow), std::vector<DirectoryGap>{DirectoryGap::kNoSpoc});
}

TEST(GapRulesTest, OnlyActiveLocalGovernmentsHaveGaps) {
  Organisation o;  // nobody assigned
  o.kind = OrganisationKind::kIctProvider;
  EXPECT_FALSE(HasGapsCounted(o));
  EXPECT_TRUE(GapsOf(o, kNow).empty());
  o.kind = OrganisationKind::kMunicipality;
  o.status = OrganisationStatus::kInactive;
  EXPECT_TRUE(GapsOf(o, kNow).empty());
  o.status = OrganisationStatus::kActive;
  EXPECT_EQ(GapsOf(o, kNow).size(), 3u);
  EXPECT_NE(GapsCountedSql().find("'municipality'"), std::string::npos);
  EXPECT_EQ(GapsCountedSql().find("'ict_provider'"), std::string::npos);
}

}  // namespace
}  // namespace warroom::core
