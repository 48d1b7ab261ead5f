// The demo exercise end to end: fictional contacts on real municipalities are flagged on
// the organisation's page and never replace real contacts; `warroom demo remove` (and
// service::RemoveDemo under it) takes out every exercise row through audited deletes.
// Also the links `warroom init` and `warroom admin reset` print and mail: they start
// with the configured public URL.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "server/service/demo_seed.h"
#include "server/storage/repositories/audit_store.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;

core::AuditReport VerifyAudit(ports::Database& db) {
  core::AuditReport report;
  auto ok = db.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(report, storage::AuditStore(tx).Verify());
    return Ok();
  });
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return report;
}

// Every row the demo leaves behind, by table; all zero once it is removed.
void ExpectNoDemoRows(TestServer& s) {
  const std::string demo_orgs = "(SELECT id FROM organisations WHERE is_demo = 1)";
  EXPECT_EQ(s.Count("organisations", "is_demo = 1"), 0);
  EXPECT_EQ(s.Count("people", "is_demo = 1"), 0);
  EXPECT_EQ(s.Count("people", "full_name LIKE '%OEFENING%'"), 0);
  EXPECT_EQ(s.Count("organisations", "name_nl LIKE '%OEFENING%'"), 0);
  EXPECT_EQ(s.Count("provider_services", "description = 'OEFENING / EXERCISE'"), 0);
  EXPECT_EQ(s.Count("users", "organisation_id IN " + demo_orgs), 0);
  EXPECT_EQ(
      s.Count("organisation_search_keys", "organisation_id NOT IN (SELECT id FROM organisations)"),
      0);
  EXPECT_EQ(s.Count("spoc_assignments", "person_id NOT IN (SELECT id FROM people)"), 0);
  EXPECT_EQ(s.Count("advisories", "is_demo = 1"), 0);
  EXPECT_EQ(s.Count("users", "is_demo = 1"), 0);
  EXPECT_EQ(s.Count("advisory_recipients", "organisation_id IN " + demo_orgs), 0);
  EXPECT_EQ(s.Count("advisory_deliveries", "advisory_id NOT IN (SELECT id FROM advisories)"), 0);
}

class ApiDemoTest : public ::testing::TestWithParam<ports::Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set: PostgreSQL skipped";
    }
    // A server of its own: the demo is loaded and removed here.
    ServerOptions options;
    options.demo = false;
    auto started = TestServer::Start(GetParam(), options);
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
  }

  std::unique_ptr<TestServer> server_;
};

