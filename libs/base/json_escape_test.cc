#include "libs/base/json_escape.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace warroom {
namespace {

TEST(JsonEscapeTest, AppendsAfterWhatIsThere) {
  std::string out = "{\"k\":";
  AppendJsonString(out, "a\"b\\c\n");
  EXPECT_EQ(out, "{\"k\":\"a\\\"b\\\\c\\n\"");
}

TEST(JsonEscapeTest, ValidTextReadsBackAsItself) {
  for (const std::string& text :
       {std::string(""), std::string("Liège / Lüttich"), std::string("\x01\x1f\x7f tab\t"),
        std::string("nul \0 inside", 12), std::string("</script> \xF0\x9F\x98\x80")}) {
    std::string out;
    AppendJsonString(out, text);
    EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), text);
    EXPECT_EQ(out, nlohmann::json(text).dump());
  }
}

TEST(JsonEscapeTest, InvalidUtf8BecomesTheReplacementCharacter) {
  std::string out;
  AppendJsonString(out,
                   "a\xff"
                   "b\xc3"
                   "\xed\xa0\x80");  // stray byte, truncated, surrogate
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(JsonEscapeTest, RandomBytesStayWithinTheBoundAndAlwaysParse) {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text(rng() % 40, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    std::string out;
    AppendJsonString(out, text);
    EXPECT_LE(out.size(), JsonStringMaxSize(text.size()));
    EXPECT_TRUE(nlohmann::json::accept(out)) << round;
  }
}

}  // namespace
}  // namespace warroom
