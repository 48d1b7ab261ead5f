// CSV imports over the API: every bad row reported with line and column, all or
// nothing, dry runs store nothing, re-imports update by NIS code.
#include <gtest/gtest.h>

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
  const std::string nis = GetParam() == storage::Engine::kSqlite ? "98101" : "98102";
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

WR_API_INSTANTIATE(ApiImportTest);

}  // namespace
}  // namespace warroom::apitest
