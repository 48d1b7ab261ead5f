// The sweep itself: loads the IoC files, walks the paths, scans the files on a small
// pool of threads (one file per thread at a time; with fewer files than threads, a big
// plain file is matched in ranges on several threads and a compressed one is decoded on
// a second thread while it is matched; each file's hits are written together and in
// order), and prints the summary.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "tools/sweep/cli/hit_writer.h"
#include "tools/sweep/input/byte_source.h"
#include "tools/sweep/ioc/ioc_set.h"
#include "tools/sweep/match/stream_scanner.h"

namespace warroom::sweep {

struct SweepOptions {
  std::vector<std::string> paths;
  std::vector<std::string> ioc_files;
  OutputFormat format = OutputFormat::kJsonl;
  bool hash_files = false;   // --hash
  bool match_names = false;  // --names
  unsigned threads = 0;      // 0: one per core
  DecodeLimits limits;
  bool progress = true;  // shown only when stderr is a terminal
  // What the path "-" (kStandardInput) reads; the sweep reads a duplicate and leaves
  // this descriptor open.
  int stdin_fd = 0;
  size_t block_size = StreamScanner::kDefaultBlock;
  // With fewer files than threads, plain files of at least this size are cut into ranges
  // matched in parallel (RangeScanner).
  uint64_t split_min_bytes = uint64_t{4} << 20;
  ScanKernel kernel = BestKernel();  // --kernel; must be supported
};

struct SweepSummary {
  uint64_t files = 0;
  uint64_t bytes_read = 0;     // bytes read from disk
  uint64_t bytes_scanned = 0;  // decoded bytes scanned
  uint64_t hits = 0;
  uint64_t errors = 0;
  uint64_t bombs = 0;  // files stopped by a decompression limit
  double seconds = 0;
};

// Whether LoadIocs prints each skipped entry (with its line) or only counts it.
enum class SkippedEntries : uint8_t { kPrint, kCountOnly };

// Loads every IoC file into `set` and finalises it, printing per-file results, skipped
// entries (unless `skipped` is kCountOnly) and the summary with the count per type and
// the number of skipped entries to `err`. Fails when a file cannot be read or parsed
// as a whole, or when no usable indicator is left.
Status LoadIocs(const std::vector<std::string>& files, IocSet* set, std::FILE* err,
                SkippedEntries skipped = SkippedEntries::kPrint);

// Scans the paths with an already loaded set. Hits go to `out`, problems and the summary
// to `err`. Returns the exit status: 0 nothing found, 1 hits, 2 errors (hits are still
// printed).
int RunSweep(const SweepOptions& options, const IocSet& set, std::FILE* out, std::FILE* err,
             SweepSummary* summary);

}  // namespace warroom::sweep
