#include "tools/sweep/ioc/stix_pattern.h"

#include <gtest/gtest.h>

namespace warroom::sweep {
namespace {

TEST(StixPatternTest, SingleEquality) {
  auto r = ParseStixPattern("[ipv4-addr:value = '198.51.100.7']");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].object_type, "ipv4-addr");
  EXPECT_EQ((*r)[0].property, "value");
  EXPECT_EQ((*r)[0].op, "=");
  EXPECT_EQ((*r)[0].values, std::vector<std::string>{"198.51.100.7"});
}

TEST(StixPatternTest, QuotedHashNamesListsAndCombinations) {
  auto r = ParseStixPattern(
      "([file:hashes.'SHA-256' = 'aa' OR file:hashes.MD5 IN ('bb', 'cc')] AND "
      "[url:value = 'http://x.test/it\\'s'])  WITHIN 60 SECONDS "
      "START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].property, "hashes.'SHA-256'");
  EXPECT_EQ((*r)[1].op, "IN");
  EXPECT_EQ((*r)[1].values, (std::vector<std::string>{"bb", "cc"}));
  EXPECT_EQ((*r)[2].values, std::vector<std::string>{"http://x.test/it's"});
}

TEST(StixPatternTest, OtherOperatorsAreReported) {
  auto r = ParseStixPattern(
      "[domain-name:value NOT = 'a.test' AND url:value MATCHES '^http' AND "
      "ipv4-addr:value ISSUBSET '10.0.0.0/8' AND email-message:to_refs[*].value = 'a@b.test']");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_TRUE((*r)[0].negated);
  EXPECT_EQ((*r)[1].op, "MATCHES");
  EXPECT_EQ((*r)[2].op, "ISSUBSET");
  EXPECT_EQ((*r)[3].property, "to_refs[*].value");
}

TEST(StixPatternTest, SyntaxErrors) {
  for (const char* bad :
       {"", "[ipv4-addr:value = '1.2.3.4'", "[ipv4-addr:value = '1.2.3.4]", "[ipv4-addr:value]",
        "[value = 'x']", "[ipv4-addr:value = ]", "{}", "[ipv4-addr:value IN ('a', 'b'"}) {
    EXPECT_FALSE(ParseStixPattern(bad)) << bad;
  }
}

}  // namespace
}  // namespace warroom::sweep
