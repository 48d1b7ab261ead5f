// CSV imports over the API: every bad row reported with line and column, all or
// nothing, dry runs store nothing, re-imports update by NIS code and only in the
// columns of the file, changes are audited like the API's, long imports commit in
// batches. And the `warroom import` command: its help, progress and error messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "server/service/directory_import.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using ApiImportTest = ApiTest;

HttpResponse Import(HttpClient& c, const std::string& what, const std::string& csv,
                    bool dry_run = false) {
  return c.Send("POST", "/api/imports/" + what + (dry_run ? "?dry_run=true" : ""), csv,
                {{"Content-Type", "text/csv"}});
}

TEST_P(ApiImportTest, BadRowsAreReportedWithLineAndColumnAndNothingIsStored) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  const int64_t orgs = server().Count("organisations");
  const std::string csv =
      "kind,nis_code,name_nl\n"
      "municipality,98001,Goede Gemeente\n"
      "municipality,12ab,Slechte Code\n"
      "spaceship,98002,Vreemd Soort\n"
      "municipality,98003,\n";
  auto r = Import(*admin.client, "organisations", csv);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.IsProblem());
  const auto errors = r.Json()["errors"];
  ASSERT_GE(errors.size(), 3u) << r.body;
  auto has = [&](int line, int column) {
    for (const auto& e : errors) {
      if (e.value("line", 0) == line && e.value("column", 0) == column) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(3, 2)) << "bad NIS code at line 3 column 2: " << r.body;
  EXPECT_TRUE(has(4, 1)) << "unknown kind at line 4 column 1: " << r.body;
  EXPECT_TRUE(has(5, 3)) << "missing name at line 5 column 3: " << r.body;
  EXPECT_EQ(server().Count("organisations"), orgs) << "the good row must not be stored";
  // Two rows giving one external id, one found by it and one by NIS code: caught before
  // anything is written, not by the database halfway through.
  auto twice = Import(*admin.client, "organisations",
                      "kind,nis_code,external_id,name_nl\n"
                      "ict_provider,,twice-1,Eerste\n"
                      "municipality,98004,twice-1,Tweede\n");
  ASSERT_EQ(twice.status, 422) << twice.body;
  EXPECT_EQ(twice.Json()["errors"][0]["line"], 3) << twice.body;
  EXPECT_EQ(twice.Json()["errors"][0]["code"], "duplicate_in_file") << twice.body;
  EXPECT_EQ(server().Count("organisations"), orgs);

  const int64_t people = server().Count("people");
  const std::string people_csv =
      "organisation_nis,full_name,work_email,mobile\n"
      "99001,Goede Persoon,goed@oefenstad.example,+32 499 00 99 01\n"
      "99001,Slechte Mail,not-an-email,\n"
      "99001,Slechte Gsm,,abc\n";
  auto p = Import(*admin.client, "people", people_csv);
  ASSERT_EQ(p.status, 422) << p.body;
  EXPECT_TRUE(p.IsProblem());
  const auto perrors = p.Json()["errors"];
  bool mail = false, mobile = false;
  for (const auto& e : perrors) {
    mail = mail || (e.value("line", 0) == 3 && e.value("column", 0) == 3);
    mobile = mobile || (e.value("line", 0) == 4 && e.value("column", 0) == 4);
  }
  EXPECT_TRUE(mail) << p.body;
  EXPECT_TRUE(mobile) << p.body;
  EXPECT_EQ(server().Count("people"), people);
  // A row naming an unknown organisation.
  auto unknown =
      Import(*admin.client, "people",
             "organisation_nis,full_name\n99001,Goede Persoon\n00000,Geen Organisatie\n");
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  bool org = false;
  const auto unknown_errors = unknown.Json()["errors"];
  for (const auto& e : unknown_errors) {
    org = org || (e.value("line", 0) == 3 && e.value("column", 0) == 1);
  }
  EXPECT_TRUE(org) << unknown.body;
  EXPECT_EQ(server().Count("people"), people);
}

