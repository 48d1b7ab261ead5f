// The warroom command line and warroomd as an operator runs them (child processes):
// restore refuses while a server holds the database, a second server refuses to start
// on it, and commands that read a deployment refuse a folder that was never set up
// instead of creating an empty database there.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "server/app/config.h"
#include "server/app/context.h"
#include "server/storage/sqlite/database_lock.h"

namespace warroom::app {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

std::string Quote(const std::string& s) { return "'" + s + "'"; }

CliRun RunCommand(const std::string& command) {
  const std::string out = (fs::temp_directory_path() / "warroom-cli-test.XXXXXX").string();
  std::string tmpl = out;
  const int fd = mkstemp(tmpl.data());
  if (fd >= 0) ::close(fd);
  CliRun run;
  const int rc = std::system((command + " >" + Quote(tmpl) + " 2>&1").c_str());
  run.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::ifstream in(tmpl);
  std::ostringstream text;
  text << in.rdbuf();
  run.output = text.str();
  std::error_code ec;
  fs::remove(tmpl, ec);
  return run;
}

CliRun Cli(const std::string& data_dir, const std::string& args) {
  return RunCommand(Quote(WARROOM_CLI) + " --data-dir " + Quote(data_dir) + " " + args);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class WarroomCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "warroom-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    data_dir_ = root_ + "/data";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Sets up a deployment as warroomd's first start does, without the reference data.
  void SetUpDeployment() {
    Config config;
    config.data_dir = data_dir_;
    auto ctx = AppContext::Open(config, /*mail=*/false);
    ASSERT_TRUE(ctx) << ctx.error().message;
    db_path_ = config.EffectiveDatabaseUrl().substr(std::string("sqlite://").size());
  }

  void ChangeDatabase() {
    Config config;
    config.data_dir = data_dir_;
    auto ctx = AppContext::Open(config, /*mail=*/false);
    ASSERT_TRUE(ctx) << ctx.error().message;
    ASSERT_TRUE((*ctx)->db->Write([](storage::Tx& tx) -> Status {
      return StatusOf(
          tx.Exec("INSERT INTO settings (key, value) VALUES ('cli-test', 'changed')", {}));
    }));
  }

  std::string root_;
  std::string data_dir_;
  std::string db_path_;
};

// Issue "Foundation, second pass" 1: restore used to print "restored" under a running
// server, which went on writing into the deleted file.
TEST_F(WarroomCliTest, RestoreRefusesWhileTheServerHoldsTheDatabase) {
  SetUpDeployment();
  const std::string backup = root_ + "/backup.db";
  const CliRun backed_up = Cli(data_dir_, "backup " + Quote(backup));
  ASSERT_EQ(backed_up.status, 0) << backed_up.output;
  ChangeDatabase();
  const std::string before = ReadFile(db_path_);
  ASSERT_FALSE(before.empty());
  {
    // As warroomd holds it for its whole life.
    auto server_lock = storage::sqlite::DatabaseLock::Acquire(db_path_);
    ASSERT_TRUE(server_lock) << server_lock.error().message;
    const CliRun refused = Cli(data_dir_, "restore " + Quote(backup));
    EXPECT_EQ(refused.status, 2) << refused.output;
    EXPECT_NE(refused.output.find("stop the server first"), std::string::npos) << refused.output;
    EXPECT_EQ(refused.output.find("restored"), std::string::npos) << refused.output;
    EXPECT_EQ(ReadFile(db_path_), before) << "the database was touched";
  }
  const CliRun restored = Cli(data_dir_, "restore " + Quote(backup));
  EXPECT_EQ(restored.status, 0) << restored.output;
  EXPECT_NE(ReadFile(db_path_), before);
}

TEST_F(WarroomCliTest, SecondServerOnTheSameDatabaseRefusesToStart) {
  SetUpDeployment();
  auto first_server = storage::sqlite::DatabaseLock::Acquire(db_path_);
  ASSERT_TRUE(first_server) << first_server.error().message;
  // `timeout` turns a server that wrongly starts into a failure instead of a hang.
  const CliRun second = RunCommand("timeout 60 " + Quote(WARROOMD) + " --data-dir " +
                                   Quote(data_dir_) + " --listen 127.0.0.1:0");
  EXPECT_EQ(second.status, 2) << second.output;
  EXPECT_NE(second.output.find("in use by a running warroomd"), std::string::npos) << second.output;
}

// Issue "Foundation, second pass" 2: `audit verify` on a mistyped folder created an
// empty database and called it intact.
TEST_F(WarroomCliTest, CommandsThatReadRefuseAFolderThatWasNeverSetUp) {
  const std::string csv = root_ + "/orgs.csv";
  std::ofstream(csv) << "kind,external_id,name_nl\nict_provider,x1,Een\n";
  for (const std::string& args : std::vector<std::string>{
           "audit verify", "backup " + Quote(root_ + "/b.db"), "admin reset --email a@b.be",
           "import organisations " + Quote(csv)}) {
    const CliRun run = Cli(data_dir_, args);
    EXPECT_EQ(run.status, 2) << args << ": " << run.output;
    EXPECT_NE(run.output.find("does not exist"), std::string::npos) << args << ": " << run.output;
    EXPECT_FALSE(fs::exists(data_dir_)) << args << " created the data folder";
  }
  // A folder that exists but holds no database is refused too, and stays empty.
  fs::create_directories(data_dir_);
  const CliRun verify = Cli(data_dir_, "audit verify");
  EXPECT_EQ(verify.status, 2) << verify.output;
  EXPECT_EQ(verify.output.find("intact"), std::string::npos) << verify.output;
  EXPECT_TRUE(fs::is_empty(data_dir_));
}

TEST_F(WarroomCliTest, ASetUpDeploymentIsAccepted) {
  SetUpDeployment();
  const CliRun verify = Cli(data_dir_, "audit verify");
  EXPECT_EQ(verify.status, 0) << verify.output;
  EXPECT_NE(verify.output.find("intact"), std::string::npos) << verify.output;
}

}  // namespace
}  // namespace warroom::app
