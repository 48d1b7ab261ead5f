#include "tools/sweep/cli/sweep_cli.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
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
  for (const char* needle :
       {"--iocs", "--format", "--hash", "--names", "--server", "--token", "--report", "--max-ratio",
        "--max-size", "STIX 2.1", "MISP", "CSV", "defanged", "10.0.0.1.5", "evil.com.au",
        "EXIT STATUS", "jsonl", "offset"}) {
    EXPECT_NE(o.out.find(needle), std::string::npos) << needle;
  }
}

TEST(SweepCliTest, ServerModeIsNotAvailableYet) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--server", "https://warroom.example", "--token", "t", "/var/log"},
           {"--iocs", "x.txt", "--report", "/var/log"}}) {
    Outcome o = RunCli(args);
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find("server mode needs the warroom server IoC API (C5), not available yet"),
              std::string::npos);
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
