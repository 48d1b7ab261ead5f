#include "tools/sweep/cli/sweep_runner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "tools/sweep/input/file_hasher.h"
#include "tools/sweep/input/file_walker.h"
#include "tools/sweep/ioc/ioc_loader.h"
#include "tools/sweep/match/char_class.h"
#include "tools/sweep/match/range_scanner.h"

namespace warroom::sweep {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxIssuesShown = 20;
constexpr size_t kFlushBytes = size_t{1} << 20;

std::string HumanBytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.2f %s", bytes, units[u]);
  return buf;
}

int OpenForScan(const std::string& path) {
  // O_NOATIME keeps a sweep from changing the evidence; it needs ownership, so retry.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOATIME);
  if (fd < 0 && errno == EPERM) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  return fd;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Shared state of one sweep.
class Sweep {
 public:
  Sweep(const SweepOptions& options, const IocSet& set, std::FILE* out, std::FILE* err)
      : options_(options), set_(set), matcher_(set, options.kernel), out_(out), err_(err) {}

  int Run(SweepSummary* summary) {
    const auto start = Clock::now();
    WalkResult walk = WalkPaths(options_.paths);
    for (const WalkProblem& p : walk.problems) {
      Problem(p.path, p.message, false);
    }
    files_ = std::move(walk.files);

    unsigned threads =
        options_.threads != 0 ? options_.threads : std::thread::hardware_concurrency();
    threads = std::clamp<unsigned>(threads, 1, 64);
    // Files in parallel, one per thread. With fewer files than threads, a big plain file
    // is cut into ranges matched on threads / files threads, and a compressed one is
    // decoded on a second thread while it is matched (decoders are sequential).
    read_ahead_ = files_.size() < threads;
    if (read_ahead_ && !files_.empty()) {
      threads_per_file_ = threads / static_cast<unsigned>(files_.size());
    }
    threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(files_.size(), 1)));

    const bool show_progress = options_.progress && ::isatty(::fileno(err_)) != 0;
    std::thread progress;
    if (show_progress) {
      progress = std::thread([this, start] { ProgressLoop(start); });
    }

    std::vector<std::thread> workers;
    workers.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
      workers.emplace_back([this] { Work(); });
    }
    for (std::thread& t : workers) {
      t.join();
    }
    if (progress.joinable()) {
      {
        std::lock_guard<std::mutex> lock(progress_mu_);
        done_ = true;
      }
      progress_cv_.notify_all();
      progress.join();
      std::fputs("\r\033[K", err_);
    }
    std::fflush(out_);

    SweepSummary s;
    s.files = files_done_.load();
    s.bytes_read = bytes_read_.load();
    s.bytes_scanned = bytes_scanned_.load();
    s.hits = hits_.load();
    s.errors = errors_.load();
    s.bombs = bombs_.load();
    s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double mbps =
        s.seconds > 0 ? static_cast<double>(s.bytes_scanned) / 1e6 / s.seconds : 0.0;
    std::fprintf(
        err_,
        "warroom-sweep: %llu files, %s scanned (%s read), %llu hits, %llu errors"
        "%s, %.2f s, %.0f MB/s\n",
        static_cast<unsigned long long>(s.files),
        HumanBytes(static_cast<double>(s.bytes_scanned)).c_str(),
        HumanBytes(static_cast<double>(s.bytes_read)).c_str(),
        static_cast<unsigned long long>(s.hits), static_cast<unsigned long long>(s.errors),
        s.bombs != 0 ? (" (" + std::to_string(s.bombs) + " decompression limits)").c_str() : "",
        s.seconds, mbps);
    if (summary != nullptr) {
      *summary = s;
    }
    if (s.errors != 0) {
      return 2;
    }
    return s.hits != 0 ? 1 : 0;
  }

 private:
  void Problem(const std::string& path, const std::string& message, bool bomb) {
    ++errors_;
    if (bomb) {
      ++bombs_;
    }
    std::lock_guard<std::mutex> lock(out_mu_);
    std::fprintf(err_, "%swarroom-sweep: error: %s: %s\n",
                 options_.progress && ::isatty(::fileno(err_)) != 0 ? "\r\033[K" : "", path.c_str(),
                 message.c_str());
  }

  void Flush(std::string* buffer) {
    if (buffer->empty()) {
      return;
    }
    std::lock_guard<std::mutex> lock(out_mu_);
    std::fwrite(buffer->data(), 1, buffer->size(), out_);
    buffer->clear();
  }

  void Work() {
    StreamScanner scanner(matcher_, options_.block_size, read_ahead_);
    std::unique_ptr<FileHasher> hasher;
    if (options_.hash_files) {
      hasher = std::make_unique<FileHasher>();
    }
    std::string buffer;
    while (true) {
      const size_t index = next_file_.fetch_add(1);
      if (index >= files_.size()) {
        break;
      }
      ScanFile(files_[index].path, scanner, hasher.get(), &buffer);
      Flush(&buffer);
      ++files_done_;
    }
  }

  void EmitHit(std::string* buffer, const std::string& path, uint64_t line, uint64_t offset,
               uint32_t id, std::string_view match, HitSource source) {
    AppendHit(buffer, options_.format, HitRecord{path, line, offset, &set_.At(id), match, source});
    ++hits_;
    if (buffer->size() >= kFlushBytes) {
      Flush(buffer);
    }
  }

  void ScanFile(const std::string& path, StreamScanner& scanner, FileHasher* hasher,
                std::string* buffer) {
    // Standard input has no name to match and cannot be opened again; its descriptor is
    // duplicated because the reader closes what it reads.
    const bool from_stdin = path == kStandardInput;
    if (options_.match_names && !from_stdin) {
      MatchName(path, buffer);
    }
    const int fd = from_stdin ? ::fcntl(options_.stdin_fd, F_DUPFD_CLOEXEC, 0) : OpenForScan(path);
    if (fd < 0) {
      Problem(path, std::strerror(errno), false);
      return;
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    auto source = OpenDecoder(std::make_unique<FdReader>(fd, hasher), options_.limits);
    if (!source) {
      Problem(path, source.error().message, false);
      return;
    }
    StreamStats stats;
    auto on_hit = [&](const StreamHit& h) {
      EmitHit(buffer, path, h.line, h.offset, h.indicator, h.match, HitSource::kContent);
    };
    auto progress = [this](uint64_t n) { bytes_scanned_ += n; };
    Status status;
    struct stat st {};
    if (threads_per_file_ > 1 && hasher == nullptr && !from_stdin &&
        (*source)->SourceEncoding() == Encoding::kPlain && ::fstat(fd, &st) == 0 &&
        S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) >= options_.split_min_bytes) {
      // Plain bytes can be read anywhere: match ranges of the file in parallel. (With
      // --hash the digests need the bytes in order, so the file is streamed instead;
      // standard input is streamed from where it stands.)
      const RangeScanner ranges(matcher_, options_.block_size);
      status = ranges.Scan(fd, static_cast<uint64_t>(st.st_size), threads_per_file_, on_hit,
                           progress, &stats);
      bytes_read_ += stats.bytes;
    } else {
      status = scanner.Scan(**source, on_hit, progress, &stats);
      bytes_read_ += (*source)->RawBytes();
    }
    const bool complete = status.has_value();
    if (!complete) {
      Problem(path,
              std::string(EncodingName((*source)->SourceEncoding())) + ": " +
                  status.error().message + " (hits before this point are reported)",
              status.error().code == ErrorCode::kPreconditionFailed);
    }
    if (hasher != nullptr) {
      if (!complete && from_stdin) {
        hasher->Finish();  // the digests of a stream cut short would match nothing
        return;
      }
      if (!complete) {
        RehashWholeFile(path, hasher);
      }
      MatchDigests(path, hasher->Finish(), buffer);
    }
  }

  // The decoder stopped early, so the running digests miss the end of the file.
  void RehashWholeFile(const std::string& path, FileHasher* hasher) {
    hasher->Finish();
    const int fd = OpenForScan(path);
    if (fd < 0) {
      return;
    }
    FdReader reader(fd, hasher);
    std::vector<char> chunk(size_t{1} << 20);
    while (true) {
      auto n = reader.Read(chunk.data(), chunk.size());
      if (!n || *n == 0) {
        break;
      }
    }
  }

  void MatchDigests(const std::string& path, const FileDigests& d, std::string* buffer) {
    const StringTable& table = set_.Hashes();
    if (table.Empty()) {
      return;
    }
    for (const std::string* hex : {&d.md5, &d.sha1, &d.sha256}) {
      const uint32_t id = table.FindExact(IocSet::ForwardHash(*hex), *hex);
      if (id != StringTable::kNone) {
        EmitHit(buffer, path, 0, 0, id, *hex, HitSource::kFileHash);
      }
    }
  }

  void MatchName(const std::string& path, std::string* buffer) {
    const StringTable& table = set_.FileNames();
    if (table.Empty()) {
      return;
    }
    const std::string_view base = BaseName(path);
    std::string lower(base);
    for (char& c : lower) {
      c = ToLower(c);
    }
    const uint32_t id = table.FindExact(IocSet::ReverseHash(lower), lower);
    if (id != StringTable::kNone) {
      EmitHit(buffer, path, 0, 0, id, base, HitSource::kFileName);
    }
  }

  void ProgressLoop(Clock::time_point start) {
    std::unique_lock<std::mutex> lock(progress_mu_);
    while (!progress_cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
      const double secs = std::chrono::duration<double>(Clock::now() - start).count();
      const auto scanned = static_cast<double>(bytes_scanned_.load());
      std::lock_guard<std::mutex> out_lock(out_mu_);
      std::fprintf(err_, "\r\033[Kscanning: %llu/%zu files, %s, %.0f MB/s, %llu hits",
                   static_cast<unsigned long long>(files_done_.load()), files_.size(),
                   HumanBytes(scanned).c_str(), secs > 0 ? scanned / 1e6 / secs : 0.0,
                   static_cast<unsigned long long>(hits_.load()));
      std::fflush(err_);
    }
  }

  const SweepOptions& options_;
  const IocSet& set_;
  Matcher matcher_;
  std::FILE* out_;
  std::FILE* err_;
  std::vector<WalkedFile> files_;
  bool read_ahead_ = false;        // set before the workers start
  unsigned threads_per_file_ = 1;  // likewise
  std::atomic<size_t> next_file_{0};
  std::atomic<uint64_t> files_done_{0};
  std::atomic<uint64_t> bytes_read_{0};
  std::atomic<uint64_t> bytes_scanned_{0};
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> errors_{0};
  std::atomic<uint64_t> bombs_{0};
  std::mutex out_mu_;  // guards writes to out_ and err_
  std::mutex progress_mu_;
  std::condition_variable progress_cv_;
  bool done_ = false;  // guarded by progress_mu_
};

}  // namespace

