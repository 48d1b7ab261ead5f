#include "tools/sweep/ioc/string_table.h"

#include <gtest/gtest.h>

#include <string>

#include "tools/sweep/ioc/ioc_set.h"

namespace warroom::sweep {
namespace {

TEST(StringTableTest, InsertFindAndDuplicates) {
  StringTable t;
  EXPECT_EQ(t.Insert(IocSet::ForwardHash("evil.com"), "evil.com", 7), 7u);
  EXPECT_EQ(t.Insert(IocSet::ForwardHash("evil.com"), "evil.com", 9), 7u);
  EXPECT_EQ(t.Insert(IocSet::ForwardHash("bad.org"), "bad.org", 8), 8u);
  t.Finalize();
  EXPECT_EQ(t.Size(), 2u);
  EXPECT_EQ(t.FindExact(IocSet::ForwardHash("evil.com"), "evil.com"), 7u);
  EXPECT_EQ(t.FindExact(IocSet::ForwardHash("evil.co"), "evil.co"), StringTable::kNone);
  EXPECT_TRUE(t.HasLength(8));
  EXPECT_TRUE(t.HasLength(7));
  EXPECT_FALSE(t.HasLength(6));
  EXPECT_EQ(t.MaxLength(), 8u);
  EXPECT_TRUE(t.MayContain(IocSet::ForwardHash("bad.org")));
}

TEST(StringTableTest, GrowsAndKeepsEveryKey) {
  StringTable t;
  for (uint32_t i = 0; i < 50000; ++i) {
    const std::string k = "host" + std::to_string(i) + ".example";
    t.Insert(IocSet::ForwardHash(k), k, i);
  }
  t.Finalize();
  size_t filtered_out = 0;
  for (uint32_t i = 0; i < 50000; ++i) {
    const std::string k = "host" + std::to_string(i) + ".example";
    ASSERT_EQ(t.FindExact(IocSet::ForwardHash(k), k), i);
    const std::string miss = "miss" + std::to_string(i) + ".example";
    if (!t.MayContain(IocSet::ForwardHash(miss))) {
      ++filtered_out;
    }
  }
  // The filter rejects most absent keys (about 98 % at 16 bits per key).
  EXPECT_GT(filtered_out, 47500u);
}

}  // namespace
}  // namespace warroom::sweep
