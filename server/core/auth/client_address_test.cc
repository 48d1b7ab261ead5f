#include "server/core/auth/client_address.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace warroom::core::auth {
namespace {

std::vector<AddressRange> Ranges(const std::vector<std::string>& texts) {
  auto r = ParseAddressRanges(texts);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : std::vector<AddressRange>{};
}

TEST(ClientAddressTest, ParsesAddressesAndNetworksOfBothFamilies) {
  EXPECT_TRUE(ParseAddressRange("192.0.2.7"));
  EXPECT_TRUE(ParseAddressRange("10.0.0.0/8"));
  EXPECT_TRUE(ParseAddressRange("2001:db8::1"));
  EXPECT_TRUE(ParseAddressRange("2001:db8::/32"));
  EXPECT_TRUE(ParseAddressRange("0.0.0.0/0"));
  for (const char* bad : {"", "proxy.example", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x",
                          "2001:db8::/129", "10.0.0.1/-1", "1.2.3.4.5"}) {
    auto r = ParseAddressRange(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
    }
  }
  EXPECT_FALSE(ParseAddressRanges({"10.0.0.0/8", "nope"}));
}

TEST(ClientAddressTest, MatchesNetworksAndMappedAddresses) {
  const auto ranges = Ranges({"10.0.0.0/8", "2001:db8:1::/48", "192.0.2.7"});
  EXPECT_TRUE(InRanges(ranges, "10.200.3.4"));
  EXPECT_FALSE(InRanges(ranges, "11.0.0.1"));
  EXPECT_TRUE(InRanges(ranges, "::ffff:10.1.2.3")) << "an IPv4-mapped peer is the same address";
  EXPECT_TRUE(InRanges(ranges, "2001:db8:1:ffff::9"));
  EXPECT_FALSE(InRanges(ranges, "2001:db8:2::9"));
  EXPECT_TRUE(InRanges(ranges, "192.0.2.7"));
  EXPECT_FALSE(InRanges(ranges, "192.0.2.8"));
  EXPECT_FALSE(InRanges(ranges, "not-an-address"));
}

TEST(ClientAddressTest, WithoutTrustedProxiesThePeerIsTheClient) {
  EXPECT_EQ(ClientAddress("203.0.113.5", "198.51.100.1", {}), "203.0.113.5");
  EXPECT_EQ(ClientAddress("203.0.113.5", std::nullopt, Ranges({"10.0.0.0/8"})), "203.0.113.5");
}

TEST(ClientAddressTest, AnUntrustedPeerCannotClaimAnotherAddress) {
  EXPECT_EQ(ClientAddress("203.0.113.5", "198.51.100.1", Ranges({"10.0.0.0/8"})), "203.0.113.5");
}

TEST(ClientAddressTest, TheRightMostUntrustedAddressIsTheClient) {
  const auto proxies = Ranges({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.1", proxies), "198.51.100.1");
  // The client wrote "1.1.1.1" itself; our proxies appended the rest.
  EXPECT_EQ(ClientAddress("10.0.0.2", "1.1.1.1, 198.51.100.1, 10.0.0.3", proxies), "198.51.100.1");
  EXPECT_EQ(ClientAddress("10.0.0.2", " 2001:db8::7 ,10.0.0.9", proxies), "2001:db8::7");
}

TEST(ClientAddressTest, OnlyProxiesMeansTheLeftMostIsTheClient) {
  const auto proxies = Ranges({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.0.0.2", "10.0.0.5, 10.0.0.3", proxies), "10.0.0.5");
  EXPECT_EQ(ClientAddress("10.0.0.2", "", proxies), "10.0.0.2");
}

TEST(ClientAddressTest, GarbageStopsAtTheProxyThatSentIt) {
  const auto proxies = Ranges({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.0.0.2", "198.51.100.1, unknown", proxies), "10.0.0.2");
  EXPECT_EQ(ClientAddress("10.0.0.2", "bogus, 10.0.0.3", proxies), "10.0.0.3");
}

TEST(ClientAddressTest, ThrottlingCountsIpv6ByItsSlash64) {
  EXPECT_EQ(ThrottleAddress("198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(ThrottleAddress("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleAddress("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleAddress("::ffff:198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(ThrottleAddress("test-client"), "test-client");
}

}  // namespace
}  // namespace warroom::core::auth
