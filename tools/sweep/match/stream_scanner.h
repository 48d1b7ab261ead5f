// StreamScanner: runs a Matcher over a ByteSource of any length with bounded memory.
// It reads blocks into one buffer that also carries Matcher::kContext bytes on each side
// of the range being scanned, so tokens that span blocks (or lines of any length) are
// matched exactly once, and it turns stream offsets into 1-based line numbers. With read
// ahead, a second thread decodes the next block while the current one is matched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "tools/sweep/input/byte_source.h"
#include "tools/sweep/input/read_ahead.h"
#include "tools/sweep/match/line_counter.h"
#include "tools/sweep/match/matcher.h"

namespace warroom::sweep {

struct StreamHit {
  uint64_t line = 0;    // 1-based
  uint64_t offset = 0;  // byte offset in the decoded stream
  uint32_t indicator = 0;
  std::string_view match;  // valid only during the callback
};

struct StreamStats {
  uint64_t bytes = 0;  // decoded bytes scanned
  uint64_t lines = 0;  // lines seen (a last line without '\n' counts)
};

class StreamScanner {
 public:
  static constexpr size_t kDefaultBlock = size_t{512} << 10;

  // `block` is the number of new bytes scanned per step; memory use is block plus
  // 2 * Matcher::kContext, whatever the input (twice that with `read_ahead`, which
  // decodes on a thread of its own: worth it when there are fewer files than cores).
  explicit StreamScanner(const Matcher& matcher, size_t block = kDefaultBlock,
                         bool read_ahead = false);

  // Scans `source` to its end, calling on_hit(const StreamHit&) for every hit in stream
  // order. If the source fails, the bytes decoded before the failure are still scanned
  // and their hits reported, then the error is returned. `progress(bytes)` is called
  // after each block with the number of new bytes.
  template <typename OnHit, typename Progress>
  Status Scan(ByteSource& source, OnHit&& on_hit, Progress&& progress, StreamStats* stats);

  size_t BufferCapacity() const { return buffer_.size(); }

 private:
  // Matches buf[0, len) and reports the hits in [own_begin, own_end); counts lines.
  template <typename OnHit, typename Progress>
  void ScanBlock(const char* buf, size_t len, size_t own_begin, size_t own_end, bool eof,
                 uint64_t buf_base, uint64_t* newlines, OnHit& on_hit, Progress& progress);
  template <typename OnHit, typename Progress>
  Status ScanReadAhead(ByteSource& source, OnHit& on_hit, Progress& progress, StreamStats* stats);

  const Matcher& matcher_;
  size_t block_;
  bool read_ahead_;
  std::vector<char> buffer_;
  std::vector<RawHit> hits_;
};

template <typename OnHit, typename Progress>
void StreamScanner::ScanBlock(const char* buf, size_t len, size_t own_begin, size_t own_end,
                              bool eof, uint64_t buf_base, uint64_t* newlines, OnHit& on_hit,
                              Progress& progress) {
  hits_.clear();
  matcher_.Scan(buf, len, own_begin, own_end, eof, buf_base, &hits_);
  size_t pos = own_begin;
  for (const RawHit& h : hits_) {
    const auto rel = static_cast<size_t>(h.offset - buf_base);
    *newlines += CountNewlines(buf + pos, rel - pos);
    pos = rel;
    on_hit(StreamHit{*newlines + 1, h.offset, h.indicator, std::string_view(buf + rel, h.length)});
  }
  *newlines += CountNewlines(buf + pos, own_end - pos);
  progress(static_cast<uint64_t>(own_end - own_begin));
}

template <typename OnHit, typename Progress>
Status StreamScanner::ScanReadAhead(ByteSource& source, OnHit& on_hit, Progress& progress,
                                    StreamStats* stats) {
  // The same cuts as Scan(): every buffer but the first starts with the 2 * kContext
  // bytes that ended the one before, copied into the room the reader leaves for them.
  constexpr size_t kCtx = Matcher::kContext;
  ReadAhead reader(source, buffer_.size(), 2 * kCtx);
  ReadAhead::Chunk prev;
  bool have_prev = false;
  uint64_t buf_base = 0;  // stream offset of buf[0]
  uint64_t newlines = 0;
  while (true) {
    ReadAhead::Chunk chunk = reader.Next();
    char* buf = chunk.data;
    const size_t len = chunk.size;
    size_t own_begin = 0;
    if (have_prev) {
      std::memcpy(buf, prev.data + prev.size - 2 * kCtx, 2 * kCtx);
      buf_base += prev.size - 2 * kCtx;
      reader.Release(prev);
      own_begin = kCtx;
    }
    const bool eof = chunk.end;
    const size_t own_end = eof ? len : len - kCtx;
    ScanBlock(buf, len, own_begin, own_end, eof, buf_base, &newlines, on_hit, progress);
    if (eof) {
      if (stats != nullptr) {
        stats->bytes = buf_base + len;
        stats->lines = newlines + ((len > 0 && buf[len - 1] != '\n') ? 1 : 0);
      }
      return chunk.status;
    }
    prev = chunk;
    have_prev = true;
  }
}

template <typename OnHit, typename Progress>
Status StreamScanner::Scan(ByteSource& source, OnHit&& on_hit, Progress&& progress,
                           StreamStats* stats) {
  if (read_ahead_) {
    return ScanReadAhead(source, on_hit, progress, stats);
  }
  constexpr size_t kCtx = Matcher::kContext;
  char* buf = buffer_.data();
  const size_t cap = buffer_.size();
  size_t len = 0;         // bytes in buf
  uint64_t buf_base = 0;  // stream offset of buf[0]
  size_t own_begin = 0;   // first byte of buf not yet scanned as owned
  uint64_t newlines = 0;  // '\n' bytes before buf[own_begin]
  bool eof = false;
  Status status;
  while (true) {
    while (!eof && len < cap) {
      auto n = source.Read(buf + len, cap - len);
      if (!n) {
        status = n.error();
        eof = true;
      } else if (*n == 0) {
        eof = true;
      } else {
        len += *n;
      }
    }
    const size_t own_end = eof ? len : len - kCtx;
    ScanBlock(buf, len, own_begin, own_end, eof, buf_base, &newlines, on_hit, progress);
    if (eof) {
      if (stats != nullptr) {
        stats->bytes = buf_base + len;
        stats->lines = newlines + ((len > 0 && buf[len - 1] != '\n') ? 1 : 0);
      }
      return status;
    }
    // Keep kContext bytes before the next owned range and kContext after it.
    const size_t keep_from = own_end - kCtx;
    std::memmove(buf, buf + keep_from, len - keep_from);
    len -= keep_from;
    buf_base += keep_from;
    own_begin = kCtx;
  }
}

}  // namespace warroom::sweep
