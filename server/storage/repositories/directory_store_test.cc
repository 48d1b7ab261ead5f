// DirectoryStore's search on both engines: the counts that choose which word drives a
// search of several words are remembered, and a wrong remembered count changes nothing
// in the answer. SearchWordCounts on its own: expiry and the bound on its size.
#include "server/storage/repositories/directory_store.h"

#include <gtest/gtest.h>

#include <cstdint>
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

}  // namespace
}  // namespace warroom::storage
