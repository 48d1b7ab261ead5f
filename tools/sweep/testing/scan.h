// Test helpers for the scanners: an indicator set from literals, and every hit of a
// stream scan collected as a comparable value.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sweep/input/byte_source.h"
#include "tools/sweep/ioc/indicator.h"
#include "tools/sweep/ioc/ioc_set.h"
#include "tools/sweep/match/matcher.h"
#include "tools/sweep/match/stream_scanner.h"

namespace warroom::sweep::testing {

// Indicator ids follow the order of `iocs`.
inline std::unique_ptr<IocSet> MakeSet(std::initializer_list<std::string_view> iocs) {
  auto set = std::make_unique<IocSet>();
  for (std::string_view ioc : iocs) {
    auto parsed = ParseIndicator(ioc);
    EXPECT_TRUE(parsed) << ioc;
    set->Add(*parsed, ioc);
  }
  set->Finalize();
  return set;
}

// Indicators of every type, for MixedText.
inline std::unique_ptr<IocSet> MixedSet() {
  return MakeSet({"10.0.0.1", "evil.com", "http://evil.test/a", "user@evil.test",
                  "d41d8cd98f00b204e9800998ecf8427e", "evil.exe", "2001:db8::1"});
}

// At least `size` bytes of MixedSet's indicators, their look-alikes, separators, newlines
// and a byte that is not UTF-8, in an order drawn from `seed`.
inline std::string MixedText(std::size_t size, uint32_t seed) {
  static constexpr std::string_view kPieces[] = {"10.0.0.1",
                                                 "10.0.0.12",
                                                 "sub.evil.com",
                                                 "evil.com.au",
                                                 "http://evil.test/a",
                                                 "http://evil.test/ab",
                                                 "user@evil.test",
                                                 "a.user@evil.test",
                                                 "d41d8cd98f00b204e9800998ecf8427e",
                                                 "C:\\evil.exe",
                                                 "my-evil.exe",
                                                 "2001:DB8::1",
                                                 " ",
                                                 "\n",
                                                 "\n",
                                                 "=",
                                                 "/",
                                                 "\xff",
                                                 "xyz"};
  std::mt19937 rng(seed);
  std::string text;
  while (text.size() < size) text += kPieces[rng() % std::size(kPieces)];
  return text;
}

struct Found {
  uint64_t line;
  uint64_t offset;
  uint32_t indicator;
  std::string match;
  bool operator==(const Found& o) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const Found& f) {
  return os << "{line " << f.line << ", offset " << f.offset << ", id " << f.indicator << ", "
            << f.match << "}";
}

inline Found FoundOf(const StreamHit& h) {
  return {h.line, h.offset, h.indicator, std::string(h.match)};
}

// Every hit of a StreamScanner with blocks of `block` bytes over `source`; `status`
// receives the scan's outcome.
inline std::vector<Found> ScanStream(const Matcher& m, ByteSource& source, size_t block,
                                     StreamStats* stats = nullptr, Status* status = nullptr,
                                     bool read_ahead = false) {
  StreamScanner scanner(m, block, read_ahead);
  std::vector<Found> out;
  Status s = scanner.Scan(
      source, [&](const StreamHit& h) { out.push_back(FoundOf(h)); }, [](uint64_t) {}, stats);
  if (status != nullptr) {
    *status = s;
  } else {
    EXPECT_TRUE(s) << s.error().message;
  }
  return out;
}

// The same over `text` as a plain (or, by its magic bytes, compressed) stream.
inline std::vector<Found> ScanText(const Matcher& m, std::string_view text, size_t block,
                                   StreamStats* stats = nullptr, bool read_ahead = false) {
  auto source = OpenDecoder(std::make_unique<MemoryReader>(text), DecodeLimits{});
  EXPECT_TRUE(source);
  return ScanStream(m, **source, block, stats, nullptr, read_ahead);
}

}  // namespace warroom::sweep::testing