TEST_P(ApiImportTest, DryRunStoresNothingAndReimportUpdatesByNisCode) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  const int64_t orgs = server().Count("organisations");
  const std::string nis = GetParam() == ports::Engine::kSqlite ? "98101" : "98102";
  const std::string csv = "kind,nis_code,name_nl\nmunicipality," + nis + ",Importstad\n";
  auto dry = Import(*admin.client, "organisations", csv, true);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.Json()["dry_run"], true);
  EXPECT_EQ(dry.Json()["created"], 1);
  EXPECT_EQ(server().Count("organisations"), orgs);

  auto real = Import(*admin.client, "organisations", csv);
  ASSERT_EQ(real.status, 200) << real.body;
  EXPECT_EQ(real.Json()["created"], 1);
  EXPECT_EQ(server().Count("organisations"), orgs + 1);

  auto again = Import(*admin.client, "organisations",
                      "kind,nis_code,name_nl,extra\nmunicipality," + nis + ",Importstad Nieuw,x\n");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["created"], 0);
  EXPECT_EQ(again.Json()["updated"], 1);
  EXPECT_EQ(again.Json()["ignored_columns"], nlohmann::json::array({"extra"}));
  EXPECT_EQ(server().Count("organisations"), orgs + 1);
  EXPECT_EQ(server().Text("SELECT name_nl FROM organisations WHERE nis_code = $1", {nis}),
            "Importstad Nieuw");
}

TEST_P(ApiImportTest, OnlyTheWarRoomImportsAndOnlyCsv) {
  auto& spoc = server().As(Role::kSpoc, server().OrgId("99001"));
  auto denied =
      Import(*spoc.client, "organisations", "kind,nis_code,name_nl\nmunicipality,98201,X\n");
  EXPECT_EQ(denied.status, 403) << denied.body;
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  auto json_body = admin.client->Send("POST", "/api/imports/organisations", "{}");
  EXPECT_EQ(json_body.status, 415);
  EXPECT_TRUE(json_body.IsProblem());
  auto bad_flag = admin.client->Send("POST", "/api/imports/organisations?dry_run=yes",
                                     "kind,nis_code,name_nl\n", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(bad_flag.status, 400);
}

TEST_P(ApiImportTest, ReimportKeepsTheColumnsTheFileLacksAndClearsOnlyOnRequest) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  // Luik (reference data) re-imported from a file with three columns keeps the rest.
  auto luik =
      Import(*admin.client, "organisations", "kind,nis_code,name_nl\nmunicipality,62063,Luik\n");
  ASSERT_EQ(luik.status, 200) << luik.body;
  const std::string sql =
      "SELECT COALESCE(province_nis, '-') || '/' || COALESCE(region_nis, '-') || "
      "'/' || COALESCE(name_fr, '-') FROM organisations WHERE nis_code = $1";
  EXPECT_EQ(server().Text(sql, {std::string("62063")}), "60000/03000/Liège");

  const std::string create =
      "kind,nis_code,name_nl,name_fr,name_en,region_nis,province_nis\n"
      "municipality,98401,Wisstad,Effaceville,Wipetown,02000,10000\n";
  ASSERT_EQ(Import(*admin.client, "organisations", create).status, 200);
  // An empty cell keeps; (empty) clears.
  auto clear = Import(*admin.client, "organisations",
                      "nis_code,name_nl,name_fr,name_en,province_nis\n"
                      "98401,Wisstad,,(empty),(empty)\n");
  ASSERT_EQ(clear.status, 200) << clear.body;
  EXPECT_EQ(clear.Json()["updated"], 1);
  EXPECT_EQ(server().Text(sql, {std::string("98401")}), "-/02000/Effaceville");
  EXPECT_EQ(server().Count("organisations", "nis_code = '98401' AND name_en IS NULL"), 1);
  // What cannot be empty says so, with its line and column.
  auto bad =
      Import(*admin.client, "organisations", "nis_code,name_nl,kind\n98401,(empty),(empty)\n");
  ASSERT_EQ(bad.status, 422) << bad.body;
  bool name = false, kind = false;
  const auto bad_errors = bad.Json()["errors"];
  for (const auto& e : bad_errors) {
    name = name || (e.value("line", 0) == 2 && e.value("column", 0) == 2);
    kind = kind || (e.value("line", 0) == 2 && e.value("column", 0) == 3 &&
                    e.value("code", "") == "cannot_clear");
  }
  EXPECT_TRUE(name && kind) << bad.body;
}

