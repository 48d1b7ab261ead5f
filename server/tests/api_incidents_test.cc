// Incidents (issue 13, first slice) through the HTTP API on both engines: who may declare,
// read, change and move which incident (every role against one organisation's incident,
// allow and deny asserted, nothing stored on a refusal); TLP:RED for the war room only;
// If-Match against concurrent edits; the workflow's refusals; the legal clocks as the API
// shows them; the vocabulary; and the live events each caller hears on resumption.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "libs/base/rfc3339.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;
using namespace std::chrono_literals;

using ApiIncidentsTest = ApiTest;

// An RFC 3339 time `minutes` before now.
std::string MinutesAgo(int64_t minutes) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return FormatRfc3339(now - minutes * 60'000);
}

json Declaration(const std::string& title) {
  return {{"title", title},
          {"what_happened", "File servers encrypted.\nRansom note signed by a Play-like crew."},
          {"detected_at", MinutesAgo(30)},
          {"severity", 1},
          {"rsit_class", "malicious-code"},
          {"rsit_type", "infected-system"},
          {"local_lead", "Jan Voorbeeld"},
          {"callback_number", "+32 499 00 12 34"},
          {"is_exercise", true}};
}

std::string Path(int64_t id) { return "/api/incidents/" + std::to_string(id); }

json Entry(const std::string& kind, const std::string& text, int64_t minutes_ago = 10) {
  return {
      {"kind", kind}, {"text", text}, {"happened_at", MinutesAgo(minutes_ago)}, {"tlp", "amber"}};
}

std::vector<int64_t> Ids(const json& items) {
  std::vector<int64_t> out;
  for (const auto& e : items) out.push_back(e["id"].get<int64_t>());
  return out;
}

class Incidents {
 public:
  explicit Incidents(TestServer& s) : s_(s) {}

  HttpClient& Admin() { return *s_.As(Role::kWarroomAdmin, s_.WarRoomId()).client; }

