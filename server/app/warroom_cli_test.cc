// The warroom command line and warroomd as an operator runs them (child processes):
// restore refuses while a server holds the database, a second server refuses to start
// on it, and commands that read a deployment refuse a folder that was never set up
// instead of creating an empty database there.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>

#include "server/app/config.h"
#include "server/app/context.h"
#include "server/app/setup.h"
#include "server/storage/repositories/audit_store.h"
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
    ASSERT_TRUE((*ctx)->db->Write([](ports::Tx& tx) -> Status {
      return StatusOf(
          tx.Exec("INSERT INTO settings (key, value) VALUES ('cli-test', 'changed')", {}));
    }));
  }

  // Three changes through the directory service, each with its audit entry.
  void MakeAuditedChanges() {
    Config config;
    config.data_dir = data_dir_;
    auto ctx = AppContext::Open(config, /*mail=*/false);
    ASSERT_TRUE(ctx) << ctx.error().message;
    core::Principal p;
    p.role = core::Role::kWarroomAdmin;
    p.label = "cli-test";
    for (int i = 0; i < 3; ++i) {
      service::OrganisationInput in;
      in.kind = core::OrganisationKind::kIctProvider;
      in.name_nl = "Cli " + std::to_string(i);
      ASSERT_TRUE((*ctx)->directory->Create(p, in));
    }
  }

  // Runs `sql` on the database as someone who can write it but has no key.
  void Tamper(const std::vector<std::pair<std::string, ports::Params>>& statements) {
    auto db = storage::OpenDatabase("sqlite://" + db_path_);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->Write([&](ports::Tx& tx) -> Status {
      for (const auto& [sql, params] : statements) {
        WR_RETURN_IF_ERROR(StatusOf(tx.Exec(sql, params)));
      }
      return Ok();
    }));
  }

  std::vector<core::AuditEntry> Entries() {
    auto db = storage::OpenDatabase("sqlite://" + db_path_);
    EXPECT_TRUE(db) << db.error().message;
    std::vector<core::AuditEntry> entries;
    core::AuditKey unused(std::array<unsigned char, core::AuditKey::kBytes>{});
    EXPECT_TRUE((*db)->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(
          entries,
          storage::AuditStore(tx, unused).List({core::DirectoryScope::Kind::kAll, 0}, 0, 1000));
      return Ok();
    }));
    std::reverse(entries.begin(), entries.end());
    return entries;
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

