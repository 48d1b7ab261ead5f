// Matcher: finds every indicator of an IocSet in a byte buffer with the exact boundary
// rules of each type (see README.md). It tokenises the buffer in one pass and looks the
// candidate tokens up in the IocSet's hash tables; nothing in the scan allocates except
// appending hits.
//
// Buffers are scanned with overlapping context so that a stream can be cut anywhere (a
// 1 GB line is just many buffers): the caller passes the range it owns, and only hits
// whose first byte lies in that range are reported. Every hit depends on at most
// kMaxIndicatorLength bytes plus a few bytes of boundary on each side, so kContext bytes
// of context on both sides make the result independent of where buffers are cut.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tools/sweep/ioc/indicator.h"
#include "tools/sweep/ioc/ioc_set.h"

namespace warroom::sweep {

struct RawHit {
  uint64_t offset = 0;  // stream offset of the first byte of the match
  uint32_t length = 0;
  uint32_t indicator = 0;
};

class Matcher {
 public:
  // Context a caller must keep on each side of an owned range (see above).
  static constexpr size_t kContext = kMaxIndicatorLength + 64;

  // `iocs` must be finalised and outlive the matcher.
  explicit Matcher(const IocSet& iocs);

  // Scans data[0, size). Appends to `out`, sorted by offset, every hit that starts in
  // [own_begin, own_end), with `base` added to its offset. Position 0 is treated as the
  // start of a line; `at_end` says whether data[size] is the end of the stream (if not,
  // candidates that reach the end of the buffer are left to the next buffer).
  void Scan(const char* data, size_t size, size_t own_begin, size_t own_end, bool at_end,
            uint64_t base, std::vector<RawHit>* out) const;

  // Convenience for a complete in-memory stream.
  std::vector<RawHit> ScanAll(const char* data, size_t size) const;

  const IocSet& Iocs() const { return iocs_; }

 private:
  struct Ctx;

  void OnWord(Ctx& c, size_t ws, size_t we, uint8_t acc) const;
  void ScanIpv4(Ctx& c, size_t ws, size_t we) const;
  void CheckDomain(Ctx& c, size_t ws, size_t we) const;
  void ScanHashes(Ctx& c, size_t ws, size_t we) const;
  void CheckFileName(Ctx& c, size_t ws, size_t we) const;
  void CheckUrl(Ctx& c, size_t colon) const;
  size_t CheckIpv6(Ctx& c, size_t colon) const;
  void CheckEmail(Ctx& c, size_t at) const;

  const IocSet& iocs_;
  bool want_ipv4_;
  bool want_ipv6_;
  bool want_domain_;
  bool want_url_;
  bool want_hash_;
  bool want_email_;
  bool want_file_name_;
};

}  // namespace warroom::sweep
