// DirectoryStore on both engines: its gap SQL agrees with core::GapsOf; the counts that
// choose which word drives a search of several words are remembered, and a wrong
// remembered count changes nothing in the answer. SearchWordCounts on its own: expiry and the bound
// on its size.
#include "server/storage/repositories/directory_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/storage/repositories/search_word_counts.h"
#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using testing::EngineTest;

constexpr int64_t kNow = 1'800'000'000'000;

class DirectoryStoreSearchTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // "sint" is common (past the count cap of 64), "niklaas" rare. The answer comes in
    // name order, which is the order of insertion here.
    ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
                     DirectoryStore store(tx);
                     for (int i = 0; i < 80; ++i) {
                       core::Organisation o;
                       o.kind = core::OrganisationKind::kIctProvider;
                       const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
                       o.name_nl = (i % 40 == 7 ? "Sint-Niklaas Dienst " : "Sint-Quokka ") + n;
                       WR_ASSIGN_OR_RETURN(core::Organisation stored,
                                           store.InsertOrganisation(o, kNow));
                       if (i % 40 == 7) expected_.push_back(stored.id);
                     }
                     core::Organisation alone;
                     alone.kind = core::OrganisationKind::kIctProvider;
                     alone.name_nl = "Niklaas Hosting";
                     return StatusOf(store.InsertOrganisation(alone, kNow));
                   })
                    .has_value());
  }

  std::vector<int64_t> Search(const std::string& text, SearchWordCounts* counts) {
    OrganisationQuery q;
    q.text = text;
    q.limit = 100;
    std::vector<int64_t> ids;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto items, DirectoryStore(tx).ListOrganisations(
                                          q, {core::DirectoryScope::Kind::kAll, 0}, kNow, counts));
      for (const auto& item : items) ids.push_back(item.organisation.id);
      return Ok();
    });
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return ids;
  }

  std::vector<int64_t> expected_;
};

TEST_P(DirectoryStoreSearchTest, RemembersTheCountsOfTheWordsItSearched) {
  SearchWordCounts counts;
  EXPECT_EQ(Search("sint niklaas", &counts), expected_);
  EXPECT_EQ(counts.Find("sint", kNow), 64);  // capped
  EXPECT_EQ(counts.Find("niklaas", kNow), 3);
  EXPECT_EQ(Search("niklaas sint", &counts), expected_);
}

TEST_P(DirectoryStoreSearchTest, AWrongRememberedCountChangesNothingInTheAnswer) {
  EXPECT_EQ(Search("sint niklaas", nullptr), expected_);
  SearchWordCounts reversed;  // makes the common word drive
  reversed.Store("sint", 0, kNow);
  reversed.Store("niklaas", 64, kNow);
  EXPECT_EQ(Search("sint niklaas", &reversed), expected_);
  EXPECT_EQ(Search("niklaas sint", &reversed), expected_);
  SearchWordCounts stale;  // the words are gone since; the rows are not
  stale.Store("sint", 0, kNow);
  stale.Store("niklaas", 0, kNow);
  EXPECT_EQ(Search("sint niklaas", &stale), expected_);
  EXPECT_EQ(Search("sint niklaas hosting", &stale), std::vector<int64_t>{});
}