  // An incident of `org` declared by the war room; returns its id.
  int64_t DeclareFor(int64_t org, json body = Declaration("Declared by the war room")) {
    body["organisation_id"] = org;
    auto r = Admin().Post("/api/incidents", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json()["id"].get<int64_t>() : 0;
  }

  std::string ETagOf(int64_t id) { return Admin().Get(Path(id)).Header("etag"); }
  // The timeline of `id` as `c` (the admin by default) sees it.
  json Timeline(int64_t id, HttpClient* c = nullptr, const std::string& query = "") {
    auto r = (c != nullptr ? *c : Admin()).Get(Path(id) + "/timeline" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json()["items"] : json::array();
  }
  json Read(int64_t id) { return Admin().Get(Path(id)).Json(); }

  // The rows a refused request must not have touched.
  std::map<std::string, int64_t> Counts() {
    return {{"incidents", s_.Count("incidents")},
            {"incident_timeline", s_.Count("incident_timeline")},
            {"incident_timeline_named", s_.Count("incident_timeline_named")},
            {"audit_log", s_.Count("audit_log")},
            {"events", s_.Count("events")}};
  }

 private:
  TestServer& s_;
};

bool Lists(const HttpResponse& r, int64_t id) {
  if (r.status != 200) return false;
  const json body = r.Json();
  for (const auto& item : body["items"]) {
    if (item["id"] == id) return true;
  }
  return false;
}

TEST_P(ApiIncidentsTest, ASpocDeclaresForHerOrganisationAuditedAndPublished) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t a = s.OrgId("99001");
  HttpClient& spoc = *s.As(Role::kSpoc, a).client;
  const auto before = in.Counts();
  json body = Declaration("Oefenstad: file servers encrypted");
  body["personal_data"] = true;
  body["nis2_applicable"] = true;
  auto r = spoc.Post("/api/incidents", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("etag"), "W/\"1\"");
  const json j = r.Json();
  const int64_t id = j["id"].get<int64_t>();
  EXPECT_EQ(r.Header("location"), Path(id));
  EXPECT_EQ(j["organisation"]["id"], a);
  EXPECT_EQ(j["status"], "reported");
  EXPECT_EQ(j["severity"], 1);
  EXPECT_EQ(j["is_exercise"], true);
  EXPECT_EQ(j["tlp"], "amber");
  EXPECT_EQ(j["became_aware_at"], j["detected_at"]) << "awareness defaults to detection";
  // Named as her account is, not by her sign-in address.
  EXPECT_EQ(j["declared_by"],
            s.Text("SELECT display_name FROM users WHERE id = $1", {s.As(Role::kSpoc, a).id}));
  EXPECT_EQ(j["declared_by"].get<std::string>().find('@'), std::string::npos) << j["declared_by"];
  EXPECT_EQ(j["next_statuses"], json({"triage", "containment", "closed"}));
  ASSERT_EQ(j["clocks"].size(), 4u);
  EXPECT_EQ(j["clocks"][0]["kind"], "gdpr_notification");
  EXPECT_EQ(j["clocks"][1]["kind"], "nis2_early_warning");
  EXPECT_FALSE(j["clocks"][1]["done"].get<bool>());
  // 24 h from awareness 30 minutes ago: about 23.5 h left.
  const int64_t left = j["clocks"][1]["seconds_left"].get<int64_t>();
  EXPECT_GT(left, 23 * 3600);
  EXPECT_LT(left, 24 * 3600);

  const auto after = in.Counts();
  EXPECT_EQ(after.at("incidents"), before.at("incidents") + 1);
  EXPECT_EQ(s.Count("audit_log",
                    "action = 'incident.declare' AND object_id = '" + std::to_string(id) + "'"),
            1);
  EXPECT_EQ(s.Text("SELECT CAST(organisation_id AS TEXT) FROM events WHERE topic = "
                   "'incident.declared' ORDER BY id DESC LIMIT 1",
                   {}),
            std::to_string(a));
}

// Every role against one incident of organisation A: the object rules on top of the role
// table (which api_access_matrix_test checks for every route).
TEST_P(ApiIncidentsTest, EveryRoleAndEveryIncidentActionFollowTheScope) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t wr = s.WarRoomId();
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  const int64_t p = s.OrgId("demo-ict");
  ASSERT_TRUE(a && b && p);
  enum class Expect { kAll, kNotFound, kForbidden };
  struct Row {
    std::string name;
    Role role;
    int64_t org;
    Expect expect;
  };
  const std::vector<Row> rows = {
      {"war room admin", Role::kWarroomAdmin, wr, Expect::kAll},
      {"war room analyst", Role::kWarroomAnalyst, wr, Expect::kAll},
      {"SPOC of A", Role::kSpoc, a, Expect::kAll},
      {"member of A", Role::kMember, a, Expect::kAll},
      {"SPOC of B", Role::kSpoc, b, Expect::kNotFound},
      {"member of B", Role::kMember, b, Expect::kNotFound},
      {"provider P (serves A)", Role::kProvider, p, Expect::kForbidden},
      {"auditor of A", Role::kAuditor, a, Expect::kForbidden},
      {"observer", Role::kObserver, wr, Expect::kForbidden},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    HttpClient& c = *s.As(row.role, row.org).client;
    const int64_t id = in.DeclareFor(a);
    ASSERT_NE(id, 0);
    const std::string etag = in.ETagOf(id);
    const auto before = in.Counts();

    const auto list = c.Get("/api/incidents?status=open&limit=200");
    const auto get = c.Get(Path(id));
    const auto patch = c.Patch(Path(id), {{"severity", 2}}, etag);
    const auto move = c.Send("POST", Path(id) + "/transitions", json({{"to", "triage"}}).dump(),
                             {{"If-Match", row.expect == Expect::kAll ? "W/\"2\"" : etag}});
    json declare_body = Declaration("declared for A by " + row.name);
    declare_body["organisation_id"] = a;
    const auto declare = c.Post("/api/incidents", declare_body);
    const auto timeline = c.Get(Path(id) + "/timeline");
    const auto append = c.Post(Path(id) + "/timeline", Entry("observation", "seen by " + row.name));
    const auto people = c.Get(Path(id) + "/people");

    switch (row.expect) {
      case Expect::kAll:
        EXPECT_TRUE(Lists(list, id)) << list.body.substr(0, 300);
        EXPECT_EQ(get.status, 200) << get.body;
        EXPECT_EQ(patch.status, 200) << patch.body;
        EXPECT_EQ(move.status, 200) << move.body;
        EXPECT_EQ(declare.status, 201) << declare.body;
        EXPECT_EQ(timeline.status, 200) << timeline.body;
        EXPECT_EQ(append.status, 201) << append.body;
        EXPECT_EQ(people.status, 200) << people.body;
        EXPECT_EQ(in.Timeline(id).size(), 1u);
        EXPECT_EQ(in.Read(id)["status"], "triage");
        EXPECT_EQ(in.Read(id)["severity"], 2);
        continue;
      case Expect::kNotFound:
        EXPECT_EQ(list.status, 200);
        EXPECT_FALSE(Lists(list, id)) << "another organisation's incident is listed";
        EXPECT_EQ(get.status, 404) << get.body;
        EXPECT_EQ(patch.status, 404) << patch.body;
        EXPECT_EQ(move.status, 404) << move.body;
        EXPECT_EQ(declare.status, 403) << declare.body;
        EXPECT_EQ(timeline.status, 404) << timeline.body;
        EXPECT_EQ(append.status, 404) << append.body;
        EXPECT_EQ(people.status, 404) << people.body;
        break;
      case Expect::kForbidden:
        for (const auto* r : {&list, &get, &patch, &move, &declare, &timeline, &append, &people}) {
          EXPECT_EQ(r->status, 403) << r->body;
          EXPECT_TRUE(r->IsProblem());
          if (r->IsProblem()) {
            EXPECT_EQ(r->Json()["code"], "role_not_permitted");
          }
        }
        break;
    }
    EXPECT_EQ(in.Counts(), before) << "a refusal stored something";
    EXPECT_EQ(in.Read(id)["version"], 1);
  }
}