TEST_P(ApiDemoTest, SeedFlagsExerciseContactsKeepsRealOnesAndRemoveLeavesNoDemoRows) {
  TestServer& s = *server_;
  auto& admin = s.As(Role::kWarroomAdmin, s.WarRoomId());
  // The first municipalities of the province of Antwerp are the demo's customers; give
  // the first a real SPOC before the demo arrives.
  const std::string first_customer = s.Text(
      "SELECT nis_code FROM organisations WHERE kind = 'municipality' AND status = 'active' AND "
      "province_nis = '10000' ORDER BY nis_code LIMIT 1",
      {});
  const std::string second_customer = s.Text(
      "SELECT nis_code FROM organisations WHERE kind = 'municipality' AND status = 'active' AND "
      "province_nis = '10000' ORDER BY nis_code LIMIT 1 OFFSET 1",
      {});
  const int64_t real_org = s.OrgId(first_customer);
  const int64_t fictional_contacts_org = s.OrgId(second_customer);
  auto person = admin.client->Post("/api/organisations/" + std::to_string(real_org) + "/people",
                                   {{"full_name", "Echte Contactpersoon"},
                                    {"work_email", "echt@gemeente.example"},
                                    {"mobile", "+32 499 00 77 01"}});
  ASSERT_EQ(person.status, 201) << person.body;
  const int64_t real_person = person.Json()["id"].get<int64_t>();
  auto page = admin.client->Get("/api/organisations/" + std::to_string(real_org));
  auto spoc = admin.client->Put("/api/organisations/" + std::to_string(real_org) + "/spoc",
                                {{"spoc_id", real_person}, {"deputy_ids", nlohmann::json::array()}},
                                page.Header("etag"));
  ASSERT_EQ(spoc.status, 200) << spoc.body;

  auto loaded = service::RemoveDemo(s.db(), *s.ctx().clock);  // nothing to remove yet
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->organisations, 0);
  auto seeded = service::LoadDemo(s.db(), *s.ctx().clock);
  ASSERT_TRUE(seeded) << seeded.error().message;
  EXPECT_GT(s.Count("organisations", "is_demo = 1"), 0);
  EXPECT_GT(s.Count("people", "is_demo = 1"), 0);
  // Step 3: the advisory to Demo ICT NV's VPN customers and Demo ICT NV, approved by a
  // second analyst; six escalated to a deputy, two of them on the call list.
  ASSERT_EQ(s.Count("advisories",
                    "is_demo = 1 AND status = 'sent' AND tlp = 'amber' AND "
                    "approved_by_user_id <> author_user_id"),
            1);
  EXPECT_EQ(s.Count("advisory_recipients", "escalated_at IS NOT NULL"), 6);
  EXPECT_EQ(s.Count("advisory_recipients", "on_call_list = 1"), 2);
  EXPECT_EQ(s.Count("advisory_recipients", "acknowledged_at IS NULL"), 2);
  EXPECT_EQ(s.Count("jobs", "status <> 'done'"), 0);

  // The past contact-verification round (issue 12): most confirmed; who did not keeps an
  // old verification, so the stale-contact gap shows their organisation.
  ASSERT_EQ(s.Count("verification_rounds", "is_demo = 1 AND is_exercise = 1"), 1);
  const int64_t asked = s.Count("verification_requests");
  const int64_t outstanding = s.Count("verification_requests", "confirmed_at IS NULL");
  EXPECT_GT(outstanding, 0);
  EXPECT_GT(asked - outstanding, outstanding);
  const std::string unconfirmed_org = s.Text(
      "SELECT CAST(MIN(organisation_id) AS TEXT) FROM verification_requests WHERE "
      "confirmed_at IS NULL",
      {});
  auto stale = admin.client->Get("/api/organisations/" + unconfirmed_org);
  ASSERT_EQ(stale.status, 200) << stale.body;
  const auto stale_gaps = stale.Json()["gaps"];
  EXPECT_NE(std::find(stale_gaps.begin(), stale_gaps.end(), "stale_contacts"), stale_gaps.end())
      << stale.body;
  auto rounds = admin.client->Get("/api/verification-rounds");
  ASSERT_EQ(rounds.status, 200) << rounds.body;
  ASSERT_EQ(rounds.Json()["items"].size(), 1u) << rounds.body;
  EXPECT_EQ(rounds.Json()["items"][0]["outstanding"], outstanding);

  // The real SPOC stays, alone; the page does not speak of exercise contacts.
  auto real_page = admin.client->Get("/api/organisations/" + std::to_string(real_org));
  ASSERT_EQ(real_page.status, 200) << real_page.body;
  EXPECT_EQ(real_page.Json()["spoc"]["id"], real_person) << real_page.body;
  EXPECT_EQ(real_page.Json()["people"].size(), 1u) << real_page.body;
  EXPECT_EQ(real_page.Json()["exercise_contacts"], false) << real_page.body;
  // A real municipality without real people gets fictional ones, and its page says so.
  auto flagged = admin.client->Get("/api/organisations/" + std::to_string(fictional_contacts_org));
  ASSERT_EQ(flagged.status, 200) << flagged.body;
  EXPECT_EQ(flagged.Json()["is_demo"], false);
  EXPECT_EQ(flagged.Json()["exercise_contacts"], true) << flagged.body;
  // A fictional municipality is exercise data itself, not a real one with exercise contacts.
  auto oefenstad = admin.client->Get("/api/organisations/" + std::to_string(s.OrgId("99001")));
  EXPECT_EQ(oefenstad.Json()["is_demo"], true);
  EXPECT_EQ(oefenstad.Json()["exercise_contacts"], false);

  // An account in an exercise organisation, with a session, goes too.
  auto demo_user = s.CreateUser(Role::kSpoc, s.OrgId("99001"));
  ASSERT_TRUE(demo_user);
  ASSERT_EQ(demo_user->client->Get("/api/organisations/" + std::to_string(s.OrgId("99001"))).status,
            200);
  const int64_t audit_before = s.Count("audit_log");

  auto removed = service::RemoveDemo(s.db(), *s.ctx().clock);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(removed->organisations, 5);
  EXPECT_GT(removed->people, 9);
  EXPECT_GT(removed->services, 9);
  // The exercise SPOC's account and the exercise's two war-room analysts.
  EXPECT_EQ(removed->accounts, 3);
  EXPECT_EQ(removed->advisories, 1);
  EXPECT_EQ(removed->verification_rounds, 1);
  EXPECT_EQ(s.Count("verification_rounds"), 0);
  EXPECT_EQ(s.Count("verification_requests"), 0);
  ExpectNoDemoRows(s);
  EXPECT_EQ(s.Count("users", "id = " + std::to_string(demo_user->id)), 0);
  EXPECT_EQ(s.Count("sessions", "user_id = " + std::to_string(demo_user->id)), 0);
  // Each deletion has its audit entry, and the chain still verifies.
  EXPECT_GE(s.Count("audit_log") - audit_before,
            removed->organisations + removed->people + removed->services + removed->accounts);
  EXPECT_EQ(s.Count("audit_log",
                    "action = 'organisation.delete' AND actor_label = "
                    "'system:demo-exercise'"),
            5);
  const auto report = VerifyAudit(s.db());
  EXPECT_TRUE(report.IsValid()) << (report.problems.empty() ? "" : report.problems[0].detail);

  // Real data is untouched; the signed-out exercise account is gone.
  real_page = admin.client->Get("/api/organisations/" + std::to_string(real_org));
  EXPECT_EQ(real_page.Json()["spoc"]["id"], real_person) << real_page.body;
  flagged = admin.client->Get("/api/organisations/" + std::to_string(fictional_contacts_org));
  ASSERT_EQ(flagged.status, 200) << flagged.body;
  EXPECT_EQ(flagged.Json()["exercise_contacts"], false) << flagged.body;
  EXPECT_TRUE(flagged.Json()["people"].empty()) << flagged.body;
  EXPECT_EQ(flagged.Json()["spoc"], nullptr) << flagged.body;
  EXPECT_EQ(demo_user->client->Get("/api/organisations").status, 401);

  auto again = service::RemoveDemo(s.db(), *s.ctx().clock);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->organisations + again->people + again->services + again->accounts, 0);
}

