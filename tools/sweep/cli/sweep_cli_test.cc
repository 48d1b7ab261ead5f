#include "tools/sweep/cli/sweep_cli.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "tools/sweep/testing/temp_dir.h"

namespace warroom::sweep {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "warroom-sweep");
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  char* out_buf = nullptr;
  size_t out_size = 0;
  char* err_buf = nullptr;
  size_t err_size = 0;
  std::FILE* out = open_memstream(&out_buf, &out_size);
  std::FILE* err = open_memstream(&err_buf, &err_size);
  Outcome o;
  o.code = SweepMain(static_cast<int>(argv.size()), argv.data(), out, err);
  std::fclose(out);
  std::fclose(err);
  o.out.assign(out_buf, out_size);
  o.err.assign(err_buf, err_size);
  std::free(out_buf);
  std::free(err_buf);
  return o;
}

TEST(SweepCliTest, HelpDocumentsTheContract) {
  Outcome o = RunCli({"--help"});
  EXPECT_EQ(o.code, 0);
  for (const char* needle : {"--iocs", "--format", "--hash", "--names", "--max-ratio", "--max-size",
                             "STIX 2.1", "MISP", "CSV", "defanged", "10.0.0.1.5", "evil.com.au",
                             "EXIT STATUS", "jsonl", "offset", "- reads standard input"}) {
    EXPECT_NE(o.out.find(needle), std::string::npos) << needle;
  }
}

// The options --help lists; OptionsInTheHelpDoWhatTheySay exercises each of them.
const std::set<std::string> kTestedOptions = {
    "--help",      "--iocs",     "--format", "--hash",        "--names", "--threads",
    "--max-ratio", "--max-size", "--kernel", "--no-progress", "--quiet"};

TEST(SweepCliTest, HelpListsOnlyOptionsThatWork) {
  const std::string help = RunCli({"--help"}).out;
  const std::string options = help.substr(0, help.find("INDICATOR FILES"));
  std::set<std::string> listed;
  for (size_t at = options.find("--"); at != std::string::npos; at = options.find("--", at)) {
    size_t end = at + 2;
    while (end < options.size() &&
           (std::islower(static_cast<unsigned char>(options[end])) || options[end] == '-')) {
      ++end;
    }
    if (end > at + 2) listed.insert(options.substr(at, end - at));
    at = end;
  }
  EXPECT_EQ(listed, kTestedOptions);
  for (const char* unbuilt : {"--server", "--token", "--report", "C5", "not available"}) {
    EXPECT_EQ(help.find(unbuilt), std::string::npos) << unbuilt;
  }
  EXPECT_EQ(RunCli({"--server", "https://warroom.example", "--iocs", "x", "/var/log"}).code, 2);
}

std::string Md5Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    char b[3];
    std::snprintf(b, sizeof(b), "%02x", digest[i]);
    hex += b;
  }
  return hex;
}

TEST(SweepCliTest, OptionsInTheHelpDoWhatTheySay) {
  testing::TempDir dir;
  const std::string payload = "payload without indicators\n";
  testing::WriteFile(dir / "iocs.txt", "evil.com\nstage2.exe\n" + Md5Hex(payload) + "\n");
  testing::WriteFile(dir / "logs/a.log", "GET http://sub.evil.com/ 200\n");
  testing::WriteFile(dir / "share/stage2.exe", "nothing\n");
  testing::WriteFile(dir / "share/data.bin", payload);
  testing::WriteFile(dir / "bomb.gz", testing::Gzip(std::string(size_t{17} << 20, 'A')));
  const std::string iocs = dir / "iocs.txt";

  Outcome plain = RunCli({"--iocs", iocs, "--no-progress", dir / "logs"});
  EXPECT_EQ(plain.code, 1);
  EXPECT_EQ(plain.out.rfind('{', 0), 0u) << plain.out;
  Outcome text = RunCli({"--iocs", iocs, "--format", "text", dir / "logs"});
  EXPECT_EQ(text.code, 1);
  EXPECT_NE(text.out, plain.out);
  EXPECT_NE(text.out.find("sub.evil.com"), std::string::npos) << text.out;

  EXPECT_EQ(RunCli({"--iocs", iocs, dir / "share"}).code, 0);
  Outcome hashed = RunCli({"--iocs", iocs, "--hash", dir / "share"});
  EXPECT_EQ(hashed.code, 1);
  EXPECT_NE(hashed.out.find("\"source\":\"file-hash\""), std::string::npos) << hashed.out;
  Outcome named = RunCli({"--iocs", iocs, "--names", dir / "share"});
  EXPECT_EQ(named.code, 1);
  EXPECT_NE(named.out.find("\"source\":\"file-name\""), std::string::npos) << named.out;

  for (const char* kernel : {"scalar", "auto"}) {
    Outcome k = RunCli({"--iocs", iocs, "--kernel", kernel, "-j", "1", dir / "logs"});
    EXPECT_EQ(k.code, 1) << kernel;
    EXPECT_EQ(k.out, plain.out) << kernel;
  }
  EXPECT_EQ(RunCli({"--iocs", iocs, "--threads", "65", dir / "logs"}).code, 2);

  // 17 MiB of one letter: a ratio above the default limit of 1000, far below 100000.
  Outcome bomb = RunCli({"--iocs", iocs, dir / "bomb.gz"});
  EXPECT_EQ(bomb.code, 2);
  EXPECT_NE(bomb.err.find("decompression limits"), std::string::npos) << bomb.err;
  EXPECT_EQ(RunCli({"--iocs", iocs, "--max-ratio", "100000", dir / "bomb.gz"}).code, 0);
  EXPECT_EQ(
      RunCli({"--iocs", iocs, "--max-ratio", "100000", "--max-size", "1MB", dir / "bomb.gz"}).code,
      2);
}