TEST_P(ApiIncidentsTest, DeclarationsAreCheckedAndRefusalsStoreNothing) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  HttpClient& spoc = *s.As(Role::kSpoc, a).client;
  in.Admin();  // signed in before counting: a sign-in is audited
  const auto before = in.Counts();
  const auto refused = [&](HttpClient& c, const json& body, int status,
                           const std::string& field_or_code) {
    auto r = c.Post("/api/incidents", body);
    EXPECT_EQ(r.status, status) << body.dump() << " -> " << r.body;
    EXPECT_TRUE(r.IsProblem()) << r.body;
    EXPECT_NE(r.body.find(field_or_code), std::string::npos) << r.body;
  };
  json other = Declaration("for another organisation");
  other["organisation_id"] = b;
  refused(spoc, other, 403, "own organisation");
  json future = Declaration("detected tomorrow");
  future["detected_at"] = MinutesAgo(int64_t{-24} * 60);
  refused(spoc, future, 400, "/detected_at");
  json unknown = Declaration("unknown class");
  unknown["rsit_class"] = "ransomware";
  refused(spoc, unknown, 400, "unknown_class");
  json wrong_type = Declaration("type of another class");
  wrong_type["rsit_class"] = "availability";
  refused(spoc, wrong_type, 400, "unknown_type");
  json early = Declaration("aware before detection");
  early["became_aware_at"] = MinutesAgo(60);
  refused(spoc, early, 400, "before_detection");
  json red = Declaration("red by a SPOC");
  red["tlp"] = "red";
  refused(spoc, red, 403, "tlp_red_war_room_only");
  json extra = Declaration("unknown field");
  extra["ransom_paid"] = true;
  refused(spoc, extra, 400, "/ransom_paid");
  json severity = Declaration("severity 5");
  severity["severity"] = 5;
  refused(spoc, severity, 400, "/severity");
  refused(spoc, json::object(), 400, "/title");
  refused(in.Admin(), Declaration("war room without a victim"), 400, "/organisation_id");
  json gone = Declaration("no such organisation");
  gone["organisation_id"] = 987654321;
  refused(in.Admin(), gone, 400, "unknown_organisation");
  EXPECT_EQ(in.Counts(), before);
}

TEST_P(ApiIncidentsTest, RedIncidentsAreTheWarRoomsAlone) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t a = s.OrgId("99001");
  json body = Declaration("RED: suspected insider");
  body["tlp"] = "red";
  const int64_t id = in.DeclareFor(a, body);
  ASSERT_NE(id, 0);
  EXPECT_EQ(in.Read(id)["tlp_label"], "TLP:RED");
  HttpClient& spoc = *s.As(Role::kSpoc, a).client;
  EXPECT_EQ(spoc.Get(Path(id)).status, 404);
  EXPECT_FALSE(Lists(spoc.Get("/api/incidents?limit=200"), id));
  EXPECT_TRUE(Lists(
      s.As(Role::kWarroomAnalyst, s.WarRoomId()).client->Get("/api/incidents?limit=200"), id));
  // Its event names no organisation: only the war room hears it.
  EXPECT_EQ(s.Count("events",
                    "topic = 'incident.declared' AND organisation_id IS NULL AND "
                    "payload LIKE '%\"incident_id\":" +
                        std::to_string(id) + ",%'"),
            1);
  // Lowering the label to AMBER+STRICT hands it to the organisation.
  auto r = in.Admin().Patch(Path(id), {{"tlp", "amber+strict"}}, in.ETagOf(id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(spoc.Get(Path(id)).status, 200);
}

TEST_P(ApiIncidentsTest, TwoOperatorsNeverSilentlyOverwriteEachOther) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t id = in.DeclareFor(s.OrgId("99001"));
  HttpClient& first = in.Admin();
  HttpClient& second = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  const std::string etag = second.Get(Path(id)).Header("etag");
  ASSERT_EQ(etag, "W/\"1\"");
  auto won = first.Patch(Path(id), {{"severity", 3}, {"title", "First operator's title"}}, etag);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_EQ(won.Header("etag"), "W/\"2\"");
  const auto before = in.Counts();
  auto lost = second.Patch(Path(id), {{"severity", 4}}, etag);
  EXPECT_EQ(lost.status, 412) << lost.body;
  auto stale_move = second.Send("POST", Path(id) + "/transitions", json({{"to", "triage"}}).dump(),
                                {{"If-Match", etag}});
  EXPECT_EQ(stale_move.status, 412) << stale_move.body;
  auto bare = second.Send("PATCH", Path(id), json({{"severity", 4}}).dump());
  EXPECT_EQ(bare.status, 428) << bare.body;
  EXPECT_EQ(in.Counts(), before);
  const json now = in.Read(id);
  EXPECT_EQ(now["severity"], 3);
  EXPECT_EQ(now["title"], "First operator's title");
  EXPECT_EQ(now["version"], 2);
}

