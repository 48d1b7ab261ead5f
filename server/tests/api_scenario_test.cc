// Runs every server/tests/api/*.scenario file on both engines (format: harness/scenario.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "server/tests/harness/scenario.h"

namespace warroom::apitest {
namespace {

using ApiScenarioTest = ApiTest;

TEST_P(ApiScenarioTest, AllScenarioFiles) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(WARROOM_TEST_SCENARIO_DIR)) {
    if (e.path().extension() == ".scenario") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    EXPECT_GT(RunScenarioFile(server(), f), 0) << f;
  }
}

WR_API_INSTANTIATE(ApiScenarioTest);

}  // namespace
}  // namespace warroom::apitest
