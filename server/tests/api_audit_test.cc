// Audit chain tampering: changes made through the API are chained; an altered, a
// removed middle and a removed newest row are each found (AuditStore::Verify), and the
// real `warroom audit verify` exits 0 on an intact log and 1 on a tampered one.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "server/storage/repositories/audit_store.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;

class ApiAuditTest : public ::testing::TestWithParam<ports::Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set: PostgreSQL skipped";
    }
    ServerOptions bare;
    bare.reference_data = false;
    bare.demo = false;
    auto started = TestServer::Start(GetParam(), bare);
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
    // A dedicated server (the chain is destroyed): Initialise for the war room.
    auto& admin = server_->As(Role::kWarroomAdmin, server_->WarRoomId());
    for (int i = 0; i < 4; ++i) {
      auto r =
          admin.client->Post("/api/organisations",
                             {{"kind", "ict_provider"}, {"name_nl", "Audit " + std::to_string(i)}});
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }

  core::AuditReport Verify() {
    core::AuditReport report;
    auto ok = server_->db().Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(report, storage::AuditStore(tx).Verify());
      return Ok();
    });
    EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
    return report;
  }
  void Exec(const std::string& sql) {
    auto ok = server_->db().Write([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(int64_t n, tx.Exec(sql, {}));
      EXPECT_EQ(n, 1) << sql;
      return Ok();
    });
    ASSERT_TRUE(ok) << ok.error().message;
  }
  int64_t MaxSeq() { return std::stoll(server_->Text("SELECT MAX(seq) FROM audit_log", {})); }

  std::unique_ptr<TestServer> server_;
};

TEST_P(ApiAuditTest, IntactChainHasNoProblems) {
  const auto report = Verify();
  EXPECT_TRUE(report.IsValid());
  EXPECT_GE(report.entries_checked, 5);
  EXPECT_EQ(report.last_seq, MaxSeq());
}

TEST_P(ApiAuditTest, AlteredRowIsReportedAtItsSeq) {
  const int64_t seq = MaxSeq() - 2;
  Exec("UPDATE audit_log SET after_json = '{\"name_nl\":\"forged\"}' WHERE seq = " +
       std::to_string(seq));
  const auto report = Verify();
  ASSERT_FALSE(report.IsValid());
  EXPECT_EQ(report.problems.at(0).seq, seq) << report.problems.at(0).detail;
}

TEST_P(ApiAuditTest, DeletedMiddleRowIsReported) {
  const int64_t seq = MaxSeq() - 2;
  Exec("DELETE FROM audit_log WHERE seq = " + std::to_string(seq));
  const auto report = Verify();
  ASSERT_FALSE(report.IsValid());
  bool named = false;
  for (const auto& p : report.problems) named = named || p.seq == seq || p.seq == seq + 1;
  EXPECT_TRUE(named) << report.problems.at(0).detail;
}

TEST_P(ApiAuditTest, DeletedNewestRowIsAnAnchorMismatch) {
  const int64_t seq = MaxSeq();
  Exec("DELETE FROM audit_log WHERE seq = " + std::to_string(seq));
  const auto report = Verify();
  ASSERT_FALSE(report.IsValid());
  EXPECT_EQ(report.problems.back().kind, core::AuditProblemKind::kAnchorMismatch)
      << report.problems.back().detail;
}

WR_API_INSTANTIATE(ApiAuditTest);

int RunCli(const std::string& args) {
  const std::string cmd = std::string("'") + WARROOM_CLI + "' " + args + " >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(ApiAuditCliTest, WarroomAuditVerifyExitStatus) {
  const std::string dir = MakeTempDir("warroom-audit-cli");
  ASSERT_FALSE(dir.empty());
  ASSERT_EQ(RunCli("--data-dir '" + dir + "' init --json"), 0);
  {
    app::Config config;
    config.data_dir = dir;
    auto ctx = app::AppContext::Open(config, false);
    ASSERT_TRUE(ctx) << ctx.error().message;
    core::Principal p;
    p.role = Role::kWarroomAdmin;
    p.label = "test";
    for (int i = 0; i < 3; ++i) {
      service::OrganisationInput in;
      in.kind = core::OrganisationKind::kIctProvider;
      in.name_nl = "Cli " + std::to_string(i);
      ASSERT_TRUE((*ctx)->directory->Create(p, in));
    }
  }
  EXPECT_EQ(RunCli("--data-dir '" + dir + "' audit verify"), 0);
  {
    app::Config config;
    config.data_dir = dir;
    auto db = storage::OpenDatabase(config.EffectiveDatabaseUrl());
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Write([](ports::Tx& tx) -> Status {
      return StatusOf(tx.Exec(
          "UPDATE audit_log SET after_json = '{}' WHERE seq = (SELECT MIN(seq) + 1 FROM audit_log)",
          {}));
    }));
  }
  EXPECT_EQ(RunCli("--data-dir '" + dir + "' audit verify"), 1);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace warroom::apitest
