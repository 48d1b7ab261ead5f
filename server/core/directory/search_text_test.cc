#include "server/core/directory/search_text.h"

#include <gtest/gtest.h>

namespace warroom::core {
namespace {

TEST(SearchTextTest, FoldsCaseAndAccents) {
  EXPECT_EQ(FoldForSearch("Liège"), "liege");
  EXPECT_EQ(FoldForSearch("LIÈGE"), "liege");
  EXPECT_EQ(FoldForSearch("Écaussinnes"), "ecaussinnes");
  EXPECT_EQ(FoldForSearch("Büllingen"), "bullingen");
  EXPECT_EQ(FoldForSearch("Straße"), "strasse");
  EXPECT_EQ(FoldForSearch("Œuvre"), "oeuvre");
}

TEST(SearchTextTest, KeepsOtherCharactersAndDropsInvalidBytes) {
  EXPECT_EQ(FoldForSearch("Αθήνα"), "Αθήνα");
  EXPECT_EQ(FoldForSearch(std::string("a\xff"
                                      "b")),
            "ab");
  EXPECT_EQ(FoldForSearch(std::string("\xc3")), "");
  // An overlong encoding of '/' is not a slash.
  EXPECT_EQ(FoldForSearch(std::string("\xc0\xaf")), "");
}

TEST(SearchTextTest, SplitsIntoDistinctWords) {
  EXPECT_EQ(SearchTerms("Sint-Niklaas"), (std::vector<std::string>{"sint", "niklaas"}));
  EXPECT_EQ(SearchTerms("Beveren-Kruibeke-Zwijndrecht"),
            (std::vector<std::string>{"beveren", "kruibeke", "zwijndrecht"}));
  EXPECT_EQ(SearchTerms("  La Louvière  La  "), (std::vector<std::string>{"la", "louviere"}));
  EXPECT_EQ(SearchTerms("Politiezone 5344"), (std::vector<std::string>{"politiezone", "5344"}));
  EXPECT_TRUE(SearchTerms(" -- ").empty());
}

TEST(SearchTextTest, KeysAreEveryShortPrefixAndTheWholeWord) {
  EXPECT_EQ(SearchKeys({"sint", "sinaai"}),
            (std::vector<std::string>{"s", "si", "sin", "sina", "sinaa", "sinaai", "sint"}));
  // Longer than kSearchKeyChars: the first ten characters, then the whole word.
  const std::vector<std::string> keys = SearchKeys({"zwijndrechtse"});
  ASSERT_EQ(keys.size(), kSearchKeyChars + 1);
  EXPECT_EQ(keys[kSearchKeyChars - 1], "zwijndrech");
  EXPECT_EQ(keys.back(), "zwijndrechtse");
  // Characters, not bytes: a two-byte letter is never cut in half.
  const std::vector<std::string> greek = SearchKeys({"αθήνα"});
  EXPECT_EQ(greek, (std::vector<std::string>{"α", "αθ", "αθή", "αθήν", "αθήνα"}));
}

TEST(SearchTextTest, LooksUpLongWordsByTheirFirstCharacters) {
  EXPECT_EQ(SearchKeyOf("sint"), "sint");
  EXPECT_EQ(SearchKeyOf("zwijndrechtse"), "zwijndrech");
  EXPECT_EQ(SearchKeyOf("ααααααααααααα"), "αααααααααα");
}

TEST(SearchTextTest, PrefixBoundSortsAfterEveryExtension) {
  const std::string bound = PrefixUpperBound("antw");
  EXPECT_LT(std::string("antw"), bound);
  EXPECT_LT(std::string("antwerpen"), bound);
  EXPECT_LT(std::string("antw\xc3\xa9"), bound);
  EXPECT_GT(std::string("antx"), bound);
}

}  // namespace
}  // namespace warroom::core
