#include "tools/sweep/input/byte_source.h"

#include <gtest/gtest.h>

#include "tools/sweep/testing/temp_dir.h"

namespace warroom::sweep {
namespace {

struct Decoded {
  std::string data;
  Status status;
  Encoding encoding = Encoding::kPlain;
};

Decoded Decode(std::string_view raw, DecodeLimits limits = {}, size_t chunk = 1000) {
  Decoded d;
  auto source = OpenDecoder(std::make_unique<MemoryReader>(raw), limits);
  if (!source) {
    d.status = source.error();
    return d;
  }
  d.encoding = (*source)->SourceEncoding();
  std::string buf(chunk, '\0');
  while (true) {
    auto n = (*source)->Read(buf.data(), buf.size());
    if (!n) {
      d.status = n.error();
      break;
    }
    if (*n == 0) {
      break;
    }
    d.data.append(buf.data(), *n);
  }
  return d;
}

std::string Text(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) {
    s += "line " + std::to_string(i) + " 10.0.0.1 evil.com\n";
  }
  s.resize(n);
  return s;
}

TEST(ByteSourceTest, DetectsByMagicNotName) {
  EXPECT_EQ(DetectEncoding("\x1f\x8b\x08"), Encoding::kGzip);
  EXPECT_EQ(DetectEncoding("\x28\xb5\x2f\xfd"), Encoding::kZstd);
  EXPECT_EQ(DetectEncoding("hello"), Encoding::kPlain);
  EXPECT_EQ(DetectEncoding(""), Encoding::kPlain);
}

TEST(ByteSourceTest, PlainEmptyAndShort) {
  EXPECT_EQ(Decode("").data, "");
  EXPECT_EQ(Decode("ab").data, "ab");
  const std::string t = Text(100000);
  EXPECT_EQ(Decode(t).data, t);
}

TEST(ByteSourceTest, GzipSingleAndMultiMember) {
  const std::string a = Text(300000);
  const std::string b = Text(1000);
  auto d = Decode(testing::Gzip(a));
  EXPECT_TRUE(d.status);
  EXPECT_EQ(d.encoding, Encoding::kGzip);
  EXPECT_EQ(d.data, a);
  auto m = Decode(testing::Gzip(a) + testing::Gzip(b) + std::string(8, '\0'));
  EXPECT_TRUE(m.status) << m.status.error().message;
  EXPECT_EQ(m.data, a + b);
}

TEST(ByteSourceTest, ZstdMultiFrame) {
  const std::string a = Text(300000);
  auto d = Decode(testing::Zstd(a) + testing::Zstd("tail\n"));
  EXPECT_TRUE(d.status);
  EXPECT_EQ(d.encoding, Encoding::kZstd);
  EXPECT_EQ(d.data, a + "tail\n");
}

TEST(ByteSourceTest, TruncatedGzipIsAnErrorAfterTheDataBeforeIt) {
  const std::string a = Text(200000);
  const std::string gz = testing::Gzip(a);
  auto d = Decode(gz.substr(0, gz.size() / 2));
  ASSERT_FALSE(d.status);
  EXPECT_EQ(d.status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(d.data.empty());
  EXPECT_EQ(a.compare(0, d.data.size(), d.data), 0);
  auto no_trailer = Decode(gz.substr(0, gz.size() - 4));
  EXPECT_FALSE(no_trailer.status);
}

TEST(ByteSourceTest, CorruptGzipAndTrailingGarbage) {
  std::string gz = testing::Gzip(Text(50000));
  std::string corrupt = gz;
  for (size_t i = 20; i < 60; ++i) {
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  }
  EXPECT_FALSE(Decode(corrupt).status);
  auto junk = Decode(gz + "junk");
  ASSERT_FALSE(junk.status);
  EXPECT_NE(junk.status.error().message.find("trailing garbage"), std::string::npos);
  EXPECT_EQ(junk.data, Text(50000));
}

TEST(ByteSourceTest, TruncatedAndCorruptZstd) {
  const std::string a = Text(200000);
  const std::string zs = testing::Zstd(a);
  auto t = Decode(zs.substr(0, zs.size() - 10));
  ASSERT_FALSE(t.status);
  EXPECT_EQ(a.compare(0, t.data.size(), t.data), 0);
  EXPECT_FALSE(Decode(zs.substr(0, 4)).status);
  auto junk = Decode(zs + "junkjunk");
  EXPECT_FALSE(junk.status);
}

TEST(ByteSourceTest, BombRatioLimit) {
  const std::string zeros(size_t{40} << 20, '\0');
  DecodeLimits limits;
  limits.max_ratio = 100;
  limits.ratio_floor = 1 << 20;
  for (const std::string& packed : {testing::Gzip(zeros), testing::Zstd(zeros)}) {
    auto d = Decode(packed, limits, 1 << 20);
    ASSERT_FALSE(d.status);
    EXPECT_EQ(d.status.error().code, ErrorCode::kPreconditionFailed);
    EXPECT_NE(d.status.error().message.find("ratio"), std::string::npos);
    EXPECT_LT(d.data.size(), zeros.size());
  }
}

TEST(ByteSourceTest, BombSizeLimit) {
  DecodeLimits limits;
  limits.max_output = 100000;
  auto d = Decode(testing::Gzip(Text(500000)), limits);
  ASSERT_FALSE(d.status);
  EXPECT_EQ(d.status.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_NE(d.status.error().message.find("size limit"), std::string::npos);
  // Within the limits nothing is reported.
  EXPECT_TRUE(Decode(testing::Gzip(Text(50000)), limits).status);
}

}  // namespace
}  // namespace warroom::sweep
