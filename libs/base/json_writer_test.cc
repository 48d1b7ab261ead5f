#include "libs/base/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace warroom {
namespace {

std::string Written(std::string_view s) {
  JsonWriter w;
  w.String(s);
  return w.Take();
}

TEST(JsonWriterTest, EscapesAsNlohmannDoes) {
  const std::string samples[] = {
      "",
      "plain",
      "quote \" and backslash \\",
      "\b\f\n\r\t",
      std::string("nul \0 inside", 12),
      "\x01\x1f\x7f",
      "Sint-Niklaas / Saint-Nicolas",
      "Liège, Sankt Vith, Œ, 日本, emoji \xF0\x9F\x98\x80",
      "</script><script>alert(1)</script>",
  };
  for (const std::string& s : samples) {
    EXPECT_EQ(Written(s), nlohmann::json(s).dump()) << s;
  }
}

TEST(JsonWriterTest, EveryAsciiByteRoundTrips) {
  std::string all;
  for (int c = 0; c < 128; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(Written(all), nlohmann::json(all).dump());
  EXPECT_EQ(nlohmann::json::parse(Written(all)).get<std::string>(), all);
}

TEST(JsonWriterTest, SpecialBytesAtEveryPositionOfALongString) {
  // The plain-run scan takes eight bytes at a time: every special byte must stop it
  // wherever it sits.
  for (std::string_view special :
       {std::string_view("\0", 1), std::string_view("\x1f"), std::string_view("\""),
        std::string_view("\\"), std::string_view("\x7f"), std::string_view(" "),
        std::string_view("\xC3\xA9"), std::string_view("\n")}) {
    for (std::size_t pos = 0; pos < 24; ++pos) {
      std::string s(24, 'a');
      s.replace(pos, 1, special);
      ASSERT_EQ(Written(s), nlohmann::json(s).dump()) << pos;
    }
  }
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacter) {
  for (std::string_view bad : {"\xff", "a\xC3", "\xC0\xAF", "\xED\xA0\x80", "x\xF4\x90\x80\x80y"}) {
    const std::string out = Written(bad);
    const auto parsed = nlohmann::json::parse(out);  // throws on invalid JSON or UTF-8
    EXPECT_NE(parsed.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << out;
  }
  EXPECT_EQ(Written("a\xFF"
                    "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
}

TEST(JsonWriterTest, RandomValidStringsMatchNlohmann) {
  std::mt19937 rng(7);
  const char32_t ranges[][2] = {
      {0, 0x7F}, {0x80, 0x7FF}, {0x800, 0xD7FF}, {0xE000, 0xFFFF}, {0x10000, 0x10FFFF}};
  for (int n = 0; n < 2000; ++n) {
    std::u32string cps;
    const int len = static_cast<int>(rng() % 12);
    for (int i = 0; i < len; ++i) {
      const auto& r = ranges[rng() % 5];
      cps.push_back(r[0] + static_cast<char32_t>(rng() % (r[1] - r[0] + 1)));
    }
    std::string s;
    for (char32_t cp : cps) {
      if (cp < 0x80) {
        s.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else if (cp < 0x10000) {
        s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
    }
    ASSERT_EQ(Written(s), nlohmann::json(s).dump());
  }
}

TEST(JsonWriterTest, NestedStructureParsesToTheSameValue) {
  JsonWriter w(1);  // starts almost empty: every write grows the buffer
  w.BeginObject()
      .Field("id", int64_t{42})
      .Field("min", std::numeric_limits<int64_t>::min())
      .Field("name", "Gent")
      .Field("fr", std::optional<std::string>())
      .Field("de", std::optional<std::string>("Gent"))
      .Field("parent", std::optional<int64_t>(7))
      .Field("demo", true)
      .Field("none", nullptr)
      .Key("empty")
      .BeginArray()
      .EndArray()
      .Key("items")
      .BeginArray();
  for (int i = 0; i < 3; ++i) {
    w.BeginObject()
        .Field("i", i)
        .Key("tags")
        .BeginArray()
        .String("a")
        .Int(i)
        .EndArray()
        .EndObject();
  }
  w.EndArray().Key("raw").Raw(R"({"x":[1,2]})").Key("obj").BeginObject().EndObject().EndObject();
  const std::string out = w.Take();

  const nlohmann::json expected = {
      {"id", 42},
      {"min", std::numeric_limits<int64_t>::min()},
      {"name", "Gent"},
      {"fr", nullptr},
      {"de", "Gent"},
      {"parent", 7},
      {"demo", true},
      {"none", nullptr},
      {"empty", nlohmann::json::array()},
      {"items",
       {{{"i", 0}, {"tags", {"a", 0}}},
        {{"i", 1}, {"tags", {"a", 1}}},
        {{"i", 2}, {"tags", {"a", 2}}}}},
      {"raw", {{"x", {1, 2}}}},
      {"obj", nlohmann::json::object()},
  };
  EXPECT_EQ(nlohmann::json::parse(out), expected) << out;
}

TEST(JsonWriterTest, TopLevelValuesAndArrays) {
  JsonWriter w;
  w.BeginArray().Null().Bool(false).Int(-1).String("x").EndArray();
  EXPECT_EQ(w.Take(), R"([null,false,-1,"x"])");
  // Take leaves the writer empty and ready for a new value.
  w.Int(std::numeric_limits<int64_t>::min());
  EXPECT_EQ(w.Take(), "-9223372036854775808");
  EXPECT_EQ(w.Take(), "");
}

}  // namespace
}  // namespace warroom
