#include "server/storage/sqlite/placeholders.h"

#include <gtest/gtest.h>

namespace warroom::storage::sqlite {
namespace {

TEST(RewritePlaceholdersTest, RewritesNumberedParameters) {
  EXPECT_EQ(RewritePlaceholders("SELECT * FROM t WHERE a = $1 AND b = $2"),
            "SELECT * FROM t WHERE a = ?1 AND b = ?2");
}

TEST(RewritePlaceholdersTest, KeepsMultiDigitNumbersWhole) {
  EXPECT_EQ(RewritePlaceholders("VALUES ($1, $10, $100)"), "VALUES (?1, ?10, ?100)");
}

TEST(RewritePlaceholdersTest, RepeatedParametersKeepTheirNumber) {
  EXPECT_EQ(RewritePlaceholders("a = $1 OR b = $1"), "a = ?1 OR b = ?1");
}

TEST(RewritePlaceholdersTest, LeavesStringLiteralsAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT '$1', 'it''s $2', $3"), "SELECT '$1', 'it''s $2', ?3");
}

TEST(RewritePlaceholdersTest, LeavesQuotedIdentifiersAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT \"c$1\", `d$2`, [e$3] FROM t WHERE x = $4"),
            "SELECT \"c$1\", `d$2`, [e$3] FROM t WHERE x = ?4");
}

TEST(RewritePlaceholdersTest, LeavesCommentsAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT $1 -- uses $2\n, /* $3 */ $4"),
            "SELECT ?1 -- uses $2\n, /* $3 */ ?4");
}

TEST(RewritePlaceholdersTest, LeavesDollarWithoutDigitAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT $name, $$, $"), "SELECT $name, $$, $");
}

TEST(RewritePlaceholdersTest, UnterminatedLiteralIsCopied) {
  EXPECT_EQ(RewritePlaceholders("SELECT '$1"), "SELECT '$1");
}

}  // namespace
}  // namespace warroom::storage::sqlite
