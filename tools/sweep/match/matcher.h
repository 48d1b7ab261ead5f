// Matcher: finds every indicator of an IocSet in a byte buffer with the exact boundary
// rules of each type (see README.md). A vector pre-pass (trigger_bits.h) marks the bytes
// where a candidate can be (a '.', "://", ':' or '@', or a long word); only the words and
// positions marked are tokenised and looked up in the IocSet's hash tables. The scalar
// kernel looks at every word instead and finds the same hits. Nothing in the scan
// allocates except appending hits.
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
#include "tools/sweep/match/trigger_bits.h"

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

  // `iocs` must be finalised and outlive the matcher. `kernel` must be supported
  // (KernelSupported()); every kernel finds the same hits.
  explicit Matcher(const IocSet& iocs, ScanKernel kernel = BestKernel());

  // Scans data[0, size). Appends to `out`, sorted by offset, every hit that starts in
  // [own_begin, own_end), with `base` added to its offset. Position 0 is treated as the
  // start of a line; `at_end` says whether data[size] is the end of the stream (if not,
  // candidates that reach the end of the buffer are left to the next buffer).
  void Scan(const char* data, size_t size, size_t own_begin, size_t own_end, bool at_end,
            uint64_t base, std::vector<RawHit>* out) const;

  // Convenience for a complete in-memory stream.
  std::vector<RawHit> ScanAll(const char* data, size_t size) const;

  const IocSet& Iocs() const { return iocs_; }
  ScanKernel Kernel() const { return kernel_; }

 private:
  struct Ctx;

  void ScanEveryWord(Ctx& c) const;
  void ScanTriggered(Ctx& c) const;
  void OnWord(Ctx& c, size_t ws, size_t we, bool has_dot) const;
  void ScanIpv4(Ctx& c, size_t ws, size_t we) const;
  void CheckDomain(Ctx& c, size_t ws, size_t we) const;
  void ScanHashes(Ctx& c, size_t ws, size_t we) const;
  void CheckFileName(Ctx& c, size_t ws, size_t we) const;
  void CheckUrl(Ctx& c, size_t colon) const;
  size_t CheckIpv6(Ctx& c, size_t colon) const;
  void CheckEmail(Ctx& c, size_t at) const;

  const IocSet& iocs_;
  ScanKernel kernel_;
  TriggerKinds triggers_;
  bool want_ipv4_;
  bool want_ipv6_;
  bool want_domain_;
  bool want_url_;
  bool want_hash_;
  bool want_email_;
  bool want_file_name_;
};

}  // namespace warroom::sweep
