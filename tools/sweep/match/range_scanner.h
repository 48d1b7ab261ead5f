// RangeScanner: scans one plain (undecoded) file on several threads at once. The file is
// cut into ranges of about equal size, several per thread, which the threads take in turn
// (so that a part of the log with more tokens than the rest does not leave a thread
// idle); each range is read with pread in blocks that carry
// Matcher::kContext bytes of context on both sides, exactly as StreamScanner cuts a
// stream, so a token that straddles two ranges is found once, by the range it starts in.
// Each range counts its own newlines; line numbers are fixed up with the counts of all
// earlier ranges before the hits are reported, so the result (hits, lines, offsets and
// order) is that of StreamScanner over the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "tools/sweep/match/matcher.h"
#include "tools/sweep/match/stream_scanner.h"

namespace warroom::sweep {

class RangeScanner {
 public:
  // `block` is the number of new bytes matched per read; each thread holds one buffer of
  // block + 2 * Matcher::kContext bytes, plus the hits of its range until all are done.
  explicit RangeScanner(const Matcher& matcher, size_t block = StreamScanner::kDefaultBlock);

  // Ranges per thread at most, and blocks per range at least.
  static constexpr unsigned kRangesPerThread = 32;
  static constexpr unsigned kMinRangeBlocks = 4;

  // Scans bytes [0, size) of the regular file `fd` (read with pread: the file offset is
  // neither used nor moved) on this thread and threads - 1 more. Calls
  // progress(n) from any of these threads, after each block, with the number of new
  // bytes; then, on this thread, on_hit for every hit in stream order. Bytes past `size`
  // (a log that grows meanwhile) are not scanned. If a read fails or the file turns out
  // shorter than `size`, the hits before that point are still reported (as StreamScanner
  // does for a decode error) and, for a failed read, the error is returned.
  Status Scan(int fd, uint64_t size, unsigned threads,
              const std::function<void(const StreamHit&)>& on_hit,
              const std::function<void(uint64_t)>& progress, StreamStats* stats) const;

 private:
  struct Found {
    RawHit raw;
    uint64_t newlines = 0;  // '\n' bytes between the start of the range and the hit
    size_t text = 0;        // offset of the matched bytes in RangeResult::text
  };
  struct RangeResult {
    std::vector<Found> hits;
    std::string text;       // matched bytes of all hits, back to back
    uint64_t newlines = 0;  // '\n' bytes in the part of the range scanned
    uint64_t end = 0;       // stream offset where scanning stopped (range end if complete)
    char last = '\n';       // the byte before `end`, if any was scanned
    Status status;
  };

  void ScanRange(int fd, uint64_t size, uint64_t begin, uint64_t end,
                 const std::function<void(uint64_t)>& progress, RangeResult* result) const;

  const Matcher& matcher_;
  size_t block_;
};

}  // namespace warroom::sweep
