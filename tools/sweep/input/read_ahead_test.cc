#include "tools/sweep/input/read_ahead.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace warroom::sweep {
namespace {

std::string Text(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) {
    s[i] = static_cast<char>('a' + i % 26);
  }
  return s;
}

TEST(ReadAheadTest, ChunksFollowEachOtherWithRoomForContext) {
  for (const size_t size : {size_t{0}, size_t{5}, size_t{100}, size_t{1000}, size_t{10007}}) {
    const std::string text = Text(size);
    auto source = OpenDecoder(std::make_unique<MemoryReader>(text), DecodeLimits{});
    ASSERT_TRUE(source);
    ReadAhead reader(**source, 100, 30);
    std::string joined;
    bool first = true;
    while (true) {
      const ReadAhead::Chunk chunk = reader.Next();
      const size_t from = first ? 0 : 30;
      ASSERT_LE(from, chunk.size);
      joined.append(chunk.data + from, chunk.size - from);
      if (!chunk.end) {
        EXPECT_EQ(chunk.size, 100u);  // only the last chunk may be short
      }
      first = false;
      reader.Release(chunk);
      if (chunk.end) {
        EXPECT_TRUE(chunk.status);
        break;
      }
    }
    EXPECT_EQ(joined, text) << size;
  }
}

TEST(ReadAheadTest, StopsCleanlyWhenDroppedMidStream) {
  const std::string text = Text(100000);
  auto source = OpenDecoder(std::make_unique<MemoryReader>(text), DecodeLimits{});
  ASSERT_TRUE(source);
  ReadAhead reader(**source, 64, 16);
  const ReadAhead::Chunk chunk = reader.Next();
  EXPECT_EQ(std::string(chunk.data, 64), text.substr(0, 64));
  // The destructor stops the reader although both buffers are taken or full.
}

TEST(ReadAheadTest, ErrorComesWithTheLastChunk) {
  // A zstd magic number and nothing else: a truncated stream.
  auto source = OpenDecoder(std::make_unique<MemoryReader>(std::string("\x28\xb5\x2f\xfd", 4)),
                            DecodeLimits{});
  ASSERT_TRUE(source);
  ReadAhead reader(**source, 4096, 100);
  const ReadAhead::Chunk chunk = reader.Next();
  EXPECT_TRUE(chunk.end);
  EXPECT_FALSE(chunk.status);
}

}  // namespace
}  // namespace warroom::sweep
