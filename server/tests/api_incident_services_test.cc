// Critical services, the recovery view and restart funding (issue 13, C2) through the HTTP
// API on both engines: declaring with services down; status changes and their history;
// If-Match on a service already on the incident; the recovery view's order and scope; the
// maintained list (the admin's); funding requested by the victim and decided by the war
// room only; and bad input refused with nothing stored.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "libs/base/rfc3339.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;

using ApiIncidentServicesTest = ApiTest;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string MinutesAgo(int64_t minutes) { return FormatRfc3339(NowMs() - minutes * 60'000); }

json Declaration(const std::string& title, int64_t detected_minutes_ago = 120) {
  return {{"title", title},
          {"what_happened", "File servers encrypted."},
          {"detected_at", MinutesAgo(detected_minutes_ago)},
          {"severity", 1},
          {"is_exercise", true}};
}

std::string Path(int64_t id) { return "/api/incidents/" + std::to_string(id); }

class Fixture {
 public:
  explicit Fixture(TestServer& s) : s_(s) {}

  HttpClient& Admin() { return *s_.As(Role::kWarroomAdmin, s_.WarRoomId()).client; }

  int64_t Declare(HttpClient& c, const json& body) {
    auto r = c.Post("/api/incidents", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json()["id"].get<int64_t>() : 0;
  }

  std::map<std::string, int64_t> Counts() {
    return {{"incidents", s_.Count("incidents")},
            {"incident_services", s_.Count("incident_services")},
            {"incident_service_history", s_.Count("incident_service_history")},
            {"incident_funding_requests", s_.Count("incident_funding_requests")},
            {"critical_services", s_.Count("critical_services")},
            {"audit_log", s_.Count("audit_log")},
            {"events", s_.Count("events")}};
  }

 private:
  TestServer& s_;
};

TEST_P(ApiIncidentServicesTest, ADeclarationWithServicesDownStartsTheirOutageAtDetection) {
  TestServer& s = server();
  Fixture f(s);
  HttpClient& spoc = *s.As(Role::kSpoc, s.OrgId("99001")).client;
  json body = Declaration("Oefenstad: e-mail and register down", 90);
  body["services_down"] = {"email", "population_register", "website"};
  const int64_t id = f.Declare(spoc, body);
  ASSERT_GT(id, 0);
  const json detected = spoc.Get(Path(id)).Json()["detected_at"];
  auto r = spoc.Get(Path(id) + "/services");
  ASSERT_EQ(r.status, 200) << r.body;
  const json items = r.Json()["items"];
  ASSERT_EQ(items.size(), 3u);
  // In the list's order: population register, e-mail, website.
  EXPECT_EQ(items[0]["service_key"], "population_register");
  EXPECT_EQ(items[1]["service_key"], "email");
  EXPECT_EQ(items[2]["service_key"], "website");
  for (const auto& item : items) {
    EXPECT_EQ(item["status"], "down");
    EXPECT_EQ(item["since"], detected);
    EXPECT_GE(item["outage_seconds"].get<int64_t>(), 89 * 60);
    EXPECT_EQ(item["overdue"], false);
  }
  EXPECT_EQ(s.Count("incident_service_history", "incident_id = " + std::to_string(id)), 3);
  EXPECT_EQ(s.Count("audit_log", "action = 'incident.service.put'"), 3);

  // An unknown service refuses the whole declaration.
  const auto before = f.Counts();
  body["services_down"] = {"email", "teleportation"};
  auto bad = spoc.Post("/api/incidents", body);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("/services_down/1"), std::string::npos) << bad.body;
  EXPECT_EQ(f.Counts(), before);
}

TEST_P(ApiIncidentServicesTest, StatusChangesKeepAHistoryAndNeedTheCurrentVersion) {
  TestServer& s = server();
  Fixture f(s);
  const int64_t org = s.OrgId("99001");
  HttpClient& spoc = *s.As(Role::kSpoc, org).client;
  json body = Declaration("Oefenstad");
  body["organisation_id"] = org;
  const int64_t id = f.Declare(f.Admin(), body);
  const std::string svc = Path(id) + "/services/payroll";

  // A service not yet on the incident is added without If-Match.
  auto added = spoc.Send(
      "PUT", svc,
      json({{"status", "down"}, {"since", MinutesAgo(60)}, {"restore_target", MinutesAgo(-600)}})
          .dump());
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.Header("etag"), "W/\"1\"");
  // Once there, a change without If-Match is 428, a stale one 412, and nothing changes.
  const auto before = f.Counts();
  auto bare = spoc.Send("PUT", svc, json({{"status", "degraded"}}).dump());
  EXPECT_EQ(bare.status, 428) << bare.body;
  auto stale = spoc.Put(svc, {{"status", "degraded"}}, "W/\"7\"");
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(f.Counts(), before);

  auto degraded = f.Admin().Put(svc, {{"status", "degraded"}, {"note", "manual payroll"}},
                                added.Header("etag"));
  ASSERT_EQ(degraded.status, 200) << degraded.body;
  // The second operator's old version is refused.
  auto lost = spoc.Put(svc, {{"status", "restored"}}, added.Header("etag"));
  EXPECT_EQ(lost.status, 412) << lost.body;
  auto restored = spoc.Put(svc, {{"status", "restored"}}, degraded.Header("etag"));
  ASSERT_EQ(restored.status, 200) << restored.body;
  const json j = restored.Json();
  EXPECT_EQ(j["status"], "restored");
  EXPECT_EQ(j["since"], added.Json()["since"]) << "the outage keeps its start";
  EXPECT_FALSE(j["restored_at"].is_null());
  EXPECT_EQ(j["note"], "manual payroll");
  EXPECT_EQ(j["version"], 3);
  ASSERT_EQ(j["history"].size(), 3u);
  EXPECT_TRUE(j["history"][0]["from"].is_null());
  EXPECT_EQ(j["history"][0]["to"], "down");
  EXPECT_EQ(j["history"][1]["from"], "down");
  EXPECT_EQ(j["history"][1]["to"], "degraded");
  EXPECT_EQ(j["history"][2]["from"], "degraded");
  EXPECT_EQ(j["history"][2]["to"], "restored");
  EXPECT_EQ(spoc.Get(svc).Json()["history"].size(), 3u);
  EXPECT_EQ(s.Count("events", "topic = 'incident.services'"), 3);
  // The event carries ids only.
  EXPECT_EQ(s.Count("events", "topic = 'incident.services' AND payload LIKE '%manual%'"), 0);
}

TEST_P(ApiIncidentServicesTest, BadServiceInputIsRefusedAndStoresNothing) {
  TestServer& s = server();
  Fixture f(s);
  const int64_t org = s.OrgId("99001");
  HttpClient& spoc = *s.As(Role::kSpoc, org).client;
  json body = Declaration("Oefenstad");
  body["organisation_id"] = org;
  const int64_t id = f.Declare(f.Admin(), body);
  const auto before = f.Counts();
  const std::string base = Path(id) + "/services/";
  struct Case {
    std::string key;
    json body;
    int status;
    std::string field;
  };
  const Case cases[] = {
      {"teleportation", {{"status", "down"}}, 400, "/service_key"},
      {"email", {{"status", "up"}}, 400, "/status"},
      {"email", {{"status", "down"}, {"since", MinutesAgo(-120)}}, 400, "/since"},
      {"email",
       {{"status", "down"}, {"since", MinutesAgo(60)}, {"restore_target", MinutesAgo(120)}},
       400,
       "/restore_target"},
      {"email",
       {{"status", "restored"}, {"since", MinutesAgo(60)}, {"restored_at", MinutesAgo(120)}},
       400,
       "/restored_at"},
      {"email", {{"status", "down"}, {"restored_at", MinutesAgo(1)}}, 400, "/restored_at"},
      {"email", {{"status", "down"}, {"colour", "red"}}, 400, "colour"},
  };
  for (const auto& c : cases) {
    auto r = spoc.Send("PUT", base + c.key, c.body.dump());
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " " << r.body;
    EXPECT_NE(r.body.find(c.field), std::string::npos) << c.body.dump() << " " << r.body;
  }
  EXPECT_EQ(f.Counts(), before);
}

TEST_P(ApiIncidentServicesTest, TheRecoveryViewListsWhatIsStillOutLongestFirstWithinScope) {
  TestServer& s = server();
  Fixture f(s);
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  HttpClient& spoc_a = *s.As(Role::kSpoc, a).client;
  HttpClient& spoc_b = *s.As(Role::kSpoc, b).client;
  json first = Declaration("Oefenstad", 600);
  first["services_down"] = {"email", "payroll"};
  const int64_t ia = f.Declare(spoc_a, first);
  json second = Declaration("Proefdorp", 60);
  second["services_down"] = {"website"};
  const int64_t ib = f.Declare(spoc_b, second);
  // Oefenstad's payroll is back; its e-mail has a target already passed.
  auto payroll = spoc_a.Get(Path(ia) + "/services/payroll");
  ASSERT_EQ(
      spoc_a.Put(Path(ia) + "/services/payroll", {{"status", "restored"}}, payroll.Header("etag"))
          .status,
      200);
  auto email = spoc_a.Get(Path(ia) + "/services/email");
  ASSERT_EQ(
      spoc_a
          .Put(Path(ia) + "/services/email",
               {{"status", "degraded"}, {"restore_target", MinutesAgo(30)}}, email.Header("etag"))
          .status,
      200);

  // The engine's server is shared by the tests: only these two incidents' rows count.
  const auto mine = [&](const json& all) {
    json out = json::array();
    for (const auto& item : all) {
      if (item["incident"]["id"] == ia || item["incident"]["id"] == ib) out.push_back(item);
    }
    return out;
  };
  auto all = f.Admin().Get("/api/recovery");
  ASSERT_EQ(all.status, 200) << all.body;
  const json items = mine(all.Json()["items"]);
  ASSERT_EQ(items.size(), 2u) << items.dump();
  EXPECT_EQ(items[0]["incident"]["id"], ia);
  EXPECT_EQ(items[0]["service_key"], "email");
  EXPECT_EQ(items[0]["status"], "degraded");
  EXPECT_EQ(items[0]["overdue"], true);
  EXPECT_EQ(items[1]["incident"]["id"], ib);
  EXPECT_EQ(items[1]["service_key"], "website");
  EXPECT_EQ(items[1]["overdue"], false);

  // A SPOC sees her own organisation's only; another organisation's SPOC sees nothing of
  // Oefenstad's, and its services are not found.
  auto own = spoc_b.Get("/api/recovery");
  ASSERT_EQ(own.status, 200);
  const json own_items = own.Json()["items"];
  for (const auto& item : own_items) {
    EXPECT_EQ(item["incident"]["organisation"]["id"], b) << item.dump();
  }
  ASSERT_EQ(mine(own_items).size(), 1u);
  EXPECT_EQ(mine(own_items)[0]["incident"]["id"], ib);
  HttpClient& spoc_c = *s.As(Role::kSpoc, s.OrgId("11002")).client;
  EXPECT_EQ(mine(spoc_c.Get("/api/recovery").Json()["items"]).size(), 0u);
  EXPECT_EQ(spoc_b.Get(Path(ia) + "/services").status, 404);
  EXPECT_EQ(spoc_b.Get(Path(ia) + "/services/email").status, 404);
  const auto before = f.Counts();
  EXPECT_EQ(spoc_b.Send("PUT", Path(ia) + "/services/telephony", json({{"status", "down"}}).dump())
                .status,
            404);
  EXPECT_EQ(f.Counts(), before);
  // An observer has no incidents at all.
  EXPECT_EQ(s.As(Role::kObserver, s.WarRoomId()).client->Get("/api/recovery").status, 403);
}

TEST_P(ApiIncidentServicesTest, TheListIsInTheReadersLanguageAndTheAdminsToChange) {
  TestServer& s = server();
  Fixture f(s);
  HttpClient& spoc = *s.As(Role::kSpoc, s.OrgId("99001")).client;
  auto fr = spoc.Get("/api/critical-services?lang=fr");
  ASSERT_EQ(fr.status, 200) << fr.body;
  const json items = fr.Json()["items"];
  ASSERT_GE(items.size(), 15u);
  EXPECT_EQ(items[0]["key"], "population_register");
  EXPECT_EQ(items[0]["name"], "Registre de la population");
  EXPECT_EQ(spoc.Get("/api/critical-services?lang=xx").status, 400);

  HttpClient& analyst = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  const auto before = f.Counts();
  const json entry = {{"key", "building_access"},       {"name_nl", "Toegangscontrole"},
                      {"name_fr", "Contrôle d'accès"},  {"name_en", "Building access"},
                      {"name_de", "Zutrittskontrolle"}, {"position", 175}};
  EXPECT_EQ(spoc.Post("/api/critical-services", entry).status, 403);
  EXPECT_EQ(analyst.Post("/api/critical-services", entry).status, 403);
  EXPECT_EQ(f.Counts(), before);
  auto added = f.Admin().Post("/api/critical-services", entry);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(f.Admin().Post("/api/critical-services", entry).status, 409);
  // Retired: no longer offered, no longer accepted on a new incident's service.
  auto retired = f.Admin().Patch("/api/critical-services/building_access", {{"active", false}},
                                 added.Header("etag"));
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(f.Admin()
                .Patch("/api/critical-services/building_access", {{"name_en", "Doors"}},
                       added.Header("etag"))
                .status,
            412);
  const std::string listed = spoc.Get("/api/critical-services").body;
  EXPECT_EQ(listed.find("building_access"), std::string::npos);
  json body = Declaration("Oefenstad");
  body["services_down"] = {"building_access"};
  EXPECT_EQ(spoc.Post("/api/incidents", body).status, 400);
  EXPECT_EQ(s.Count("audit_log", "action LIKE 'critical_service.%'"), 2);
}

TEST_P(ApiIncidentServicesTest, TheVictimAsksForFundingAndOnlyTheWarRoomDecides) {
  TestServer& s = server();
  Fixture f(s);
  const int64_t a = s.OrgId("99001");
  HttpClient& spoc = *s.As(Role::kSpoc, a).client;
  const int64_t id = f.Declare(spoc, Declaration("Oefenstad"));
  const std::string base = Path(id) + "/funding";
  const auto empty = f.Counts();
  // Bad requests store nothing.
  EXPECT_EQ(spoc.Post(base, {{"kind", "gift"}, {"amount_cents", 100}, {"purpose", "x"}}).status,
            400);
  EXPECT_EQ(
      spoc.Post(base, {{"kind", "restart_funding"}, {"amount_cents", 0}, {"purpose", "x"}}).status,
      400);
  EXPECT_EQ(spoc.Post(base, {{"kind", "restart_funding"},
                             {"amount_cents", int64_t{10'000'000'001}},
                             {"purpose", "x"}})
                .status,
            400);
  EXPECT_EQ(
      spoc.Post(base, {{"kind", "restart_funding"}, {"amount_cents", 100}, {"purpose", ""}}).status,
      400);
  EXPECT_EQ(f.Counts(), empty);

  auto asked = spoc.Post(base, {{"kind", "restart_funding"},
                                {"amount_cents", 25'000'000},
                                {"purpose", "New servers and a clean network core"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  const int64_t fid = asked.Json()["id"].get<int64_t>();
  EXPECT_EQ(asked.Json()["decision"], "pending");
  const std::string decide = base + "/" + std::to_string(fid) + "/decision";
  HttpClient& other = *s.As(Role::kSpoc, s.OrgId("99002")).client;
  HttpClient& analyst = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  const auto before = f.Counts();
  // The victim may not decide on her own request; another SPOC does not even find it.
  auto own = spoc.Send("POST", decide, json({{"decision", "granted"}}).dump(),
                       {{"If-Match", asked.Header("etag")}});
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(other.Get(base).status, 404);
  EXPECT_EQ(
      other.Post(base, {{"kind", "restart_funding"}, {"amount_cents", 1}, {"purpose", "x"}}).status,
      404);
  auto bad = analyst.Send("POST", decide, json({{"decision", "partially_granted"}}).dump(),
                          {{"If-Match", asked.Header("etag")}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(f.Counts(), before);

  auto granted =
      analyst.Send("POST", decide,
                   json({{"decision", "partially_granted"},
                         {"granted_cents", 15'000'000},
                         {"note", "Network core now, servers after the insurer's answer"}})
                       .dump(),
                   {{"If-Match", asked.Header("etag")}});
  ASSERT_EQ(granted.status, 200) << granted.body;
  EXPECT_EQ(granted.Json()["decision"], "partially_granted");
  EXPECT_EQ(granted.Json()["granted_cents"], 15'000'000);
  EXPECT_FALSE(granted.Json()["decided_at"].is_null());
  // Decided once: a second decision conflicts, a stale one is 412.
  EXPECT_EQ(analyst
                .Send("POST", decide, json({{"decision", "refused"}}).dump(),
                      {{"If-Match", granted.Header("etag")}})
                .status,
            409);
  EXPECT_EQ(analyst
                .Send("POST", decide, json({{"decision", "refused"}}).dump(),
                      {{"If-Match", asked.Header("etag")}})
                .status,
            412);
  auto list = spoc.Get(base);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["decision"], "partially_granted");
  EXPECT_EQ(s.Count("audit_log", "action LIKE 'incident.funding.%'"), 2);
  EXPECT_EQ(s.Count("events", "topic = 'incident.funding'"), 2);
}

WR_API_INSTANTIATE(ApiIncidentServicesTest);

}  // namespace
}  // namespace warroom::apitest