TEST_P(ApiImportTest, ANisCodeOutsideTheGivenProvinceOrRegionIsAnError) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  const int64_t orgs = server().Count("organisations");
  // 62xxx lies in the province of Luik (60000), in Wallonia (03000).
  auto r = Import(*admin.client, "organisations",
                  "nis_code,name_nl,province_nis,region_nis\n"
                  "62998,Juiste Plek,60000,03000\n"
                  "62999,Verkeerde Plek,10000,02000\n");
  ASSERT_EQ(r.status, 422) << r.body;
  bool province = false, region = false;
  const auto errors = r.Json()["errors"];
  for (const auto& e : errors) {
    province = province || (e.value("line", 0) == 3 && e.value("column", 0) == 3 &&
                            e.value("code", "") == "nis_code_outside_province");
    region = region || (e.value("line", 0) == 3 && e.value("column", 0) == 4 &&
                        e.value("code", "") == "nis_code_outside_region");
  }
  EXPECT_TRUE(province && region) << r.body;
  EXPECT_EQ(server().Count("organisations"), orgs);
}

TEST_P(ApiImportTest, ImportedChangesAreAuditedAndBumpVersionsLikeTheApi) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  ASSERT_EQ(Import(*admin.client, "organisations",
                   "kind,nis_code,name_nl\nmunicipality,98501,Auditstad\n")
                .status,
            200);
  const int64_t org = server().OrgId("98501");
  const std::string id = std::to_string(org);
  EXPECT_EQ(
      server().Count("audit_log", "action = 'organisation.create' AND object_id = '" + id + "'"),
      1);
  const std::string version_sql = "SELECT CAST(version AS TEXT) FROM organisations WHERE id = $1";
  const std::string before = server().Text(version_sql, {org});

  auto people = Import(*admin.client, "people",
                       "organisation_nis,external_id,full_name,spoc_order\n"
                       "98501,audit-p-1,Eerste Spoc,0\n"
                       "98501,audit-p-2,Tweede Adjunct,1\n");
  ASSERT_EQ(people.status, 200) << people.body;
  EXPECT_EQ(server().Count("audit_log", "action = 'person.create' AND organisation_id = " + id), 2);
  EXPECT_EQ(
      server().Count("audit_log", "action = 'organisation.set_spoc' AND object_id = '" + id + "'"),
      1);
  EXPECT_EQ(std::stoi(server().Text(version_sql, {org})), std::stoi(before) + 1);
  EXPECT_EQ(server().Count("spoc_assignments", "organisation_id = " + id), 2);

  // The same file again changes nothing, so it audits nothing.
  ASSERT_EQ(Import(*admin.client, "people",
                   "organisation_nis,external_id,full_name,spoc_order\n"
                   "98501,audit-p-1,Eerste Spoc,0\n98501,audit-p-2,Tweede Adjunct,1\n")
                .status,
            200);
  EXPECT_EQ(server().Count("audit_log", "organisation_id = " + id), 4);
  // Taking the deputy off the list: audited, and the SPOC stays.
  auto off =
      Import(*admin.client, "people",
             "organisation_nis,external_id,full_name,spoc_order\n98501,audit-p-2,,(empty)\n");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(
      server().Count("audit_log", "action = 'organisation.set_spoc' AND object_id = '" + id + "'"),
      2);
  EXPECT_EQ(server().Count("spoc_assignments", "organisation_id = " + id), 1);
  EXPECT_EQ(server().Count("spoc_assignments", "organisation_id = " + id + " AND position = 0"), 1);
}

