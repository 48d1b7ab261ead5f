#include "tools/sweep/match/stream_scanner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tools/sweep/testing/scan.h"
#include "tools/sweep/testing/temp_dir.h"

namespace warroom::sweep {
namespace {

using testing::Found;
using testing::FoundOf;
using testing::MakeSet;
using testing::ScanStream;
using testing::ScanText;

TEST(StreamScannerTest, LineNumbersAndOffsets) {
  auto set = MakeSet({"10.0.0.1", "evil.com"});
  Matcher m(*set);
  const std::string text = "a\n10.0.0.1 x\n\nq evil.com\nlast 10.0.0.1";
  StreamStats stats;
  auto hits = ScanText(m, text, 4096, &stats);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0], (Found{2, 2, 0, "10.0.0.1"}));
  EXPECT_EQ(hits[1], (Found{4, 16, 1, "evil.com"}));
  EXPECT_EQ(hits[2], (Found{5, 30, 0, "10.0.0.1"}));
  EXPECT_EQ(stats.lines, 5u);
  EXPECT_EQ(stats.bytes, text.size());
}

// Whatever the block size, the hits are exactly those of one scan over the whole text:
// tokens that straddle buffer boundaries are found once, look-alikes never.
TEST(StreamScannerTest, BlockBoundariesDoNotChangeResults) {
  auto set = testing::MixedSet();
  Matcher m(*set);
  const std::string text = testing::MixedText(60000, 7);
  std::vector<Found> whole;
  {
    uint64_t line = 1;
    size_t pos = 0;
    for (const RawHit& h : m.ScanAll(text.data(), text.size())) {
      line += static_cast<uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                               text.begin() + static_cast<std::ptrdiff_t>(h.offset),
                                               '\n'));
      pos = h.offset;
      whole.push_back({line, h.offset, h.indicator, text.substr(h.offset, h.length)});
    }
  }
  ASSERT_GT(whole.size(), 300u);
  for (const bool read_ahead : {false, true}) {
    for (size_t block : {13u, 333u, 4096u, 65536u}) {
      StreamStats stats;
      EXPECT_EQ(ScanText(m, text, block, &stats, read_ahead), whole)
          << "block " << block << " read ahead " << read_ahead;
      EXPECT_EQ(stats.bytes, text.size());
      EXPECT_EQ(stats.lines, static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n')) +
                                 (text.back() != '\n' ? 1 : 0));
    }
  }
}

TEST(StreamScannerTest, ReadAheadGivesTheSameLinesForGzip) {
  auto set = MakeSet({"10.0.0.1", "evil.com"});
  Matcher m(*set);
  std::string text;
  size_t planted = 0;
  for (int i = 0; i < 30000; ++i) {
    const bool hit = i % 7 == 0 || i % 5 == 0;
    text += i % 7 == 0 ? "q evil.com\n" : (i % 5 == 0 ? "conn 10.0.0.1 ok\n" : "nothing here\n");
    planted += hit ? 1 : 0;
  }
  const std::string gz = testing::Gzip(text);
  std::vector<Found> results[2];
  for (const bool read_ahead : {false, true}) {
    auto source = OpenDecoder(std::make_unique<MemoryReader>(gz), DecodeLimits{});
    ASSERT_TRUE(source);
    StreamStats stats;
    Status status;
    results[read_ahead ? 1 : 0] = ScanStream(m, **source, 5000, &stats, &status, read_ahead);
    EXPECT_TRUE(status);
    EXPECT_EQ(stats.lines, 30000u);
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[1].size(), planted);
}

// Produces one line of `size` bytes on the fly, with indicators at given offsets, so the
// test itself holds no big buffer.
class LongLineSource : public ByteSource {
 public:
  LongLineSource(uint64_t size, std::vector<std::pair<uint64_t, std::string>> plants)
      : size_(size), plants_(std::move(plants)) {}
  Result<size_t> Read(char* dst, size_t cap) override {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(cap, size_ - pos_));
    for (size_t i = 0; i < n; ++i) {
      dst[i] = "abcdefgh "[(pos_ + i) % 9];
    }
    for (const auto& [at, text] : plants_) {
      for (size_t k = 0; k < text.size(); ++k) {
        const uint64_t p = at + k;
        if (p >= pos_ && p < pos_ + n) {
          dst[p - pos_] = text[k];
        }
      }
    }
    pos_ += n;
    return n;
  }
  Encoding SourceEncoding() const override { return Encoding::kPlain; }
  uint64_t RawBytes() const override { return pos_; }

 private:
  uint64_t size_;
  uint64_t pos_ = 0;
  std::vector<std::pair<uint64_t, std::string>> plants_;
};

TEST(StreamScannerTest, HugeLineIsStreamedWithBoundedMemory) {
  auto set = MakeSet({"10.0.0.1", "evil.com"});
  Matcher m(*set);
  const uint64_t size = uint64_t{64} << 20;
  const size_t block = 64 << 10;
  // Planted right at block boundaries, at the start and at the very end.
  LongLineSource source(size, {{0, "10.0.0.1 "},
                               {block - 4, " evil.com "},
                               {uint64_t{32} << 20, " 10.0.0.1 "},
                               {size - 9, " evil.com"}});
  StreamScanner scanner(m, block);
  EXPECT_EQ(scanner.BufferCapacity(), block + 2 * Matcher::kContext);
  std::vector<Found> hits;
  StreamStats stats;
  ASSERT_TRUE(scanner.Scan(
      source, [&](const StreamHit& h) { hits.push_back(FoundOf(h)); }, [](uint64_t) {}, &stats));
  EXPECT_EQ(scanner.BufferCapacity(), block + 2 * Matcher::kContext);
  ASSERT_EQ(hits.size(), 4u);
  EXPECT_EQ(hits[0], (Found{1, 0, 0, "10.0.0.1"}));
  EXPECT_EQ(hits[1], (Found{1, block - 3, 1, "evil.com"}));
  EXPECT_EQ(hits[2], (Found{1, (uint64_t{32} << 20) + 1, 0, "10.0.0.1"}));
  EXPECT_EQ(hits[3], (Found{1, size - 8, 1, "evil.com"}));
  EXPECT_EQ(stats.bytes, size);
  EXPECT_EQ(stats.lines, 1u);
}

TEST(StreamScannerTest, HitsBeforeADecodeErrorAreReported) {
  auto set = MakeSet({"10.0.0.1"});
  Matcher m(*set);
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    text += "conn 10.0.0.1 ok\n";
  }
  const std::string gz = testing::Gzip(text);
  auto source =
      OpenDecoder(std::make_unique<MemoryReader>(std::string_view(gz).substr(0, gz.size() / 2)),
                  DecodeLimits{});
  Status status;
  auto hits = ScanStream(m, **source, 4096, nullptr, &status);
  EXPECT_FALSE(status);
  EXPECT_GT(hits.size(), 100u);
  EXPECT_LT(hits.size(), 20000u);
  EXPECT_EQ(hits[5].line, 6u);
  // With read ahead the same bytes are decoded before the error, so the same hits.
  auto again =
      OpenDecoder(std::make_unique<MemoryReader>(std::string_view(gz).substr(0, gz.size() / 2)),
                  DecodeLimits{});
  Status status_ahead;
  EXPECT_EQ(ScanStream(m, **again, 4096, nullptr, &status_ahead, true), hits);
  EXPECT_FALSE(status_ahead);
}

}  // namespace
}  // namespace warroom::sweep
