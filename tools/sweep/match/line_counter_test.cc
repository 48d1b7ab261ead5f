#include "tools/sweep/match/line_counter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace warroom::sweep {
namespace {

TEST(LineCounterTest, MatchesByteLoopAtEveryLengthAndAlignment) {
  std::mt19937 rng(42);
  std::string data(20000, 'x');
  for (char& c : data) {
    c = (rng() % 7 == 0) ? '\n' : static_cast<char>('a' + rng() % 26);
  }
  for (size_t start = 0; start < 17; ++start) {
    for (size_t len : {0u, 1u, 15u, 16u, 17u, 255u * 16u + 3u, 19000u}) {
      const auto expected = static_cast<uint64_t>(
          std::count(data.begin() + static_cast<std::ptrdiff_t>(start),
                     data.begin() + static_cast<std::ptrdiff_t>(start + len), '\n'));
      EXPECT_EQ(CountNewlines(data.data() + start, len), expected) << start << " " << len;
    }
  }
  const std::string all(100000, '\n');
  EXPECT_EQ(CountNewlines(all.data(), all.size()), 100000u);
}

}  // namespace
}  // namespace warroom::sweep