TEST(SweepCliTest, QuietCountsSkippedEntriesWithoutAWarningEach) {
  testing::TempDir dir;
  testing::WriteFile(dir / "iocs.txt", "evil.com\nnonsense here\nmore nonsense\n");
  testing::WriteFile(dir / "logs/x.log", "sub.evil.com\n");
  Outcome loud = RunCli({"--iocs", dir / "iocs.txt", dir / "logs"});
  EXPECT_EQ(loud.code, 1);
  EXPECT_NE(loud.err.find("line 2"), std::string::npos) << loud.err;
  for (const char* flag : {"-q", "--quiet"}) {
    Outcome quiet = RunCli({flag, "--iocs", dir / "iocs.txt", dir / "logs"});
    EXPECT_EQ(quiet.code, 1);
    EXPECT_EQ(quiet.out, loud.out);
    EXPECT_EQ(quiet.err.find("skipped " + dir / "iocs.txt"), std::string::npos) << quiet.err;
    EXPECT_EQ(quiet.err.find("line 2"), std::string::npos) << quiet.err;
    EXPECT_NE(quiet.err.find("2 skipped"), std::string::npos) << quiet.err;
    EXPECT_NE(quiet.err.find("1 files"), std::string::npos) << quiet.err;  // the scan summary
  }
}

// Puts `data` behind file descriptor 0 for the life of the object (through a pipe).
class StdinFrom {
 public:
  explicit StdinFrom(const std::string& data) : saved_(::dup(0)) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    EXPECT_EQ(::write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
    ::close(fds[1]);
    ::dup2(fds[0], 0);
    ::close(fds[0]);
  }
  ~StdinFrom() {
    ::dup2(saved_, 0);
    ::close(saved_);
  }
  StdinFrom(const StdinFrom&) = delete;
  StdinFrom& operator=(const StdinFrom&) = delete;

 private:
  int saved_;
};

TEST(SweepCliTest, DashReadsStandardInputPlainOrCompressed) {
  testing::TempDir dir;
  testing::WriteFile(dir / "iocs.txt", "evil.com\n");
  testing::WriteFile(dir / "logs/x.log", "evil.com\n");
  for (const std::string& input : {std::string("first\nGET http://sub.evil.com/ 200\n"),
                                   testing::Gzip("first\nGET http://sub.evil.com/ 200\n")}) {
    StdinFrom in(input);
    Outcome o = RunCli({"--iocs", dir / "iocs.txt", "-", dir / "logs", "-"});
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_NE(o.out.find("{\"file\":\"-\",\"line\":2,"), std::string::npos) << o.out;
    EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 2) << o.out;  // "-" read once
    EXPECT_NE(o.err.find("2 files"), std::string::npos) << o.err;
    EXPECT_GE(::fcntl(0, F_GETFD), 0);  // the sweep left the process's standard input open
  }
}

TEST(SweepCliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunCli({"/var/log"}).code, 2);         // no --iocs
  EXPECT_EQ(RunCli({"--iocs", "x.txt"}).code, 2);  // no path
  EXPECT_EQ(RunCli({"--format", "xml", "--iocs", "x", "p"}).code, 2);
  EXPECT_EQ(RunCli({"--iocs", "/nonexistent/iocs.txt", "/tmp"}).code, 2);
}

TEST(SweepCliTest, EndToEndWithRepeatedIocsAndCountsOnStderr) {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "evil[.]com\nnonsense here\n");
  testing::WriteFile(dir / "b.csv", "type,value\nipv4,10.0.0.1\n");
  testing::WriteFile(dir / "logs/x.log", "10.0.0.1 sub.evil.com\n");
  Outcome o =
      RunCli({"--iocs", dir / "a.txt", "--iocs", dir / "b.csv", "--no-progress", dir / "logs"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 2);
  EXPECT_NE(o.err.find("loaded 2 indicators (1 ipv4, 0 ipv6, 1 domain"), std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("line 2"), std::string::npos);
}

}  // namespace
}  // namespace warroom::sweep
