#include "tools/sweep/ioc/ip_table.h"

#include <gtest/gtest.h>

#include <vector>

#include "tools/sweep/ioc/indicator.h"

namespace warroom::sweep {
namespace {

std::vector<uint32_t> Find(const Ipv4Table& t, const char* ip) {
  uint32_t a = 0;
  EXPECT_TRUE(ParseIpv4(ip, &a));
  std::vector<uint32_t> ids;
  t.ForEachMatch(a, [&](uint32_t id) { ids.push_back(id); });
  return ids;
}

TEST(Ipv4TableTest, ExactAndNetworksMostSpecificFirst) {
  Ipv4Table t;
  uint32_t a = 0;
  ASSERT_TRUE(ParseIpv4("10.1.2.3", &a));
  EXPECT_EQ(t.Insert(a, 32, 0), 0u);
  ASSERT_TRUE(ParseIpv4("10.1.2.99", &a));
  EXPECT_EQ(t.Insert(a, 24, 1), 1u);  // host bits are cleared
  ASSERT_TRUE(ParseIpv4("10.0.0.0", &a));
  EXPECT_EQ(t.Insert(a, 8, 2), 2u);
  ASSERT_TRUE(ParseIpv4("10.1.2.0", &a));
  EXPECT_EQ(t.Insert(a, 24, 3), 1u);  // duplicate network keeps the first id
  t.Finalize();
  EXPECT_EQ(t.Size(), 3u);
  EXPECT_EQ(Find(t, "10.1.2.3"), (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(Find(t, "10.1.2.4"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(Find(t, "10.200.0.1"), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(Find(t, "11.0.0.1").empty());
}

TEST(Ipv4TableTest, ManyAddresses) {
  Ipv4Table t;
  for (uint32_t i = 0; i < 100000; ++i) {
    t.Insert(0x0a000000u + i * 7, 32, i);
  }
  t.Finalize();
  for (uint32_t i = 0; i < 100000; i += 997) {
    std::vector<uint32_t> ids;
    t.ForEachMatch(0x0a000000u + i * 7, [&](uint32_t id) { ids.push_back(id); });
    ASSERT_EQ(ids, std::vector<uint32_t>{i});
    ids.clear();
    t.ForEachMatch(0x0a000000u + i * 7 + 1, [&](uint32_t id) { ids.push_back(id); });
    EXPECT_TRUE(ids.empty());
  }
}

TEST(Ipv6TableTest, Networks) {
  Ipv6Table t;
  Ipv6Bytes a{};
  ASSERT_TRUE(ParseIpv6("2001:db8::1", &a));
  t.Insert(a, 128, 0);
  ASSERT_TRUE(ParseIpv6("2001:db8:aa::", &a));
  t.Insert(a, 48, 1);
  t.Finalize();
  std::vector<uint32_t> ids;
  ASSERT_TRUE(ParseIpv6("2001:DB8:0:0:0:0:0:1", &a));
  t.ForEachMatch(a, [&](uint32_t id) { ids.push_back(id); });
  EXPECT_EQ(ids, std::vector<uint32_t>{0});
  ids.clear();
  ASSERT_TRUE(ParseIpv6("2001:db8:aa:1::5", &a));
  t.ForEachMatch(a, [&](uint32_t id) { ids.push_back(id); });
  EXPECT_EQ(ids, std::vector<uint32_t>{1});
}

}  // namespace
}  // namespace warroom::sweep