INSTANTIATE_TEST_SUITE_P(Engines, DirectoryStoreSearchTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

TEST(SearchWordCountsTest, ACountExpiresAfterItsTimeToLive) {
  SearchWordCounts counts(/*ttl_ms=*/1000, /*capacity=*/8);
  counts.Store("sint", 12, kNow);
  EXPECT_EQ(counts.Find("sint", kNow + 999), 12);
  EXPECT_EQ(counts.Find("sint", kNow + 1000), std::nullopt);
  EXPECT_EQ(counts.Find("sint", kNow - 1), std::nullopt);  // the clock went back
  EXPECT_EQ(counts.Find("niklaas", kNow), std::nullopt);
  counts.Store("sint", 13, kNow + 1000);
  EXPECT_EQ(counts.Find("sint", kNow + 1500), 13);
}

TEST(SearchWordCountsTest, StaysWithinItsCapacityDroppingExpiredCountsFirst) {
  SearchWordCounts counts(/*ttl_ms=*/1000, /*capacity=*/4);
  counts.Store("a", 1, kNow);
  counts.Store("b", 2, kNow);
  counts.Store("c", 3, kNow + 600);
  counts.Store("d", 4, kNow + 600);
  EXPECT_EQ(counts.Size(), 4u);
  counts.Store("d", 5, kNow + 700);  // a key it holds: nothing goes
  EXPECT_EQ(counts.Size(), 4u);
  counts.Store("e", 6, kNow + 1200);  // "a" and "b" have expired
  EXPECT_EQ(counts.Size(), 3u);
  EXPECT_EQ(counts.Find("c", kNow + 1200), 3);
  EXPECT_EQ(counts.Find("e", kNow + 1200), 6);
  counts.Store("f", 7, kNow + 1300);
  counts.Store("g", 8, kNow + 1300);  // full, none expired: start again
  EXPECT_EQ(counts.Size(), 1u);
  EXPECT_EQ(counts.Find("g", kNow + 1300), 8);
}

// One gap predicate: for organisations of every combination of kind, status, SPOC,
// deputy, out-of-band channel and verification, the SQL of the gap summary, of the gap
// filter and of the "most gaps first" order agree with core::GapsOf.
class DirectoryStoreGapTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const std::vector<std::optional<int64_t>> verifications{
        std::nullopt, core::StaleBefore(kNow) - 1, kNow - 1000};
    const Status s = db_->Write([&](Tx& tx) -> Status {
      DirectoryStore store(tx);
      int n = 0;
      // Every combination: bit 0 kind, 1 status, 2 SPOC, 3 deputy, 4 mobile; then the
      // verification (never, stale, fresh).
      for (int combination = 0; combination < 32 * 3; ++combination) {
        const int bits = combination % 32;
        const std::optional<int64_t>& verified =
            verifications[static_cast<size_t>(combination / 32)];
        const bool spoc = (bits & 4) != 0;
        const bool deputy = (bits & 8) != 0;
        const bool mobile = (bits & 16) != 0;
        core::Organisation o;
        o.kind = (bits & 1) != 0 ? core::OrganisationKind::kIctProvider
                                 : core::OrganisationKind::kMunicipality;
        o.status = (bits & 2) != 0 ? core::OrganisationStatus::kInactive
                                   : core::OrganisationStatus::kActive;
        o.name_nl = "Org " + std::to_string(100 + n++);
        WR_ASSIGN_OR_RETURN(core::Organisation org, store.InsertOrganisation(o, kNow));
        auto person = [&](const char* name) -> Result<int64_t> {
          core::Person p;
          p.organisation_id = org.id;
          p.full_name = name;
          if (mobile) p.mobile = "+32470000000";
          p.verified_at = verified;
          WR_ASSIGN_OR_RETURN(core::Person stored, store.InsertPerson(p, kNow));
          return stored.id;
        };
        std::optional<int64_t> spoc_id;
        std::vector<int64_t> deputies;
        if (spoc) {
          WR_ASSIGN_OR_RETURN(spoc_id, person("Spoc"));
        }
        if (deputy) {
          WR_ASSIGN_OR_RETURN(int64_t d, person("Deputy"));
          deputies.push_back(d);
        }
        WR_RETURN_IF_ERROR(store.ReplaceAssignments(org.id, spoc_id, deputies));
      }
      return Ok();
    });
    ASSERT_TRUE(s.has_value()) << s.error().message;
  }

  std::vector<core::Organisation> List(const OrganisationQuery& q) {
    std::vector<core::Organisation> out;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto items, DirectoryStore(tx).ListOrganisations(q, kAll, kNow));
      for (auto& item : items) out.push_back(std::move(item.organisation));
      return Ok();
    });
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return out;
  }

  static constexpr core::DirectoryScope kAll{core::DirectoryScope::Kind::kAll, 0};
};

TEST_P(DirectoryStoreGapTest, TheSqlOfEveryGapCountsWhatGapsOfCounts) {
  OrganisationQuery everything;
  everything.limit = 1000;
  const std::vector<core::Organisation> all = List(everything);
  ASSERT_EQ(all.size(), 96u);
  GapCounts expected;
  for (const core::Organisation& o : all) {
    if (core::HasGapsCounted(o)) ++expected.organisations;
    for (core::DirectoryGap gap : core::GapsOf(o, kNow)) ++expected.Of(gap);
  }
  // Every gap occurs, and not everywhere, so that the comparison says something.
  for (core::DirectoryGap gap : core::AllDirectoryGaps()) {
    EXPECT_GT(expected.Of(gap), 0) << core::Name(gap);
    EXPECT_LT(expected.Of(gap), expected.organisations) << core::Name(gap);
  }

  GapCounts counted;
  const Status s = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(counted, DirectoryStore(tx).CountGaps(GapQuery{}, kAll, kNow));
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(counted.organisations, expected.organisations);
  for (core::DirectoryGap gap : core::AllDirectoryGaps()) {
    EXPECT_EQ(counted.Of(gap), expected.Of(gap)) << core::Name(gap);

    OrganisationQuery filtered = everything;
    filtered.gap = gap;
    std::vector<int64_t> listed;
    for (const auto& o : List(filtered)) listed.push_back(o.id);
    std::vector<int64_t> with_gap;
    for (const auto& o : all) {
      const auto gaps = core::GapsOf(o, kNow);
      if (std::find(gaps.begin(), gaps.end(), gap) != gaps.end()) with_gap.push_back(o.id);
    }
    std::sort(listed.begin(), listed.end());
    std::sort(with_gap.begin(), with_gap.end());
    EXPECT_EQ(listed, with_gap) << core::Name(gap);

    int64_t total = 0;
    const Status c = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(total, DirectoryStore(tx).CountOrganisations(filtered, kAll, kNow));
      return Ok();
    });
    ASSERT_TRUE(c.has_value()) << c.error().message;
    EXPECT_EQ(total, expected.Of(gap)) << core::Name(gap);
  }
}

TEST_P(DirectoryStoreGapTest, MostGapsFirstOrdersByTheCountOfGapsOf) {
  OrganisationQuery q;
  q.limit = 1000;
  q.order = OrganisationOrder::kMostGaps;
  const std::vector<core::Organisation> ordered = List(q);
  ASSERT_EQ(ordered.size(), 96u);
  // Nobody has every gap (a stale contact needs a SPOC): the first has three.
  EXPECT_EQ(core::GapsOf(ordered.front(), kNow).size(), 3u);
  for (size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_GE(core::GapsOf(ordered[i - 1], kNow).size(), core::GapsOf(ordered[i], kNow).size())
        << ordered[i - 1].name_nl << " before " << ordered[i].name_nl;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, DirectoryStoreGapTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
