#include "tools/sweep/match/range_scanner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "tools/sweep/testing/scan.h"
#include "tools/sweep/testing/temp_dir.h"

namespace warroom::sweep {
namespace {

using testing::Found;
using testing::FoundOf;
using testing::MakeSet;

// The reference: the single-threaded StreamScanner over the same bytes.
std::vector<Found> ScanStreamed(const Matcher& m, std::string_view text, size_t block,
                                StreamStats* stats) {
  return testing::ScanText(m, text, block, stats);
}

class RangeScannerTest : public ::testing::Test {
 protected:
  std::vector<Found> ScanRanges(const Matcher& m, std::string_view text, size_t block,
                                unsigned threads, StreamStats* stats,
                                uint64_t* progress = nullptr) {
    const std::string path = dir_ / "log";
    testing::WriteFile(path, text);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    std::vector<Found> out;
    std::atomic<uint64_t> bytes{0};
    const Status status = RangeScanner(m, block).Scan(
        fd, text.size(), threads, [&](const StreamHit& h) { out.push_back(FoundOf(h)); },
        [&](uint64_t n) { bytes += n; }, stats);
    EXPECT_TRUE(status);
    ::close(fd);
    if (progress != nullptr) {
      *progress = bytes.load();
    }
    return out;
  }

  testing::TempDir dir_;
};

// Every number of threads and block size gives exactly the hits, lines, offsets and order
// of the single-threaded scan, including tokens cut by range and block boundaries. (With
// 13-byte blocks the file is cut into 32 ranges per thread, taken in turn.)
TEST_F(RangeScannerTest, SameHitsAsTheStreamScanner) {
  auto set = testing::MixedSet();
  Matcher m(*set);
  const std::string text = testing::MixedText(80000, 11);
  StreamStats want_stats;
  const std::vector<Found> want = ScanStreamed(m, text, 4096, &want_stats);
  ASSERT_GT(want.size(), 300u);
  for (const unsigned threads : {1u, 2u, 3u, 7u, 64u}) {
    for (const size_t block : {13u, 1000u, 4096u, 65536u}) {
      StreamStats stats;
      uint64_t progress = 0;
      EXPECT_EQ(ScanRanges(m, text, block, threads, &stats, &progress), want)
          << threads << " threads, block " << block;
      EXPECT_EQ(stats.bytes, want_stats.bytes);
      EXPECT_EQ(stats.lines, want_stats.lines);
      EXPECT_EQ(progress, text.size());
    }
  }
}

// Indicators planted across each cut between two ranges, one byte further each time. The
// file holds two ranges' worth of 5000-byte blocks, so four threads cut it into four.
TEST_F(RangeScannerTest, HitsStraddlingRangeBoundaries) {
  auto set = MakeSet({"10.0.0.1", "evil.com", "http://evil.test/a"});
  Matcher m(*set);
  constexpr unsigned kRanges = 4;
  static_assert(40000 / (RangeScanner::kMinRangeBlocks * 5000) <= kRanges);
  constexpr size_t kSize = 40000;
  const uint64_t cut = kSize / kRanges;
  for (size_t shift = 0; shift < 20; ++shift) {
    std::string text(kSize, 'a');
    for (size_t i = 0; i < kSize; i += 97) {
      text[i] = i % 3 == 0 ? '\n' : ' ';
    }
    for (unsigned r = 1; r < kRanges; ++r) {
      const std::string_view token =
          r == 1 ? " 10.0.0.1 " : (r == 2 ? " sub.evil.com " : " http://evil.test/a ");
      text.replace(r * cut - shift, token.size(), token);
    }
    StreamStats want_stats;
    const std::vector<Found> want = ScanStreamed(m, text, 1 << 20, &want_stats);
    ASSERT_EQ(want.size(), 3u) << shift;
    StreamStats stats;
    EXPECT_EQ(ScanRanges(m, text, 5000, kRanges, &stats), want) << "shift " << shift;
    EXPECT_EQ(stats.lines, want_stats.lines);
  }
}

// One line, no newline anywhere: every range reports line 1 and adds no lines.
TEST_F(RangeScannerTest, RangesWithoutANewline) {
  auto set = MakeSet({"10.0.0.1", "evil.com"});
  Matcher m(*set);
  std::string text;
  while (text.size() < 50000) {
    text += "abcdefgh 10.0.0.1 evil.com.au www.evil.com 10.0.0.12 ";
  }
  StreamStats want_stats;
  const std::vector<Found> want = ScanStreamed(m, text, 4096, &want_stats);
  ASSERT_GT(want.size(), 100u);
  EXPECT_TRUE(std::all_of(want.begin(), want.end(), [](const Found& f) { return f.line == 1; }));
  for (const unsigned threads : {2u, 5u}) {
    StreamStats stats;
    EXPECT_EQ(ScanRanges(m, text, 3000, threads, &stats), want) << threads;
    EXPECT_EQ(stats.lines, 1u);
    EXPECT_EQ(stats.bytes, text.size());
  }
  // Newlines only in the last range: the lines of earlier ranges are still counted.
  text += "\n\nevil.com\n";
  const std::vector<Found> tail = ScanStreamed(m, text, 4096, &want_stats);
  StreamStats stats;
  EXPECT_EQ(ScanRanges(m, text, 3000, 3, &stats), tail);
  EXPECT_EQ(tail.back().line, 3u);
  EXPECT_EQ(stats.lines, 3u);
}

TEST_F(RangeScannerTest, EmptyAndTinyFiles) {
  auto set = MakeSet({"10.0.0.1"});
  Matcher m(*set);
  StreamStats stats;
  EXPECT_TRUE(ScanRanges(m, "", 4096, 3, &stats).empty());
  EXPECT_EQ(stats.bytes, 0u);
  EXPECT_EQ(stats.lines, 0u);
  const std::vector<Found> hits = ScanRanges(m, "10.0.0.1", 4096, 8, &stats);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0], (Found{1, 0, 0, "10.0.0.1"}));
  EXPECT_EQ(stats.lines, 1u);
}

// A file that is shorter than the size given (truncated meanwhile) ends where it ends.
TEST_F(RangeScannerTest, FileShorterThanItsSize) {
  auto set = MakeSet({"10.0.0.1"});
  Matcher m(*set);
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += "conn 10.0.0.1 ok\n";
  }
  const std::string path = dir_ / "short.log";
  testing::WriteFile(path, text);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  size_t hits = 0;
  StreamStats stats;
  EXPECT_TRUE(RangeScanner(m, 1000).Scan(
      fd, text.size() * 2, 4, [&](const StreamHit&) { ++hits; }, [](uint64_t) {}, &stats));
  ::close(fd);
  EXPECT_EQ(hits, 3000u);
  EXPECT_EQ(stats.bytes, text.size());
  EXPECT_EQ(stats.lines, 3000u);
}

}  // namespace
}  // namespace warroom::sweep
