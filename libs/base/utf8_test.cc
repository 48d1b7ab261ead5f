#include "libs/base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace warroom {
namespace {

TEST(Utf8Test, DecodesEveryLength) {
  char32_t cp = 0;
  EXPECT_EQ(DecodeUtf8("a", 0, cp), 1u);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(DecodeUtf8("\xc3\xa8", 0, cp), 2u);  // è
  EXPECT_EQ(cp, U'\u00e8');
  EXPECT_EQ(DecodeUtf8("x\xe2\x82\xac", 1, cp), 3u);  // € after an ASCII byte
  EXPECT_EQ(cp, U'\u20ac');
  EXPECT_EQ(DecodeUtf8("\xf0\x9f\x94\x92", 0, cp), 4u);  // 🔒
  EXPECT_EQ(cp, U'\U0001f512');
}

TEST(Utf8Test, RejectsMalformedSequences) {
  for (const std::string& bad : {
           std::string("\x80"),              // continuation byte first
           std::string("\xc0\xaf"),          // overlong '/'
           std::string("\xe0\x80\xaf"),      // overlong '/'
           std::string("\xed\xa0\x80"),      // surrogate U+D800
           std::string("\xf4\x90\x80\x80"),  // U+110000
           std::string("\xf8\x88\x80\x80"),  // five-byte lead
           std::string("\xe2\x82"),          // truncated
           std::string("\xc3\x28"),          // bad continuation
       }) {
    char32_t cp = 0;
    EXPECT_EQ(DecodeUtf8(bad, 0, cp), 0u) << testing::PrintToString(bad);
    EXPECT_FALSE(IsValidUtf8("ok " + bad + " ok"));
  }
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Liège, Büllingen, Αθήνα, \xf4\x8f\xbf\xbf"));
}

}  // namespace
}  // namespace warroom
