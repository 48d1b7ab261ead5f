#include "tools/sweep/ioc/csv_reader.h"

#include <gtest/gtest.h>

namespace warroom::sweep {
namespace {

TEST(CsvReaderTest, QuotedFieldsAndLineNumbers) {
  CsvReader r(
      "type,value,note\r\nurl,http://a.test/,\"x, "
      "\"\"y\"\"\"\nmd5,abc,\"multi\nline\"\nip,1.2.3.4\n",
      ',');
  std::vector<std::string> f;
  size_t line = 0;
  bool bad = false;
  ASSERT_TRUE(r.Next(&f, &line, &bad));
  EXPECT_EQ(f, (std::vector<std::string>{"type", "value", "note"}));
  EXPECT_EQ(line, 1u);
  ASSERT_TRUE(r.Next(&f, &line, &bad));
  EXPECT_EQ(f, (std::vector<std::string>{"url", "http://a.test/", "x, \"y\""}));
  EXPECT_EQ(line, 2u);
  ASSERT_TRUE(r.Next(&f, &line, &bad));
  EXPECT_EQ(f[2], "multi\nline");
  EXPECT_EQ(line, 3u);
  ASSERT_TRUE(r.Next(&f, &line, &bad));
  EXPECT_EQ(f, (std::vector<std::string>{"ip", "1.2.3.4"}));
  EXPECT_EQ(line, 5u);
  EXPECT_FALSE(r.Next(&f, &line, &bad));
}

TEST(CsvReaderTest, UnterminatedQuoteIsFlagged) {
  CsvReader r("a,\"open\nrest", ',');
  std::vector<std::string> f;
  size_t line = 0;
  bool bad = false;
  ASSERT_TRUE(r.Next(&f, &line, &bad));
  EXPECT_TRUE(bad);
}

TEST(CsvReaderTest, GuessesDelimiter) {
  EXPECT_EQ(CsvReader::GuessDelimiter("type\tvalue"), '\t');
  EXPECT_EQ(CsvReader::GuessDelimiter("type;value"), ';');
  EXPECT_EQ(CsvReader::GuessDelimiter("type,value"), ',');
}

}  // namespace
}  // namespace warroom::sweep