// Issue 12: attachments live beside the database, named by their hash; a backup that
// carried only the database restored advisories whose files were gone.
TEST_F(WarroomCliTest, BackupCarriesTheAttachmentFilesAndRestoreBringsThemBack) {
  SetUpDeployment();
  const std::string attachments = data_dir_ + "/attachments";
  fs::create_directories(attachments);
  const std::string hash(64, 'a');
  std::ofstream(attachments + "/" + hash) << "%PDF-1.7 the bytes of an advisory's annex";
  // An upload in progress: not a content name, never copied.
  std::ofstream(attachments + "/" + hash + ".tmp-x") << "half";
  const std::string backup = root_ + "/backup.db";
  const CliRun backed_up = Cli(data_dir_, "backup " + Quote(backup));
  ASSERT_EQ(backed_up.status, 0) << backed_up.output;
  EXPECT_NE(backed_up.output.find("1 new attachment files"), std::string::npos) << backed_up.output;
  const std::string copy = backup + ".attachments/" + hash;
  EXPECT_EQ(ReadFile(copy), "%PDF-1.7 the bytes of an advisory's annex");
  EXPECT_EQ(fs::status(copy).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(fs::exists(backup + ".attachments/" + hash + ".tmp-x"));
  // A second backup to the same place copies nothing new.
  const CliRun again = Cli(data_dir_, "backup " + Quote(backup));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("0 new attachment files"), std::string::npos) << again.output;

  fs::remove_all(attachments);
  const CliRun restored = Cli(data_dir_, "restore " + Quote(backup));
  ASSERT_EQ(restored.status, 0) << restored.output;
  EXPECT_NE(restored.output.find("1 attachment files"), std::string::npos) << restored.output;
  EXPECT_EQ(ReadFile(attachments + "/" + hash), "%PDF-1.7 the bytes of an advisory's annex");
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

std::string Hex(const std::string& bytes) {
  std::ostringstream out;
  for (unsigned char c : bytes) out << std::hex << std::setw(2) << std::setfill('0') << int{c};
  return out.str();
}

// Issue "Foundation, second pass" 4: the operator keeps the head elsewhere and checks
// the chain still contains it; verify names the key by its id, never the key.
TEST_F(WarroomCliTest, AuditAnchorThenVerifyWithTheAnchorCatchesTruncation) {
  SetUpDeployment();
  MakeAuditedChanges();
  const CliRun anchored = Cli(data_dir_, "audit anchor");
  ASSERT_EQ(anchored.status, 0) << anchored.output;
  std::string anchor;
  std::istringstream lines(anchored.output);
  for (std::string line; std::getline(lines, line);) {
    if (core::ParseAuditAnchor(line)) anchor = line;
  }
  ASSERT_FALSE(anchor.empty()) << anchored.output;
  const std::string key = ReadFile(AuditKeyPath(data_dir_));
  ASSERT_EQ(key.size(), 32U);

  const CliRun verified = Cli(data_dir_, "audit verify --anchor " + anchor);
  EXPECT_EQ(verified.status, 0) << verified.output;
  const auto named = verified.output.find("audit key ");
  ASSERT_NE(named, std::string::npos) << verified.output;
  const std::string id = verified.output.substr(named + 10, 16);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << verified.output;
  EXPECT_EQ(verified.output.substr(named + 26, 1), " ") << verified.output;
  EXPECT_EQ(verified.output.find(Hex(key)), std::string::npos) << "the key was printed";
  EXPECT_NE(verified.output.find("head " + anchor), std::string::npos) << verified.output;

  // The newest row deleted and the head moved back onto the row before: the chain on its
  // own is whole again, the operator's anchor is not in it.
  const auto entries = Entries();
  ASSERT_GE(entries.size(), 2U);
  const core::AuditEntry& before_last = entries[entries.size() - 2];
  Tamper({{"DELETE FROM audit_log WHERE seq = $1", {entries.back().seq}},
          {"UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
           {before_last.seq, before_last.hash}}});
  EXPECT_EQ(Cli(data_dir_, "audit verify").status, 0);
  const CliRun truncated = Cli(data_dir_, "audit verify --anchor " + anchor);
  EXPECT_EQ(truncated.status, 1) << truncated.output;
  EXPECT_NE(truncated.output.find("anchor_mismatch"), std::string::npos) << truncated.output;

  EXPECT_EQ(Cli(data_dir_, "audit verify --anchor 12:nothex").status, 2);
}

// The migration: a deployment from before keying (unkeyed chain, no audit.key) is
// re-keyed once when opened; afterwards a writer of the database cannot go back to
// unkeyed hashes, not even by clearing the key id in the head.
TEST_F(WarroomCliTest, UnkeyedChainIsReKeyedOnceAndCannotBeDowngraded) {
  SetUpDeployment();
  MakeAuditedChanges();
  auto unkey = [&](const std::string& after_json_of_last) {
    auto entries = Entries();
    std::vector<std::pair<std::string, ports::Params>> statements;
    std::string prev(core::kAuditGenesisHash);
    for (size_t i = 0; i < entries.size(); ++i) {
      core::AuditEntry e = entries[i];
      if (i + 1 == entries.size() && !after_json_of_last.empty()) {
        e.after_json = after_json_of_last;
      }
      e.hash = core::ComputeLegacyAuditHash(e, prev);
      statements.push_back(
          {"UPDATE audit_log SET prev_hash = $1, hash = $2, after_json = $3 WHERE seq = $4",
           {prev, e.hash, e.after_json, e.seq}});
      prev = e.hash;
    }
    statements.push_back({"UPDATE audit_head SET hash = $1, key_id = NULL WHERE id = 1", {prev}});
    Tamper(statements);
    return entries.size();
  };
  // As a deployment from before keying: unkeyed rows, no key file.
  const size_t rows = unkey("");
  fs::remove(AuditKeyPath(data_dir_));
  const CliRun upgraded = Cli(data_dir_, "audit verify");
  EXPECT_EQ(upgraded.status, 0) << upgraded.output;
  EXPECT_TRUE(fs::exists(AuditKeyPath(data_dir_)));
  EXPECT_EQ(Entries().back().action, "audit.keyed");
  EXPECT_EQ(Entries().size(), rows + 1);

  // The same trick now: the newest row rewritten, everything re-hashed without the key.
  unkey(R"({"name_nl":"forged"})");
  const CliRun downgraded = Cli(data_dir_, "audit verify");
  EXPECT_EQ(downgraded.status, 1) << downgraded.output;
  EXPECT_NE(downgraded.output.find("ALTERED"), std::string::npos) << downgraded.output;
}

// A wrong key file is named as such.
TEST_F(WarroomCliTest, VerifyWithAnotherKeyFileSaysSo) {
  SetUpDeployment();
  MakeAuditedChanges();
  std::ofstream(AuditKeyPath(data_dir_), std::ios::binary | std::ios::trunc)
      << std::string(32, 'k');
  const CliRun run = Cli(data_dir_, "audit verify");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("key_mismatch"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace warroom::app