TEST_P(ApiIncidentsTest, TheWorkflowRefusesWhatItForbidsAndKeepsReasons) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t id = in.DeclareFor(s.OrgId("99001"));
  HttpClient& c = in.Admin();
  const auto move = [&](const json& body) {
    return c.Send("POST", Path(id) + "/transitions", body.dump(), {{"If-Match", in.ETagOf(id)}});
  };
  ASSERT_EQ(move({{"to", "triage"}}).status, 200);
  auto before = in.Counts();
  auto skip = move({{"to", "recovery"}});
  EXPECT_EQ(skip.status, 409) << skip.body;
  ASSERT_TRUE(skip.IsProblem());
  EXPECT_EQ(skip.Json()["code"], "transition_not_allowed");
  EXPECT_EQ(move({{"to", "triage"}}).Json()["code"], "transition_same_status");
  auto unreasoned = move({{"to", "closed"}});
  EXPECT_EQ(unreasoned.status, 400) << unreasoned.body;
  EXPECT_EQ(unreasoned.Json()["code"], "reason_required");
  EXPECT_EQ(move({{"to", "burning"}}).status, 400);
  EXPECT_EQ(move(json::object()).status, 400);
  EXPECT_EQ(in.Counts(), before);
  EXPECT_EQ(in.Read(id)["status"], "triage");

  auto closed = move({{"to", "closed"}, {"reason", "false alarm: a backup test"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_NE(closed.Json()["closed_at"], nullptr);
  EXPECT_EQ(closed.Json()["next_statuses"], json({"triage"}));
  EXPECT_EQ(s.Count("audit_log", "action = 'incident.transition' AND object_id = '" +
                                     std::to_string(id) + "' AND after_json LIKE '%false alarm%'"),
            1);
  EXPECT_EQ(move({{"to", "containment"}, {"reason", "the intruder is back"}}).status, 409);
  auto reopened = move({{"to", "triage"}, {"reason", "the intruder is back after all"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.Json()["closed_at"], nullptr);
  EXPECT_FALSE(Lists(c.Get("/api/incidents?status=closed&limit=200"), id));
  EXPECT_TRUE(Lists(c.Get("/api/incidents?status=open&limit=200"), id));
  EXPECT_EQ(c.Get("/api/incidents?status=burning").status, 400);
}

TEST_P(ApiIncidentsTest, TheLegalClocksFollowTheMarks) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t id = in.DeclareFor(s.OrgId("99001"));
  HttpClient& c = in.Admin();
  EXPECT_TRUE(in.Read(id)["clocks"].empty()) << "no flag, no clock";
  const auto before = in.Counts();
  // A mark for a clock that does not run, and one in the future, are refused.
  auto r = c.Patch(Path(id), {{"gdpr_notified_at", MinutesAgo(5)}}, in.ETagOf(id));
  EXPECT_EQ(r.status, 400) << r.body;
  r = c.Patch(Path(id), {{"nis2_applicable", true}, {"nis2_early_warning_at", MinutesAgo(-60)}},
              in.ETagOf(id));
  EXPECT_EQ(r.status, 400) << r.body;
  r = c.Patch(Path(id), {{"became_aware_at", MinutesAgo(120)}}, in.ETagOf(id));
  EXPECT_EQ(r.status, 400) << "awareness before detection: " << r.body;
  EXPECT_EQ(in.Counts(), before);

  r = c.Patch(Path(id),
              {{"personal_data", true},
               {"nis2_applicable", true},
               {"nis2_early_warning_at", MinutesAgo(5)},
               {"nis2_reference", "CCB-2026-0042"}},
              in.ETagOf(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const json clocks = r.Json()["clocks"];
  ASSERT_EQ(clocks.size(), 4u);
  EXPECT_EQ(clocks[1]["kind"], "nis2_early_warning");
  EXPECT_TRUE(clocks[1]["done"].get<bool>());
  EXPECT_EQ(clocks[1]["reference"], "CCB-2026-0042");
  EXPECT_EQ(clocks[1]["seconds_left"], nullptr);
  EXPECT_FALSE(clocks[2]["done"].get<bool>());
  EXPECT_FALSE(clocks[2]["overdue"].get<bool>());
  const std::string local = clocks[2]["due_local"].get<std::string>();
  EXPECT_TRUE(local.ends_with("+01:00") || local.ends_with("+02:00")) << local;
  // Clearing a mark reopens the clock.
  r = c.Patch(Path(id), {{"nis2_early_warning_at", nullptr}}, in.ETagOf(id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.Json()["clocks"][1]["done"].get<bool>());
}

TEST_P(ApiIncidentsTest, TheVocabularyComesInTheReadersLanguage) {
  TestServer& s = server();
  HttpClient& spoc = *s.As(Role::kSpoc, s.OrgId("99001")).client;
  auto fr = spoc.Get("/api/incident-taxonomy?lang=fr");
  ASSERT_EQ(fr.status, 200) << fr.body;
  const json j = fr.Json();
  EXPECT_EQ(j["language"], "fr");
  ASSERT_EQ(j["classes"].size(), 11u);
  size_t types = 0;
  for (const auto& cls : j["classes"]) types += cls["types"].size();
  EXPECT_EQ(types, 39u);
  ASSERT_EQ(j["severities"].size(), 4u);
  EXPECT_EQ(j["severities"][0]["label"], "Critique");
  EXPECT_EQ(j["statuses"].size(), 6u);
  auto en = spoc.Get("/api/incident-taxonomy?lang=en");
  EXPECT_EQ(en.Json()["severities"][3]["label"], "Low");
  EXPECT_EQ(spoc.Get("/api/incident-taxonomy?lang=xx").status, 400);
  // Without ?lang=, the reader's preferred language (Dutch unless she chose another).
  EXPECT_EQ(spoc.Get("/api/incident-taxonomy").Json()["language"], "nl");
}

// A SPOC who comes back with Last-Event-ID hears her own organisation's incident events,
// never another's nor a RED one; the war room hears all of them.
TEST_P(ApiIncidentsTest, ResumedEventStreamsCarryOnlyTheIncidentsOneMaySee) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  const std::string from = s.Text("SELECT CAST(COALESCE(MAX(id), 0) AS TEXT) FROM events", {});
  const int64_t of_b = in.DeclareFor(b);
  json red = Declaration("RED one");
  red["tlp"] = "red";
  const int64_t red_id = in.DeclareFor(a, red);
  const int64_t of_a = in.DeclareFor(a);  // the last: a stream that saw it saw the others
  const auto marker = "\"incident_id\":" + std::to_string(of_a) + ",";
  const auto read = [&](HttpClient& c) {
    return c.ReadStream(
        "/api/events", {{"Last-Event-ID", from}},
        [&](const HttpResponse& r) { return r.body.find(marker) != std::string::npos; }, 10s);
  };
  const auto has = [](const HttpResponse& r, int64_t id) {
    return r.body.find("\"incident_id\":" + std::to_string(id) + ",") != std::string::npos;
  };
  const auto spoc = read(*s.As(Role::kSpoc, a).client);
  ASSERT_EQ(spoc.status, 200);
  EXPECT_TRUE(has(spoc, of_a)) << spoc.body;
  EXPECT_FALSE(has(spoc, of_b)) << "another organisation's incident";
  EXPECT_FALSE(has(spoc, red_id)) << "a TLP:RED incident";
  EXPECT_NE(spoc.body.find("event: incident.declared"), std::string::npos);
  const auto war_room = read(*s.As(Role::kWarroomAnalyst, s.WarRoomId()).client);
  EXPECT_TRUE(has(war_room, of_a));
  EXPECT_TRUE(has(war_room, of_b));
  EXPECT_TRUE(has(war_room, red_id));
}

TEST_P(ApiIncidentsTest, TheTimelineIsAppendedListedAndCorrectedNeverEdited) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t a = s.OrgId("99001");
  const int64_t id = in.DeclareFor(a);
  HttpClient& spoc = *s.As(Role::kSpoc, a).client;
  HttpClient& analyst = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  const auto before = in.Counts();

  auto seen = spoc.Post(Path(id) + "/timeline", Entry("observation", "Ransom note on FS01", 90));
  ASSERT_EQ(seen.status, 201) << seen.body;
  const json o = seen.Json();
  EXPECT_EQ(o["incident_id"], id);
  EXPECT_EQ(o["kind"], "observation");
  EXPECT_EQ(o["text"], "Ransom note on FS01");
  EXPECT_EQ(o["tlp"], "amber");
  EXPECT_EQ(o["tlp_label"], "TLP:AMBER");
  EXPECT_EQ(o["author"]["id"], s.As(Role::kSpoc, a).id);
  EXPECT_FALSE(o["author"]["name"].get<std::string>().empty());
  EXPECT_EQ(o["corrects"], nullptr);
  EXPECT_EQ(o["corrected_by"], json::array());
  EXPECT_LT(o["happened_at"].get<std::string>(), o["written_at"].get<std::string>())
      << "it happened before it was written";
  const int64_t observation = o["id"].get<int64_t>();
  auto decided = analyst.Post(Path(id) + "/timeline", Entry("decision", "Isolate the VLAN", 30));
  ASSERT_EQ(decided.status, 201) << decided.body;
  const int64_t decision = decided.Json()["id"].get<int64_t>();
  json press = Entry("communication", "Press line: services are limited today", 20);
  press["audience"] = "press";
  auto said = spoc.Post(Path(id) + "/timeline", press);
  ASSERT_EQ(said.status, 201) << said.body;
  EXPECT_EQ(said.Json()["audience"], "press");
  const int64_t communication = said.Json()["id"].get<int64_t>();

  EXPECT_EQ(Ids(in.Timeline(id, &spoc)),
            (std::vector<int64_t>{communication, decision, observation}))
      << "newest happened first";
  EXPECT_EQ(Ids(in.Timeline(id, &spoc, "?kind=decision")), (std::vector<int64_t>{decision}));
  EXPECT_EQ(Ids(in.Timeline(id, &spoc, "?kind=communication")),
            (std::vector<int64_t>{communication}));
  // Pages follow next_cursor.
  auto first = spoc.Get(Path(id) + "/timeline?limit=2");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Ids(first.Json()["items"]), (std::vector<int64_t>{communication, decision}));
  const std::string cursor = first.Json()["next_cursor"].get<std::string>();
  auto second = spoc.Get(Path(id) + "/timeline?limit=2&cursor=" + cursor);
  EXPECT_EQ(Ids(second.Json()["items"]), (std::vector<int64_t>{observation}));
  EXPECT_EQ(second.Json()["next_cursor"], nullptr);

  // A correction chain: the war room corrects the SPOC's observation, she corrects that.
  json fix = Entry("observation", "Ransom note on FS01 and FS02", 90);
  fix["corrects"] = observation;
  auto fixed = analyst.Post(Path(id) + "/timeline", fix);
  ASSERT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_EQ(fixed.Json()["corrects"], observation);
  const int64_t correction = fixed.Json()["id"].get<int64_t>();
  fix["text"] = "Ransom note on FS01, FS02 and the backup server";
  fix["corrects"] = correction;
  auto refixed = spoc.Post(Path(id) + "/timeline", fix);
  ASSERT_EQ(refixed.status, 201) << refixed.body;
  const int64_t second_correction = refixed.Json()["id"].get<int64_t>();
  std::map<int64_t, json> by_id;
  for (const auto& e : in.Timeline(id, &spoc)) by_id[e["id"].get<int64_t>()] = e;
  ASSERT_EQ(by_id.size(), 5u);
  EXPECT_EQ(by_id[observation]["text"], "Ransom note on FS01") << "the original stays";
  EXPECT_EQ(by_id[observation]["corrected_by"], json({correction}));
  EXPECT_EQ(by_id[correction]["corrects"], observation);
  EXPECT_EQ(by_id[correction]["corrected_by"], json({second_correction}));
  EXPECT_EQ(by_id[second_correction]["corrects"], correction);

  // Appending needs no If-Match and leaves the incident's version alone.
  EXPECT_EQ(in.Read(id)["version"], 1);
  const auto after = in.Counts();
  EXPECT_EQ(after.at("incident_timeline"), before.at("incident_timeline") + 5);
  EXPECT_EQ(after.at("audit_log"), before.at("audit_log") + 5);
  EXPECT_EQ(s.Count("audit_log", "action = 'incident.timeline.append' AND object_id = '" +
                                     std::to_string(decision) + "'"),
            1);
  // Each append is one event naming the incident and its organisation, and no text.
  EXPECT_EQ(after.at("events"), before.at("events") + 5);
  EXPECT_EQ(
      s.Count("events", "topic = 'incident.timeline' AND organisation_id = " + std::to_string(a) +
                            " AND payload = '{\"incident_id\":" + std::to_string(id) + "}'"),
      5);
  // There is no way to edit or delete an entry.
  EXPECT_EQ(spoc.Send("PATCH", Path(id) + "/timeline", "{}").status, 405);
  EXPECT_EQ(spoc.Send("DELETE", Path(id) + "/timeline").status, 405);
}

TEST_P(ApiIncidentsTest, ARedEntryReachesOnlyThePeopleNamedOnIt) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t a = s.OrgId("99001");
  const int64_t id = in.DeclareFor(a);
  TestUser& analyst = s.As(Role::kWarroomAnalyst, s.WarRoomId());
  TestUser& spoc = s.As(Role::kSpoc, a);
  TestUser& member = s.As(Role::kMember, a);
  auto other_analyst = s.CreateUser(Role::kWarroomAnalyst, s.WarRoomId());
  ASSERT_TRUE(other_analyst);

  // The people one may name: readers of the incident, the SPOC and the analysts among them.
  auto people = analyst.client->Get(Path(id) + "/people");
  ASSERT_EQ(people.status, 200) << people.body;
  std::vector<int64_t> readers;
  const json listed = people.Json();
  for (const auto& p : listed["items"]) readers.push_back(p["id"].get<int64_t>());
  for (int64_t user : {analyst.id, spoc.id, member.id, other_analyst->id}) {
    EXPECT_NE(std::find(readers.begin(), readers.end(), user), readers.end()) << user;
  }
  EXPECT_EQ(std::find(readers.begin(), readers.end(), s.As(Role::kSpoc, s.OrgId("99002")).id),
            readers.end())
      << "another organisation's SPOC may not read it";

  const std::string secret = "The suspected insider is the night operator";
  json red = Entry("observation", secret);
  red["tlp"] = "red";
  red["named_user_ids"] = {spoc.id};
  auto r = analyst.client->Post(Path(id) + "/timeline", red);
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t entry = r.Json()["id"].get<int64_t>();
  EXPECT_EQ(r.Json()["tlp_label"], "TLP:RED");
  EXPECT_EQ(r.Json()["named"].size(), 2u) << "the author and the SPOC";
  ASSERT_EQ(in.Timeline(id, analyst.client.get()).size(), 1u);
  const json seen_by_spoc = in.Timeline(id, spoc.client.get());
  ASSERT_EQ(seen_by_spoc.size(), 1u) << "the named SPOC sees it";
  EXPECT_EQ(seen_by_spoc[0]["text"], secret);
  EXPECT_TRUE(in.Timeline(id, other_analyst->client.get()).empty())
      << "a war-room analyst who is not named gets nothing";
  EXPECT_TRUE(in.Timeline(id, member.client.get()).empty());
  EXPECT_TRUE(in.Timeline(id).empty()) << "nor does the admin, who is not named";
  // Nor can one who is not named correct it.
  json fix = Entry("observation", "correction by somebody not named");
  fix["corrects"] = entry;
  auto refused = other_analyst->client->Post(Path(id) + "/timeline", fix);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("unknown_entry"), std::string::npos) << refused.body;
  // The secret is neither in the event nor in the audit log.
  EXPECT_EQ(s.Count("events", "topic = 'incident.timeline' AND payload LIKE '%insider%'"), 0);
  EXPECT_EQ(s.Count("audit_log",
                    "action = 'incident.timeline.append' AND after_json LIKE "
                    "'%insider%'"),
            0);
  EXPECT_EQ(s.Count("audit_log", "action = 'incident.timeline.append' AND object_id = '" +
                                     std::to_string(entry) + "'"),
            1);
}

TEST_P(ApiIncidentsTest, AnotherOrganisationsSpocFindsNoTimeline) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t id = in.DeclareFor(s.OrgId("99001"));
  ASSERT_EQ(in.Admin().Post(Path(id) + "/timeline", Entry("action", "Backups checked")).status,
            201);
  HttpClient& other = *s.As(Role::kSpoc, s.OrgId("99002")).client;
  const auto before = in.Counts();
  EXPECT_EQ(other.Get(Path(id) + "/timeline").status, 404);
  EXPECT_EQ(other.Get(Path(id) + "/people").status, 404);
  EXPECT_EQ(other.Post(Path(id) + "/timeline", Entry("observation", "from B")).status, 404);
  EXPECT_EQ(in.Counts(), before);
}