WR_API_INSTANTIATE(ApiDemoTest);

struct CliRun {
  int code = -1;
  std::string out;
};

// Runs the real `warroom` CLI with `env` (VAR=value ...) before it.
CliRun RunCli(const std::string& env, const std::string& args) {
  const std::string cmd = env + " '" + WARROOM_CLI + "' " + args + " 2>/dev/null";
  CliRun run;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  const int rc = ::pclose(pipe);
  run.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return run;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

std::unique_ptr<ports::Database> OpenDataDir(const std::string& dir) {
  app::Config config;
  config.data_dir = dir;
  auto db = storage::OpenDatabase(config.EffectiveDatabaseUrl());
  EXPECT_TRUE(db) << (db ? "" : db.error().message);
  return db ? std::move(*db) : nullptr;
}

int64_t CountIn(ports::Database& db, const std::string& sql) {
  int64_t n = -1;
  auto ok = db.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, {}));
    n = row.Int(0);
    return Ok();
  });
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return n;
}

TEST(ApiDemoCliTest, DemoRemoveLeavesNoDemoRowsAndTheAuditChainVerifies) {
  const std::string dir = MakeTempDir("warroom-demo-cli");
  ASSERT_FALSE(dir.empty());
  const std::string env = "WARROOM_REFERENCE_DATA=" + Quoted(ReferenceDataDir());
  const std::string data = "--data-dir " + Quoted(dir) + " ";
  ASSERT_EQ(RunCli(env, data + "init --demo --json").code, 0);
  {
    auto db = OpenDataDir(dir);
    ASSERT_TRUE(db);
    EXPECT_EQ(CountIn(*db, "SELECT COUNT(*) FROM organisations WHERE is_demo = 1"), 5);
  }
  const CliRun removed = RunCli(env, data + "demo remove");
  EXPECT_EQ(removed.code, 0) << removed.out;
  EXPECT_NE(removed.out.find("removed the demo exercise: 5 organisations"), std::string::npos)
      << removed.out;
  {
    auto db = OpenDataDir(dir);
    ASSERT_TRUE(db);
    EXPECT_EQ(CountIn(*db, "SELECT COUNT(*) FROM organisations WHERE is_demo = 1"), 0);
    EXPECT_EQ(CountIn(*db, "SELECT COUNT(*) FROM people WHERE is_demo = 1"), 0);
    EXPECT_EQ(CountIn(*db, "SELECT COUNT(*) FROM provider_services"), 0);
    EXPECT_GT(CountIn(*db, "SELECT COUNT(*) FROM organisations WHERE kind = 'municipality'"), 500);
  }
  const CliRun verify = RunCli(env, data + "audit verify");
  EXPECT_EQ(verify.code, 0) << verify.out;
  EXPECT_NE(verify.out.find("audit log intact"), std::string::npos) << verify.out;
  EXPECT_NE(RunCli(env, data + "demo").code, 0) << "a bare `demo` asks for its subcommand";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// The link after "at: " or in the JSON's setup_url, and the link in the queued mail.
TEST(ApiDemoCliTest, PrintedAndMailedLinksStartWithThePublicUrl) {
  const std::string dir = MakeTempDir("warroom-links-cli");
  ASSERT_FALSE(dir.empty());
  const std::string refdata = "WARROOM_REFERENCE_DATA=" + Quoted(ReferenceDataDir());
  const std::string data = "--data-dir " + Quoted(dir) + " ";
  const std::string from_env = "https://warroom.example.gov/crisis";

  const CliRun init =
      RunCli(refdata + " WARROOM_PUBLIC_URL=" + from_env + "/", data + "init --json");
  ASSERT_EQ(init.code, 0) << init.out;
  const auto printed = nlohmann::json::parse(init.out, nullptr, false);
  ASSERT_TRUE(printed.is_object()) << init.out;
  EXPECT_EQ(printed["url"], from_env) << init.out;
  EXPECT_EQ(printed["setup_url"].get<std::string>().rfind(from_env + "/activate#token=", 0), 0u)
      << init.out;

  const std::string from_flag = "https://other.example.gov:8443";
  const CliRun reset = RunCli(refdata, data + "--public-url " + from_flag +
                                           " admin reset --email second.admin@warroom.example");
  ASSERT_EQ(reset.code, 0) << reset.out;
  EXPECT_NE(reset.out.find("at: " + from_flag + "/activate#token="), std::string::npos)
      << reset.out;
  EXPECT_EQ(reset.out.find(":8080"), std::string::npos) << reset.out;

  auto db = OpenDataDir(dir);
  ASSERT_TRUE(db);
  std::vector<std::pair<std::string, std::string>> mails;
  ASSERT_TRUE(db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto rows,
                        tx.Query("SELECT recipient, body_text FROM outbox ORDER BY id", {}));
    for (const auto& r : rows) mails.emplace_back(r.Text(0), r.Text(1));
    return Ok();
  }));
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_NE(mails[0].second.find(from_env + "/activate#token="), std::string::npos)
      << mails[0].second;
  EXPECT_EQ(mails[1].first, "second.admin@warroom.example");
  EXPECT_NE(mails[1].second.find(from_flag + "/activate#token="), std::string::npos)
      << mails[1].second;
  for (const auto& [to, body] : mails) {
    EXPECT_EQ(body.find("127.0.0.1"), std::string::npos) << body;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace warroom::apitest