Status LoadIocs(const std::vector<std::string>& files, IocSet* set, std::FILE* err,
                SkippedEntries skipped) {
  const auto start = Clock::now();
  LoadReport report;
  for (const std::string& file : files) {
    const size_t before = report.added;
    WR_RETURN_IF_ERROR(LoadIocPath(file, set, &report));
    std::fprintf(err, "warroom-sweep: %s: %zu indicators\n", file.c_str(), report.added - before);
  }
  const size_t shown = skipped == SkippedEntries::kPrint ? kMaxIssuesShown : 0;
  for (size_t i = 0; i < report.issues.size() && i < shown; ++i) {
    const LoadIssue& issue = report.issues[i];
    std::fprintf(err, "warroom-sweep: skipped %s: %s: %s\n", issue.source.c_str(),
                 issue.where.c_str(), issue.message.c_str());
  }
  if (shown != 0 && report.issues.size() > shown) {
    std::fprintf(err, "warroom-sweep: ... and %zu more skipped entries\n",
                 report.issues.size() - shown);
  }
  set->Finalize();
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::string counts;
  for (size_t t = 0; t < kIocTypeCount; ++t) {
    const auto type = static_cast<IocType>(t);
    if (!counts.empty()) {
      counts += ", ";
    }
    counts += std::to_string(set->Count(type)) + " " + IocTypeName(type);
  }
  std::fprintf(err,
               "warroom-sweep: loaded %zu indicators (%s; %zu CIDR) in %.2f s; %zu skipped, "
               "%zu duplicates, %zu not for detection (to_ids off)\n",
               set->Size(), counts.c_str(), set->CidrCount(), secs, report.issues.size(),
               report.duplicates, report.not_for_detection);
  if (set->Size() == 0) {
    return Error::InvalidArgument("no usable indicators loaded");
  }
  return Ok();
}

int RunSweep(const SweepOptions& options, const IocSet& set, std::FILE* out, std::FILE* err,
             SweepSummary* summary) {
  Sweep sweep(options, set, out, err);
  return sweep.Run(summary);
}

}  // namespace warroom::sweep