TEST_P(ApiIncidentsTest, BadTimelineInputIsRefusedAndStoresNothing) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t a = s.OrgId("99001");
  const int64_t id = in.DeclareFor(a);
  const int64_t other_incident = in.DeclareFor(a);
  HttpClient& spoc = *s.As(Role::kSpoc, a).client;
  auto elsewhere = spoc.Post(Path(other_incident) + "/timeline", Entry("observation", "there"));
  ASSERT_EQ(elsewhere.status, 201) << elsewhere.body;
  const int64_t b_spoc = s.As(Role::kSpoc, s.OrgId("99002")).id;
  const auto before = in.Counts();
  const auto refused = [&](const json& body, const std::string& field_and_code) {
    auto r = spoc.Post(Path(id) + "/timeline", body);
    EXPECT_EQ(r.status, 400) << body.dump().substr(0, 200) << " -> " << r.body;
    EXPECT_TRUE(r.IsProblem()) << r.body;
    EXPECT_NE(r.body.find(field_and_code), std::string::npos)
        << field_and_code << " not in " << r.body;
  };
  refused(Entry("observation", " \n "), "\"required\"");
  refused(Entry("observation", std::string(10'001, 'x')), "\"too_long\"");
  refused(Entry("observation", std::string(40'001, 'x')), "\"too_long\"");
  refused(Entry("observation", "bell\x07"), "\"invalid_text\"");
  refused(Entry("observation", "tomorrow", int64_t{-24} * 60), "\"in_the_future\"");
  refused(Entry("rumour", "unknown kind"), "/kind");
  json tlp = Entry("observation", "unknown TLP");
  tlp["tlp"] = "purple";
  refused(tlp, "/tlp");
  json audience = Entry("observation", "audience on an observation");
  audience["audience"] = "press";
  refused(audience, "only_on_communications");
  refused(Entry("communication", "said to nobody"), "/audience");
  json named = Entry("observation", "named on AMBER");
  named["named_user_ids"] = {b_spoc};
  refused(named, "only_on_red");
  json outsider = Entry("observation", "RED naming another organisation's SPOC");
  outsider["tlp"] = "red";
  outsider["named_user_ids"] = {b_spoc};
  refused(outsider, "not_a_reader");
  json across = Entry("observation", "corrects another incident's entry");
  across["corrects"] = elsewhere.Json()["id"];
  refused(across, "unknown_entry");
  json missing = Entry("observation", "corrects nothing");
  missing["corrects"] = 987654321;
  refused(missing, "unknown_entry");
  json extra = Entry("observation", "unknown field");
  extra["edited"] = true;
  refused(extra, "/edited");
  json when = Entry("observation", "bad time");
  when["happened_at"] = "yesterday";
  refused(when, "invalid_time");
  refused(json::object(), "/text");
  EXPECT_EQ(spoc.Send("POST", Path(id) + "/timeline", "not json").status, 400);
  EXPECT_EQ(spoc.Get(Path(id) + "/timeline?kind=rumour").status, 400);
  EXPECT_EQ(spoc.Get(Path(id) + "/timeline?cursor=abc").status, 400);
  EXPECT_EQ(spoc.Get(Path(id) + "/timeline?limit=0").status, 400);
  EXPECT_EQ(in.Counts(), before);
}

TEST_P(ApiIncidentsTest, AScriptInATimelineTextIsKeptAsPlainText) {
  TestServer& s = server();
  Incidents in(s);
  const int64_t id = in.DeclareFor(s.OrgId("99001"));
  const std::string text =
      "<script>alert('x')</script> <img src=x onerror=alert(1)> **not bold**\n\tsecond line";
  auto r = in.Admin().Post(Path(id) + "/timeline", Entry("observation", text));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["text"], text);
  auto list = in.Admin().Get(Path(id) + "/timeline");
  EXPECT_EQ(list.Header("content-type").rfind("application/json", 0), 0u);
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["text"], text) << "stored and returned exactly as written";
  EXPECT_EQ(s.Text("SELECT text FROM incident_timeline WHERE incident_id = $1", {ports::Value(id)}),
            text);
}

}  // namespace

WR_API_INSTANTIATE(ApiIncidentsTest);

}  // namespace warroom::apitest
