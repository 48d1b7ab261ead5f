// Data-driven end-to-end cases: every folder in testdata/ holds indicator files (names
// starting with "iocs"), an input/ folder, expected.jsonl (the hits, with file names
// relative to input/), and optionally `args` (extra flags, one per line) and `exit`
// (the expected exit status, 1 if absent). The case runs warroom-sweep's main entry
// and compares the hits as a set, since files are scanned in parallel.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tools/sweep/cli/sweep_cli.h"

namespace warroom::sweep {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::multiset<std::string> Lines(const std::string& text) {
  std::multiset<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) {
      out.insert(line);
    }
  }
  return out;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(SWEEP_TESTDATA_DIR)) {
    if (e.is_directory()) {
      names.push_back(e.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

class TestdataCase : public ::testing::TestWithParam<std::string> {};

TEST_P(TestdataCase, ProducesExpectedHits) {
  const fs::path dir = fs::path(SWEEP_TESTDATA_DIR) / GetParam();
  std::vector<std::string> args = {"warroom-sweep", "--no-progress", "--threads", "2"};
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir)) {
    entries.push_back(e.path());
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    if (p.filename().string().rfind("iocs", 0) == 0) {
      args.push_back("--iocs");
      args.push_back(p.string());
    }
  }
  if (fs::exists(dir / "args")) {
    std::istringstream extra(ReadText(dir / "args"));
    std::string a;
    while (std::getline(extra, a)) {
      if (!a.empty()) {
        args.push_back(a);
      }
    }
  }
  const std::string input = (dir / "input").string();
  args.push_back(input);
  int expected_exit = 1;
  if (fs::exists(dir / "exit")) {
    expected_exit = std::atoi(ReadText(dir / "exit").c_str());
  }

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
  const int code = SweepMain(static_cast<int>(argv.size()), argv.data(), out, err);
  std::fclose(out);
  std::fclose(err);
  std::string got(out_buf, out_size);
  const std::string stderr_text(err_buf, err_size);
  std::free(out_buf);
  std::free(err_buf);

  // Make file names relative to input/.
  const std::string prefix = "\"file\":\"" + input + "/";
  for (size_t pos = got.find(prefix); pos != std::string::npos; pos = got.find(prefix, pos)) {
    got.replace(pos, prefix.size(), "\"file\":\"");
  }
  EXPECT_EQ(code, expected_exit) << stderr_text;
  EXPECT_EQ(Lines(got), Lines(ReadText(dir / "expected.jsonl"))) << "got:\n" << got << stderr_text;
}

INSTANTIATE_TEST_SUITE_P(Cases, TestdataCase, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace warroom::sweep
