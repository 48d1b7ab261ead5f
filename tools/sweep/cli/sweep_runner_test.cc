#include "tools/sweep/cli/sweep_runner.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "tools/sweep/testing/temp_dir.h"

namespace warroom::sweep {
namespace {

// Captures a FILE* into a string (glibc open_memstream).
class Capture {
 public:
  Capture() : file_(open_memstream(&buf_, &size_)) {}
  ~Capture() {
    if (file_ != nullptr) {
      std::fclose(file_);
    }
    std::free(buf_);
  }
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  std::FILE* File() { return file_; }
  std::string Str() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

size_t CountLines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

class SweepRunnerTest : public ::testing::Test {
 protected:
  int Run(SweepOptions options) {
    IocSet set;
    Capture load_err;
    EXPECT_TRUE(LoadIocs({dir_ / "iocs.txt"}, &set, load_err.File()));
    options.progress = false;
    Capture out;
    Capture err;
    const int code = RunSweep(options, set, out.File(), err.File(), &summary_);
    out_ = out.Str();
    err_ = err.Str();
    return code;
  }

  testing::TempDir dir_;
  SweepSummary summary_;
  std::string out_;
  std::string err_;
};

TEST_F(SweepRunnerTest, ExitStatusNothingFoundHitsAndErrors) {
  testing::WriteFile(dir_ / "iocs.txt", "10.0.0.1\nevil.com\n");
  testing::WriteFile(dir_ / "clean/a.log", "10.0.0.12 notevil.com\n");
  SweepOptions o;
  o.paths = {dir_ / "clean"};
  EXPECT_EQ(Run(o), 0);
  EXPECT_TRUE(out_.empty());
  EXPECT_NE(err_.find("1 files"), std::string::npos);

  testing::WriteFile(dir_ / "dirty/a.log", "x\nfrom 10.0.0.1:443\n");
  o.paths = {dir_ / "dirty"};
  EXPECT_EQ(Run(o), 1);
  EXPECT_EQ(out_, "{\"file\":\"" + (dir_ / "dirty/a.log") +
                      "\",\"line\":2,\"offset\":7,\"indicator\":\"10.0.0.1\",\"type\":\"ipv4\","
                      "\"match\":\"10.0.0.1\",\"source\":\"content\"}\n");

  o.paths = {dir_ / "dirty", dir_ / "missing"};
  EXPECT_EQ(Run(o), 2);
  EXPECT_EQ(CountLines(out_), 1u);  // hits are still printed
  EXPECT_NE(err_.find("missing"), std::string::npos);
}

TEST_F(SweepRunnerTest, CompressedByContentAndCorruptFilesDoNotStopTheScan) {
  testing::WriteFile(dir_ / "iocs.txt", "evil.com\n");
  const std::string log = "GET http://sub.evil.com/ 200\n";
  testing::WriteFile(dir_ / "logs/a.gz", testing::Gzip(log));
  testing::WriteFile(dir_ / "logs/b.log", testing::Zstd(log));  // zstd without .zst
  testing::WriteFile(dir_ / "logs/c.log.1", testing::Gzip(log) + testing::Gzip(log));
  const std::string gz = testing::Gzip(std::string(100000, 'x') + log);
  testing::WriteFile(dir_ / "logs/d.gz", gz.substr(0, gz.size() - 30));
  testing::WriteFile(dir_ / "logs/e.zst", "\x28\xb5\x2f\xfd garbage");
  testing::WriteFile(dir_ / "logs/f.log", log);
  SweepOptions o;
  o.paths = {dir_ / "logs"};
  o.threads = 2;
  EXPECT_EQ(Run(o), 2);
  EXPECT_EQ(summary_.files, 6u);
  EXPECT_EQ(summary_.errors, 2u);
  EXPECT_EQ(summary_.hits, 5u);
  EXPECT_NE(err_.find("d.gz: gzip: truncated"), std::string::npos) << err_;
  EXPECT_NE(err_.find("e.zst: zstd: corrupt"), std::string::npos) << err_;
}

TEST_F(SweepRunnerTest, DecompressionBombIsReported) {
  testing::WriteFile(dir_ / "iocs.txt", "evil.com\n");
  testing::WriteFile(dir_ / "bomb.gz", testing::Gzip(std::string(size_t{64} << 20, 'A')));
  SweepOptions o;
  o.paths = {dir_ / "bomb.gz"};
  o.limits.max_ratio = 100;
  EXPECT_EQ(Run(o), 2);
  EXPECT_EQ(summary_.bombs, 1u);
  EXPECT_NE(err_.find("decompression bomb"), std::string::npos);
}

TEST_F(SweepRunnerTest, ManySmallFilesInDeterministicPerFileOrder) {
  // The 100,000-file case, scaled down for the unit test (the benchmark runs the real one).
  testing::WriteFile(dir_ / "iocs.txt", "10.0.0.1\n");
  for (int i = 0; i < 2000; ++i) {
    testing::WriteFile(dir_ / ("many/" + std::to_string(i % 20) + "/f" + std::to_string(i)),
                       i % 100 == 0 ? "10.0.0.1\nok\n10.0.0.1\n" : "nothing here\n");
  }
  SweepOptions o;
  o.paths = {dir_ / "many"};
  o.threads = 2;
  EXPECT_EQ(Run(o), 1);
  EXPECT_EQ(summary_.files, 2000u);
  EXPECT_EQ(summary_.hits, 40u);
  // The two hits of each file are adjacent and in line order.
  std::istringstream lines(out_);
  std::string first;
  std::string second;
  while (std::getline(lines, first) && std::getline(lines, second)) {
    EXPECT_NE(first.find("\"line\":1,"), std::string::npos);
    EXPECT_NE(second.find("\"line\":3,"), std::string::npos);
    EXPECT_EQ(first.substr(0, first.find(",\"line\"")), second.substr(0, second.find(",\"line\"")));
  }
}

// One plain file and more threads than files: the file is matched in ranges on several
// threads, with the same output (hits, lines, offsets, order) as one thread.
TEST_F(SweepRunnerTest, OneBigFileInRangesGivesTheSingleThreadOutput) {
  testing::WriteFile(dir_ / "iocs.txt", "10.0.0.1\nevil.com\n");
  std::string log;
  size_t planted = 0;
  for (int i = 0; i < 20000; ++i) {
    planted += i % 7 == 0 || i % 5 == 0 ? 1 : 0;
    log += i % 7 == 0 ? "q www.evil.com\n" : (i % 5 == 0 ? "conn 10.0.0.1:80\n" : "10.0.0.12 ok\n");
  }
  testing::WriteFile(dir_ / "big.log", log);
  SweepOptions o;
  o.paths = {dir_ / "big.log"};
  o.threads = 1;
  EXPECT_EQ(Run(o), 1);
  const std::string single = out_;
  const SweepSummary single_summary = summary_;
  EXPECT_EQ(CountLines(single), planted);
  o.threads = 3;
  o.split_min_bytes = 0;
  o.block_size = 4096;
  EXPECT_EQ(Run(o), 1);
  EXPECT_EQ(out_, single);
  EXPECT_EQ(summary_.bytes_scanned, single_summary.bytes_scanned);
  EXPECT_EQ(summary_.bytes_read, single_summary.bytes_read);
}

TEST_F(SweepRunnerTest, HashAndNameMatching) {
  // sha256("abc") and a file named like an indicator.
  testing::WriteFile(
      dir_ / "iocs.txt",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nevil.exe\n");
  testing::WriteFile(dir_ / "share/sample.bin", "abc");
  testing::WriteFile(dir_ / "share/EVIL.EXE", "MZ");
  SweepOptions o;
  o.paths = {dir_ / "share"};
  o.threads = 1;
  EXPECT_EQ(Run(o), 0);  // neither appears in the content
  o.hash_files = true;
  o.match_names = true;
  EXPECT_EQ(Run(o), 1);
  EXPECT_EQ(summary_.hits, 2u);
  EXPECT_NE(out_.find("\"source\":\"file-hash\""), std::string::npos);
  EXPECT_NE(out_.find("\"match\":\"EVIL.EXE\",\"source\":\"file-name\""), std::string::npos);
}

TEST_F(SweepRunnerTest, TextFormat) {
  testing::WriteFile(dir_ / "iocs.txt", "user@evil.test\n");
  testing::WriteFile(dir_ / "mail.log", "from=<USER@evil.test>\n");
  SweepOptions o;
  o.paths = {dir_ / "mail.log"};
  o.format = OutputFormat::kText;
  EXPECT_EQ(Run(o), 1);
  EXPECT_EQ(out_, dir_ / "mail.log" + ":1:6: email user@evil.test \"USER@evil.test\"\n");
}

}  // namespace
}  // namespace warroom::sweep