TEST_P(ApiImportTest, ALongImportCommitsInBatchesAndABadRowAnywhereStoresNothing) {
  core::Principal admin;
  admin.role = Role::kWarroomAdmin;
  admin.label = "test";
  auto& import = *server().ctx().import;
  std::string csv = "kind,external_id,name_nl\n";
  for (int i = 0; i < 25; ++i) {
    csv += "ict_provider,batch-" + std::to_string(i) + ",Batch " + std::to_string(i) + "\n";
  }
  const int64_t orgs = server().Count("organisations");
  service::ImportOptions options;
  options.batch_rows = 10;
  std::vector<std::pair<int, int64_t>> seen;  // rows written, organisations a reader sees
  options.on_progress = [&](const service::ImportProgress& progress) {
    EXPECT_EQ(progress.total, 25);
    seen.emplace_back(progress.written, server().Count("organisations") - orgs);
  };

  // A bad row at the very end: nothing is stored, no batch is written.
  auto bad = import.ImportOrganisations(admin, csv + "spaceship,batch-x,Vreemd\n", options);
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].line, 27);
  EXPECT_TRUE(seen.empty());
  EXPECT_EQ(server().Count("organisations"), orgs);

  auto report = import.ImportOrganisations(admin, csv, options);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->batches, 3);
  EXPECT_EQ(report->written, 25);
  EXPECT_EQ(report->created, 25);
  // Each batch was committed, and readable by others, before the next one began.
  const std::vector<std::pair<int, int64_t>> expected{{10, 10}, {20, 20}, {25, 25}};
  EXPECT_EQ(seen, expected);

  // Over the API the report says how much was written.
  auto& client = server().As(Role::kWarroomAdmin, server().WarRoomId());
  auto api = Import(*client.client, "organisations", csv);
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_EQ(api.Json()["written"], 25);
  EXPECT_EQ(api.Json()["batches"], 1);
}

WR_API_INSTANTIATE(ApiImportTest);

// Runs the CLI; returns its exit status and puts its stdout and stderr (only stderr
// when `stderr_only`) in `out`.
int RunCli(const std::string& args, std::string& out, bool stderr_only = false) {
  const std::string cmd =
      std::string("'") + WARROOM_CLI + "' " + args + (stderr_only ? " 2>&1 >/dev/null" : " 2>&1");
  out.clear();
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int rc = pclose(pipe);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(ApiImportCliTest, HelpListsTheColumnsErrorsNameTheAllowedValuesProgressGoesToStderr) {
  std::string out;
  ASSERT_EQ(RunCli("import organisations --help", out), 0) << out;
  for (const char* word : {"name_nl", "nis_code", "external_id", "province_nis", "merged_into_nis",
                           "(empty)", "social_welfare_centre"}) {
    EXPECT_NE(out.find(word), std::string::npos) << word << " in " << out;
  }
  ASSERT_EQ(RunCli("import people --help", out), 0) << out;
  for (const char* word :
       {"full_name", "organisation_nis", "spoc_order", "verified_at", "ict_lead", "(empty)"}) {
    EXPECT_NE(out.find(word), std::string::npos) << word << " in " << out;
  }

  const std::string dir = MakeTempDir("warroom-import-cli");
  ASSERT_FALSE(dir.empty());
  ASSERT_EQ(
      RunCli("--data-dir '" + dir + "' --reference-data '" + ReferenceDataDir() + "' init --json",
             out),
      0)
      << out;
  const std::string file = dir + "/orgs.csv";
  std::ofstream(file) << "kind,external_id,name_nl\nspaceship,cli-1,Vreemd\n";
  EXPECT_EQ(RunCli("--data-dir '" + dir + "' import organisations '" + file + "'", out, true), 2);
  EXPECT_NE(out.find("line 2, column kind: unknown_kind"), std::string::npos) << out;
  EXPECT_NE(out.find("allowed: municipality, social_welfare_centre"), std::string::npos) << out;
  std::ofstream(file) << "kind,external_id,name_nl\nict_provider,cli-1,Goed\n";
  EXPECT_EQ(RunCli("--data-dir '" + dir + "' import organisations '" + file + "'", out), 0) << out;
  EXPECT_NE(out.find("warroom: import: 1 of 1 rows written"), std::string::npos) << out;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace warroom::apitest
