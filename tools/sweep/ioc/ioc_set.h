// IocSet: every loaded indicator plus the lookup tables the matcher probes. Build it with
// Add() and call Finalize() once; after that it is read-only and shared by all threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sweep/ioc/indicator.h"
#include "tools/sweep/ioc/ip_table.h"
#include "tools/sweep/ioc/string_table.h"

namespace warroom::sweep {

struct Indicator {
  IocType type = IocType::kIpv4;
  int prefix = -1;    // CIDR prefix for IP networks; 32/128 for one address
  std::string value;  // as given in the IoC set
};

class IocSet {
 public:
  // Adds `parsed` under its original text `given`. Returns false when the same indicator
  // (same type and normalised value) is already present; the first one is kept.
  bool Add(const ParsedIndicator& parsed, std::string_view given);

  // Builds the lookup filters. Call once after the last Add().
  void Finalize();

  size_t Size() const { return indicators_.size(); }
  const Indicator& At(uint32_t id) const { return indicators_[id]; }
  size_t Count(IocType type) const { return counts_[static_cast<size_t>(type)]; }
  size_t CidrCount() const { return cidrs_; }
  size_t Duplicates() const { return duplicates_; }

  const Ipv4Table& Ipv4() const { return ipv4_; }
  const Ipv6Table& Ipv6() const { return ipv6_; }
  // Keyed by the reverse hash of the lower-case domain.
  const StringTable& Domains() const { return domains_; }
  // Keyed by the reverse hash of each domain's last label, as a pre-filter.
  const StringTable& DomainTlds() const { return tlds_; }
  // Keyed by the forward hash of the normalised URL.
  const StringTable& Urls() const { return urls_; }
  // A pre-filter on the forward hash of each URL's first kUrlPrefixAfterScheme bytes
  // after "://" (with the scheme and "://"), so that the scanner can give up on a URL
  // in a log early. Null when some URL is too short for it.
  static constexpr size_t kUrlPrefixAfterScheme = 4;
  const BitFilter* UrlPrefixes() const { return url_prefix_usable_ ? &url_prefixes_ : nullptr; }
  // MD5, SHA-1 and SHA-256, keyed by the forward hash of the lower-case hex.
  const StringTable& Hashes() const { return hashes_; }
  // Keyed by the forward hash of the lower-case address.
  const StringTable& Emails() const { return emails_; }
  // Keyed by the reverse hash of the lower-case name.
  const StringTable& FileNames() const { return file_names_; }
  // Keyed by the reverse hash of FileNameFilterKey(name), as a pre-filter.
  const StringTable& FileNameTails() const { return file_name_tails_; }
  // True when some file name ends in a run of letters, digits, '.', '_' and '-' without
  // a '.' ("mimikatz", "a b"): then every word of a log can end a file name, not only
  // words with a dot.
  bool FileNameWithoutDotInLastWord() const { return file_name_without_dot_; }

  // Hashes as the matcher computes them.
  static uint64_t ForwardHash(std::string_view lower);
  static uint64_t ReverseHash(std::string_view lower);

 private:
  std::vector<Indicator> indicators_;
  std::array<size_t, kIocTypeCount> counts_{};
  size_t cidrs_ = 0;
  size_t duplicates_ = 0;
  Ipv4Table ipv4_;
  Ipv6Table ipv6_;
  StringTable domains_;
  StringTable tlds_;
  StringTable urls_;
  std::vector<uint64_t> url_prefix_hashes_;
  BitFilter url_prefixes_;
  bool url_prefix_usable_ = true;
  StringTable hashes_;
  StringTable emails_;
  StringTable file_names_;
  StringTable file_name_tails_;
  bool file_name_without_dot_ = false;
};

}  // namespace warroom::sweep
