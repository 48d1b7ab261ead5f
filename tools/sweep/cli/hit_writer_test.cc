#include "tools/sweep/cli/hit_writer.h"

#include <gtest/gtest.h>

namespace warroom::sweep {
namespace {

TEST(HitWriterTest, JsonEscapesAndReplacesInvalidUtf8) {
  std::string out;
  AppendJsonString(&out, std::string("a\"b\\c\n\t\x01 \xc3\xa9 \xff\xc3", 14));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\u0001 \xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd\"");
}

TEST(HitWriterTest, JsonLine) {
  Indicator ind{IocType::kDomain, -1, "evil[.]com"};
  std::string out;
  AppendHit(&out, OutputFormat::kJsonl,
            HitRecord{"/var/log/x.log", 3, 120, &ind, "sub.EVIL.com", HitSource::kContent});
  EXPECT_EQ(out,
            "{\"file\":\"/var/log/x.log\",\"line\":3,\"offset\":120,\"indicator\":\"evil[.]com\","
            "\"type\":\"domain\",\"match\":\"sub.EVIL.com\",\"source\":\"content\"}\n");
}

TEST(HitWriterTest, TextLine) {
  Indicator ind{IocType::kMd5, -1, "d41d8cd98f00b204e9800998ecf8427e"};
  std::string out;
  AppendHit(
      &out, OutputFormat::kText,
      HitRecord{"a\nb", 0, 0, &ind, "d41d8cd98f00b204e9800998ecf8427e", HitSource::kFileHash});
  EXPECT_EQ(out,
            "a?b:file-hash: md5 d41d8cd98f00b204e9800998ecf8427e "
            "\"d41d8cd98f00b204e9800998ecf8427e\"\n");
}

}  // namespace
}  // namespace warroom::sweep
