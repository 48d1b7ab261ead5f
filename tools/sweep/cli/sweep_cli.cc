#include "tools/sweep/cli/sweep_cli.h"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "tools/sweep/cli/sweep_runner.h"

namespace warroom::sweep {
namespace {

constexpr const char* kDescription =
    "warroom-sweep: find the war room's indicators of compromise (IoCs) in your own logs.\n"
    "Scans files and folders (recursively) - plain text, gzip and zstd, recognised by content -\n"
    "and prints every hit with exact token boundaries.";

constexpr const char* kFooter = R"(
INDICATOR FILES (--iocs, repeatable)
  plain list   one indicator per line, type detected; '#' comments; defanged forms such as
               evil[.]com, hxxp://, user[@]evil.test are accepted
  CSV / TSV    a header with "type" and "value" columns ("to_ids" honoured if present);
               types: ip ip-src ip-dst ipv4 ipv6 cidr domain hostname url md5 sha1 sha256
               hash email email-src email-dst filename, and MISP composites (filename|sha256)
  STIX 2.1     a bundle; indicator patterns with = / IN (and ISSUBSET for IP networks) on
               ipv4-addr, ipv6-addr, domain-name, url, email-addr, email-message:from_ref,
               file:hashes.MD5/'SHA-1'/'SHA-256' and file:name
  MISP         an event JSON ({"Event":...}), a list or API response of events, or a feed
               folder (manifest.json + <uuid>.json); only attributes with to_ids are used
  Entries that cannot be used are reported with their line and skipped (-q: only
  counted); the number of indicators per type and of skipped entries is printed on stderr.

MATCHING RULES (exact; what grep -w and friends get wrong)
  IPv4      the dotted quad, not preceded by a letter, digit or dot, not followed by a letter
            or digit or by a dot and a digit: 10.0.0.1:443, [10.0.0.1], "10.0.0.1." match;
            10.0.0.12, 110.0.0.1, 10.0.0.1.5, 1.10.0.0.1 do not. CIDR (10.1.2.0/24) matches
            every address inside.
  IPv6      canonical form, any case (2001:db8::1 = 2001:DB8:0:0:0:0:0:1), not adjacent to a
            hex digit or colon
  domain    any case; the domain or any subdomain (sub.EVIL.com, evil.com.), not notevil.com,
            my-evil.com, evil.com.au, evil.community, evil.com-cdn.com
  URL       the whole URL (scheme and host in any case), not preceded by a letter or digit,
            followed by the end of the URL (space, quote, bracket, end of line) or ? or #
  hashes    MD5, SHA-1, SHA-256, any case, not adjacent to a letter or digit
  e-mail    any case, the whole address (not xuser@evil.test, a.user@evil.test,
            user@evil.test.au)
  file name any case, after a path separator, quote, '=', blank or line start, and not
            followed by a letter, digit, '.', '_' or '-' (evil.exe: not my-evil.exe,
            evil.exe.bak)

OUTPUT
  jsonl (default): one object per hit on stdout with file, line (1-based), offset (byte
  offset in the decompressed stream), indicator (as given), type, match (the text as it
  appears) and source (content, file-hash or file-name). A summary (files, bytes, hits,
  errors, seconds, MB/s) goes to stderr, with a progress line when stderr is a terminal.
  The PATH - reads standard input (plain, gzip or zstd) and is reported as file "-".

EXIT STATUS
  0 nothing found, 1 hits found, 2 error (unreadable or corrupt files, decompression
  limits, symlink loops, bad IoC files); hits found are printed in every case.

EXAMPLES
  warroom-sweep --iocs play.stix.json /var/log
  warroom-sweep --iocs iocs.csv --iocs misp-feed/ --format text /srv/logs /mnt/share
  warroom-sweep --iocs hashes.txt --hash --names /mnt/fileshare
  journalctl -o cat | warroom-sweep --iocs play.stix.json -
)";

}  // namespace

int SweepMain(int argc, char** argv, std::FILE* out, std::FILE* err) {
  CLI::App app(kDescription, "warroom-sweep");
  app.footer(kFooter);
  app.get_formatter()->column_width(34);

  SweepOptions options;
  std::string format = "jsonl";
  bool no_progress = false;
  bool quiet = false;
  uint64_t max_size = options.limits.max_output;
  std::string kernel = "auto";

  app.add_option("PATH", options.paths,
                 "Files and folders to scan (folders recursively); - reads standard input");
  app.add_option("--iocs", options.ioc_files,
                 "Indicator file or MISP feed folder (repeatable): list, CSV/TSV, STIX 2.1, MISP")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_option("--format", format, "Output: jsonl (default) or text")
      ->check(CLI::IsMember({"jsonl", "text"}));
  app.add_flag("--hash", options.hash_files,
               "Also hash each file (MD5, SHA-1, SHA-256) against the hash indicators");
  app.add_flag("--names", options.match_names,
               "Also match file-name indicators against the names of the files walked");
  app.add_option("-j,--threads", options.threads, "Files scanned in parallel (default: cores)")
      ->check(CLI::Range(0u, 64u));
  app.add_option("--max-ratio", options.limits.max_ratio,
                 "Decompression bomb limit: decoded/compressed ratio (default 1000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-size", max_size,
                 "Decompression bomb limit: decoded bytes per file, e.g. 50GB (default 100 GiB)")
      ->transform(CLI::AsSizeValue(false));
  app.add_option("--kernel", kernel,
                 "Matching kernel: auto (default), avx2, sse2 or scalar; all find the same hits")
      ->check(CLI::IsMember({"auto", "avx2", "sse2", "scalar"}));
  app.add_flag("--no-progress", no_progress, "No progress line on a terminal");
  app.add_flag("-q,--quiet", quiet,
               "No warning per skipped indicator entry (still counted in the summary)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints help and errors to the streams it is given.
    const int code = e.get_exit_code();
    if (code == 0) {
      std::fputs(app.help().c_str(), out);
      return 0;
    }
    std::fprintf(err, "warroom-sweep: %s\nRun with --help for usage.\n", e.what());
    return 2;
  }

  if (options.ioc_files.empty()) {
    std::fprintf(err, "warroom-sweep: no indicators: give --iocs FILE (see --help)\n");
    return 2;
  }
  if (options.paths.empty()) {
    std::fprintf(err, "warroom-sweep: nothing to scan: give one or more PATHs (see --help)\n");
    return 2;
  }
  options.format = format == "text" ? OutputFormat::kText : OutputFormat::kJsonl;
  options.progress = !no_progress;
  options.limits.max_output = max_size;
  if (kernel != "auto") {
    options.kernel = kernel == "avx2"   ? ScanKernel::kAvx2
                     : kernel == "sse2" ? ScanKernel::kSse2
                                        : ScanKernel::kScalar;
    if (!KernelSupported(options.kernel)) {
      std::fprintf(err, "warroom-sweep: this CPU cannot run the %s kernel\n", kernel.c_str());
      return 2;
    }
  }

  IocSet set;
  const Status loaded = LoadIocs(options.ioc_files, &set, err,
                                 quiet ? SkippedEntries::kCountOnly : SkippedEntries::kPrint);
  if (!loaded) {
    std::fprintf(err, "warroom-sweep: %s\n", loaded.error().message.c_str());
    return 2;
  }
  return RunSweep(options, set, out, err, nullptr);
}

}  // namespace warroom::sweep
