// Directory search on SQLite and PostgreSQL, over the real 2025 municipalities: names in
// any official language, accents and case folded, word prefixes (short and longer than
// a search key), several words in any order, NIS codes, filters, renames, and cursor
// pages that together give exactly the single-page answer.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;

class ApiSearchTest : public ApiTest {
 protected:
  HttpClient& Analyst() { return *server().As(Role::kWarroomAnalyst, server().WarRoomId()).client; }
  // The ids of one page of GET /api/organisations?<query>.
  std::vector<int64_t> Ids(const std::string& query) {
    auto r = Analyst().Get("/api/organisations?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body.substr(0, 300);
    const json body = r.Json();
    std::vector<int64_t> ids;
    for (const auto& item : body["items"]) ids.push_back(item["id"].get<int64_t>());
    return ids;
  }
  bool Finds(const std::string& q, const std::string& nis) {
    const int64_t id = server().OrgId(nis);
    for (int64_t found : Ids("limit=200&q=" + q)) {
      if (found == id) return true;
    }
    return false;
  }
};

TEST_P(ApiSearchTest, FindsANameInEveryOfficialLanguageFolded) {
  // Liège is Luik in Dutch; Büllingen is Bullange in French.
  for (const char* q : {"Li%C3%A8ge", "liege", "LIEGE", "Luik"}) {
    EXPECT_TRUE(Finds(q, "62063")) << q;
  }
  EXPECT_FALSE(Finds("Luikx", "62063"));
  for (const char* q : {"B%C3%BCllingen", "bullingen", "Bullange"}) {
    EXPECT_TRUE(Finds(q, "63012")) << q;
  }
  EXPECT_TRUE(Finds("Saint-Nicolas", "46021"));
}

TEST_P(ApiSearchTest, MatchesWordPrefixesNotTheInsideOfWords) {
  EXPECT_TRUE(Finds("antw", "11002"));
  EXPECT_TRUE(Finds("Antwerpen", "11002"));
  EXPECT_FALSE(Finds("werpen", "11002"));
}

TEST_P(ApiSearchTest, WordsLongerThanASearchKeyAreComparedWhole) {
  // "zwijndrecht" is eleven characters: one more than a key. The 2025 merger of
  // Beveren, Kruibeke and Zwijndrecht carries it in its name.
  const std::string merged = "46030";
  EXPECT_TRUE(Finds("zwijndrecht", merged));
  EXPECT_TRUE(Finds("zwijndrech", merged));    // exactly a key
  EXPECT_FALSE(Finds("zwijndrechx", merged));  // same first ten characters
  EXPECT_FALSE(Finds("zwijndrechtse", merged));
}

TEST_P(ApiSearchTest, EveryWordMustMatchInAnyOrder) {
  EXPECT_TRUE(Finds("sint%20niklaas", "46021"));
  EXPECT_TRUE(Finds("niklaas%20sint", "46021"));
  EXPECT_TRUE(Finds("sint-nik", "46021"));
  EXPECT_FALSE(Finds("sint%20niklaas", "71053"));  // Sint-Truiden
  EXPECT_TRUE(Ids("q=sint%20niklaas%20zzzz").empty());
}

TEST_P(ApiSearchTest, DigitsSearchTheNisCode) {
  const std::vector<int64_t> ids = Ids("q=11002");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0], server().OrgId("11002"));
  EXPECT_TRUE(Finds("110", "11002"));
}

TEST_P(ApiSearchTest, TextAndFiltersCombine) {
  // East Flanders (40000) has Sint- municipalities, and so do other provinces.
  auto r = Analyst().Get("/api/organisations?limit=200&q=sint&province=40000");
  ASSERT_EQ(r.status, 200) << r.body;
  const json body = r.Json();
  ASSERT_FALSE(body["items"].empty());
  for (const auto& item : body["items"]) {
    EXPECT_EQ(item["province_nis"], "40000") << item["name_nl"];
  }
  const auto all = Ids("limit=200&q=sint");
  EXPECT_LT(body["items"].size(), all.size());
}

TEST_P(ApiSearchTest, PagesFollowTheNameOrderWithoutGapsOrRepeats) {
  auto one = Analyst().Get("/api/organisations?limit=200&q=sint");
  ASSERT_EQ(one.status, 200);
  std::vector<int64_t> expected;
  std::vector<std::string> names;
  const json first = one.Json();
  for (const auto& item : first["items"]) {
    expected.push_back(item["id"].get<int64_t>());
    names.push_back(item["name_nl"].get<std::string>());
  }
  ASSERT_GT(expected.size(), 10u);
  ASSERT_LT(expected.size(), 200u);
  std::vector<int64_t> paged;
  std::string cursor;
  for (int pages = 0; pages < 100; ++pages) {
    auto r = Analyst().Get("/api/organisations?limit=3&q=sint" +
                           (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    const json page = r.Json();
    for (const auto& item : page["items"]) paged.push_back(item["id"].get<int64_t>());
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(paged, expected);
  EXPECT_EQ(std::set<int64_t>(paged.begin(), paged.end()).size(), paged.size());
}

TEST_P(ApiSearchTest, ARenameChangesWhatFindsTheOrganisation) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  const std::string tag = std::to_string(server().Count("organisations"));
  auto created = admin.client->Post("/api/organisations",
                                    {{"kind", "ict_provider"}, {"name_nl", "Quokkasoft " + tag}});
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = created.Json()["id"].get<int64_t>();
  const std::string path = "/api/organisations/" + std::to_string(id);
  EXPECT_EQ(Ids("q=quokkasoft%20" + tag), std::vector<int64_t>{id});

  auto renamed = admin.client->Patch(path, {{"name_nl", "Wombatware " + tag}},
                                     admin.client->Get(path).Header("etag"));
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_TRUE(Ids("q=quokkasoft%20" + tag).empty());
  EXPECT_EQ(Ids("q=wombat%20" + tag), std::vector<int64_t>{id});
}

WR_API_INSTANTIATE(ApiSearchTest);

}  // namespace
}  // namespace warroom::apitest
