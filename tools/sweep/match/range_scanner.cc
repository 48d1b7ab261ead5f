#include "tools/sweep/match/range_scanner.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "tools/sweep/match/line_counter.h"

namespace warroom::sweep {
namespace {

// Reads up to `len` bytes at `offset`; fewer only at the end of the file.
Result<size_t> ReadAt(int fd, char* dst, size_t len, uint64_t offset) {
  size_t got = 0;
  while (got < len) {
    const ssize_t n = ::pread(fd, dst + got, len - got, static_cast<off_t>(offset + got));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return Error::Unavailable(std::string("read: ") + std::strerror(errno));
    }
    if (n == 0) {
      break;
    }
    got += static_cast<size_t>(n);
  }
  return got;
}

}  // namespace

RangeScanner::RangeScanner(const Matcher& matcher, size_t block)
    : matcher_(matcher), block_(std::max<size_t>(block, 1)) {}

void RangeScanner::ScanRange(int fd, uint64_t size, uint64_t begin, uint64_t end,
                             const std::function<void(uint64_t)>& progress,
                             RangeResult* result) const {
  constexpr size_t kCtx = Matcher::kContext;
  std::vector<char> buffer(block_ + 2 * kCtx);
  std::vector<RawHit> raw;
  result->end = begin;
  for (uint64_t own = begin; own < end;) {
    const uint64_t own_end = std::min<uint64_t>(end, own + block_);
    // The same window as a StreamScanner block: kContext bytes on each side, so the hits
    // starting in [own, own_end) do not depend on where the cuts are.
    const uint64_t win = own >= kCtx ? own - kCtx : 0;
    const uint64_t win_end = std::min<uint64_t>(size, own_end + kCtx);
    auto got = ReadAt(fd, buffer.data(), static_cast<size_t>(win_end - win), win);
    if (!got) {
      result->status = got.error();
      return;
    }
    const size_t len = *got;
    // A file that shrank ends where the read stopped, as a stream would.
    const bool at_end = win + len < win_end || win_end == size;
    const size_t rel_begin = static_cast<size_t>(own - win);
    if (len < rel_begin) {
      return;  // nothing left to own
    }
    const size_t rel_end = std::min(len, static_cast<size_t>(own_end - win));
    raw.clear();
    matcher_.Scan(buffer.data(), len, rel_begin, rel_end, at_end, win, &raw);
    size_t pos = rel_begin;
    for (const RawHit& h : raw) {
      const auto rel = static_cast<size_t>(h.offset - win);
      result->newlines += CountNewlines(buffer.data() + pos, rel - pos);
      pos = rel;
      result->hits.push_back(Found{h, result->newlines, result->text.size()});
      result->text.append(buffer.data() + rel, h.length);
    }
    result->newlines += CountNewlines(buffer.data() + pos, rel_end - pos);
    if (rel_end > rel_begin) {
      result->last = buffer[rel_end - 1];
    }
    result->end = win + rel_end;
    progress(static_cast<uint64_t>(rel_end - rel_begin));
    if (win + rel_end < own_end) {
      return;  // the file is shorter than `size`
    }
    own = own_end;
  }
}

Status RangeScanner::Scan(int fd, uint64_t size, unsigned threads,
                          const std::function<void(const StreamHit&)>& on_hit,
                          const std::function<void(uint64_t)>& progress, StreamStats* stats) const {
  threads = std::max(1u, threads);
  // More ranges than threads, taken in turn: the parts of a log differ in how many
  // tokens they hold, so with one range per thread the thread with the lighter half
  // would wait for the other. A range holds at least kMinRangeBlocks blocks.
  const uint64_t by_size = std::max<uint64_t>(1, size / (uint64_t{kMinRangeBlocks} * block_));
  const auto ranges = static_cast<unsigned>(
      threads == 1 ? 1
                   : std::clamp<uint64_t>(by_size, threads, uint64_t{threads} * kRangesPerThread));
  std::vector<RangeResult> results(ranges);
  std::vector<uint64_t> cuts(ranges + 1);
  for (unsigned r = 0; r <= ranges; ++r) {
    cuts[r] = size / ranges * r + std::min<uint64_t>(r, size % ranges);
  }
  {
    std::atomic<unsigned> next{0};
    auto work = [&] {
      for (unsigned r = next++; r < ranges; r = next++) {
        ScanRange(fd, size, cuts[r], cuts[r + 1], progress, &results[r]);
      }
    };
    std::vector<std::thread> helpers;
    helpers.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) {
      helpers.emplace_back(work);
    }
    work();
    for (std::thread& t : helpers) {
      t.join();
    }
  }
  // Report in stream order; stop after the first range that did not reach its end, as a
  // stream stops at its first error.
  uint64_t newlines = 0;  // in all earlier ranges
  uint64_t end = 0;
  char last = '\n';
  Status status;
  for (unsigned r = 0; r < ranges; ++r) {
    const RangeResult& res = results[r];
    for (const Found& f : res.hits) {
      on_hit(StreamHit{newlines + f.newlines + 1, f.raw.offset, f.raw.indicator,
                       std::string_view(res.text).substr(f.text, f.raw.length)});
    }
    newlines += res.newlines;
    if (res.end > cuts[r]) {
      end = res.end;
      last = res.last;
    }
    if (!res.status) {
      status = res.status;
      break;
    }
    if (res.end < cuts[r + 1]) {
      break;
    }
  }
  if (stats != nullptr) {
    stats->bytes = end;
    stats->lines = newlines + (end > 0 && last != '\n' ? 1 : 0);
  }
  return status;
}

}  // namespace warroom::sweep
