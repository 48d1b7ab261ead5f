// ClientAddress: which address a request comes from, when reverse proxies stand between
// the client and warroomd.
//
// A proxy appends the address it received the request from to X-Forwarded-For, so the
// header reads "client, proxy1, proxy2" and the TCP peer is the last proxy. Anything to
// the left of a proxy we do not run may have been written by the client itself. So the
// client address is found from the right: while the address at hand (first the peer)
// is a trusted proxy, step to the next address to its left; the first address that is
// not a trusted proxy is the client. With no trusted proxies configured the peer is the
// client and the header is ignored.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core::auth {

// An IPv4 or IPv6 network. IPv4 is held as an IPv4-mapped IPv6 address (::ffff:a.b.c.d),
// so that a peer reported in either form matches.
struct AddressRange {
  std::array<uint8_t, 16> bytes{};
  int prefix_bits = 128;
};

// Parses "192.0.2.7", "10.0.0.0/8", "2001:db8::1" or "2001:db8::/32". Fails with
// kInvalidArgument for anything else (a host name, a prefix too long, bits set beyond
// the prefix are allowed and ignored).
Result<AddressRange> ParseAddressRange(std::string_view text);

// Parses every entry; kInvalidArgument naming the first bad one.
Result<std::vector<AddressRange>> ParseAddressRanges(const std::vector<std::string>& texts);

// True when `address` (a literal IPv4 or IPv6 address) lies in one of `ranges`; false for
// anything that is not an address.
bool InRanges(const std::vector<AddressRange>& ranges, std::string_view address);

// The client address of a request from `peer` carrying `forwarded_for` (the
// X-Forwarded-For header, if any), as the file comment describes. An entry of the header
// that is not an address stops the walk at the trusted proxy to its right.
std::string ClientAddress(std::string_view peer, std::optional<std::string_view> forwarded_for,
                          const std::vector<AddressRange>& trusted_proxies);

// The part of an address that sign-in throttling counts by: an IPv4 address as it is,
// an IPv6 address its /64 network (one subscriber usually holds a whole /64), anything
// else unchanged.
std::string ThrottleAddress(std::string_view address);

}  // namespace warroom::core::auth
