#include "server/core/auth/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace warroom::core::auth {
namespace {

// Parses a literal address into 16 bytes (IPv4 mapped); false when it is not one.
// `is_v4` tells which family the text was.
bool ParseAddress(std::string_view text, std::array<uint8_t, 16>& out, bool& is_v4) {
  if (text.empty() || text.size() > 45) return false;
  char buffer[46];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = 0;
  in_addr v4{};
  if (inet_pton(AF_INET, buffer, &v4) == 1) {
    out = {};
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    is_v4 = true;
    return true;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, buffer, &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address.
    static constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    is_v4 = std::equal(kMapped.begin(), kMapped.end(), out.begin());
    return true;
  }
  return false;
}

bool Contains(const AddressRange& range, const std::array<uint8_t, 16>& address) {
  int bits = range.prefix_bits;
  for (size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<uint8_t>(bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff);
    if ((range.bytes[i] & mask) != (address[i] & mask)) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<AddressRange> ParseAddressRange(std::string_view text) {
  const size_t slash = text.find('/');
  const std::string_view host = text.substr(0, slash);
  AddressRange range;
  bool is_v4 = false;
  if (!ParseAddress(host, range.bytes, is_v4)) {
    return Error::InvalidArgument("not an IP address or network: '" + std::string(text) + "'");
  }
  // The prefix counts bits of the address as written (::ffff:10.0.0.0/104 is IPv6).
  const bool written_v4 = host.find(':') == std::string_view::npos;
  const int max_bits = written_v4 ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || bits < 0 ||
        bits > max_bits) {
      return Error::InvalidArgument("bad prefix length in '" + std::string(text) + "'");
    }
  }
  range.prefix_bits = written_v4 ? bits + 96 : bits;
  return range;
}

Result<std::vector<AddressRange>> ParseAddressRanges(const std::vector<std::string>& texts) {
  std::vector<AddressRange> out;
  out.reserve(texts.size());
  for (const auto& t : texts) {
    WR_ASSIGN_OR_RETURN(AddressRange r, ParseAddressRange(Trim(t)));
    out.push_back(r);
  }
  return out;
}

bool InRanges(const std::vector<AddressRange>& ranges, std::string_view address) {
  std::array<uint8_t, 16> bytes{};
  bool is_v4 = false;
  if (!ParseAddress(Trim(address), bytes, is_v4)) return false;
  for (const auto& r : ranges) {
    if (Contains(r, bytes)) return true;
  }
  return false;
}

std::string ClientAddress(std::string_view peer, std::optional<std::string_view> forwarded_for,
                          const std::vector<AddressRange>& trusted_proxies) {
  std::string_view current = peer;
  if (!forwarded_for || !InRanges(trusted_proxies, current)) return std::string(current);
  std::string_view rest = *forwarded_for;
  while (InRanges(trusted_proxies, current)) {
    if (Trim(rest).empty()) break;  // every hop is ours: the left-most one is the client
    const size_t comma = rest.rfind(',');
    const std::string_view entry =
        Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    std::array<uint8_t, 16> bytes{};
    bool is_v4 = false;
    if (!ParseAddress(entry, bytes, is_v4)) break;  // garbage: keep the proxy that sent it
    current = entry;
  }
  return std::string(current);
}

std::string ThrottleAddress(std::string_view address) {
  std::array<uint8_t, 16> bytes{};
  bool is_v4 = false;
  if (!ParseAddress(address, bytes, is_v4)) return std::string(address);
  if (is_v4) {
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
    return text;
  }
  std::fill(bytes.begin() + 8, bytes.end(), uint8_t{0});
  char text[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  return std::string(text) + "/64";
}

}  // namespace warroom::core::auth
