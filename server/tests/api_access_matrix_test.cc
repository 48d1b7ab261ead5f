// The authorisation matrix, generated from the route table: every route the router
// serves, called by every role (and by an API token without the write scope), with its
// path filled from the demo exercise. Where the role table (core::Decide) says no, the
// answer is 403 problem+json from the central check and no row changed; where it says
// yes, the role gets past the check (not 403; 404, 400, 428 and so on are the object
// rules' and the input's business). A new route is covered without editing this file,
// unless its path has a placeholder the table below has no value for: then it fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/core/access/access.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Decision;
using core::Role;
using nlohmann::json;

using ApiAccessMatrixTest = ApiTest;

// The tables whose row counts show whether a request changed anything.
const std::vector<std::string>& WatchedTables() {
  static const std::vector<std::string> tables = {"organisations",
                                                  "people",
                                                  "spoc_assignments",
                                                  "provider_services",
                                                  "users",
                                                  "sessions",
                                                  "account_links",
                                                  "api_tokens",
                                                  "recovery_codes",
                                                  "outbox",
                                                  "audit_log",
                                                  "advisories",
                                                  "verification_rounds",
                                                  "verification_requests",
                                                  "advisory_acknowledgements",
                                                  "advisory_calls",
                                                  "advisory_attachments",
                                                  "help_requests",
                                                  "escalation_policies",
                                                  "webhook_endpoints",
                                                  "webhook_attempts",
                                                  "incidents",
                                                  "incident_timeline",
                                                  "incident_timeline_named",
                                                  "critical_services",
                                                  "incident_services",
                                                  "incident_service_history",
                                                  "incident_funding_requests"};
  return tables;
}

std::map<std::string, int64_t> CountRows(TestServer& s) {
  std::map<std::string, int64_t> counts;
  for (const auto& table : WatchedTables()) counts[table] = s.Count(table);
  return counts;
}

// Fills each `{name}` of `pattern` from `values`, keyed "<previous segment>/{name}" so
// that the same placeholder name can mean different things in different collections.
// Returns nullopt (and names the missing key) when a placeholder has no value.
std::optional<std::string> FillPath(const std::string& pattern,
                                    const std::map<std::string, std::string>& values,
                                    std::string& missing) {
  std::string out;
  std::string previous;
  size_t start = 1;
  while (start <= pattern.size()) {
    const size_t end = std::min(pattern.find('/', start), pattern.size());
    const std::string segment = pattern.substr(start, end - start);
    out += '/';
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      const std::string key = previous + "/" + segment;
      auto it = values.find(key);
      if (it == values.end()) {
        missing = key;
        return std::nullopt;
      }
      out += it->second;
    } else {
      out += segment;
    }
    previous = segment;
    start = end + 1;
  }
  return out;
}

struct Caller {
  std::string name;
  core::Principal principal;  // what the central check decides on
  HttpClient* client = nullptr;
};

TEST_P(ApiAccessMatrixTest, EveryRouteAndEveryRoleFollowTheRoleTable) {
  TestServer& s = server();
  const int64_t wr = s.WarRoomId();
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  const int64_t p = s.OrgId("demo-ict");
  const int64_t person_a = s.PersonId("demo-p-1");
  ASSERT_TRUE(a && b && p && person_a) << "the demo exercise is missing";
  const std::string service_id =
      s.Text("SELECT CAST(MIN(id) AS TEXT) FROM provider_services WHERE provider_id = $1",
             {ports::Value(p)});
  ASSERT_FALSE(service_id.empty()) << "the demo provider serves nobody";
  // An account the admin routes may act on without touching the callers below.
  auto bystander = s.CreateUser(Role::kMember, b);
  ASSERT_TRUE(bystander) << "cannot create the bystander account";

  // The API token without the scope: the admin's, reading only.
  HttpClient& admin = *s.As(Role::kWarroomAdmin, wr).client;
  auto created = admin.Post(
      "/api/tokens", {{"name", "matrix " + s.UniqueEmail("t")}, {"scopes", {"directory:read"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto machine = s.NewClient();
  machine->set_bearer(created.Json()["token"].get<std::string>());
  // The token DELETE /api/tokens/{id} aims at: another one, so that the admin's revoking
  // it leaves the matrix's token working for the routes after that one.
  auto target = admin.Post("/api/tokens", {{"name", "matrix target " + s.UniqueEmail("t")},
                                           {"scopes", {"directory:read"}}});
  ASSERT_EQ(target.status, 201) << target.body;

  // A webhook endpoint of organisation A (its SPOC manages it).
  auto hook = admin.Post("/api/webhooks",
                         {{"url", "https://hooks.example.test/matrix"}, {"organisation_id", a}});
  ASSERT_EQ(hook.status, 201) << hook.body;

  // An incident of organisation A (its SPOC and members work on it).
  auto incident = admin.Post("/api/incidents", {{"organisation_id", a},
                                                {"title", "Matrix incident"},
                                                {"what_happened", "Declared by the matrix."},
                                                {"detected_at", "2026-01-05T10:00:00Z"},
                                                {"severity", 2}});
  ASSERT_EQ(incident.status, 201) << incident.body;

  // One value per placeholder, from the demo fixture. A route whose placeholder is not
  // here fails the test: add its value rather than skipping the route.
  const std::map<std::string, std::string> values = {
      {"organisations/{id}", std::to_string(a)},
      {"people/{id}", std::to_string(person_a)},
      {"services/{id}", service_id},
      {"users/{id}", std::to_string(bystander->id)},
      {"tokens/{id}", std::to_string(target.Json()["id"].get<int64_t>())},
      {"sessions/{id}", "0123456789abcdef"},
      {"account-links/{token}", std::string(43, 'x')},
      {"advisories/{id}", s.Text("SELECT CAST(MIN(id) AS TEXT) FROM advisories", {})},
      {"recipients/{org_id}", std::to_string(p)},
      {"call-list/{org_id}", std::to_string(p)},
      {"action-points/{n}", "0"},
      {"attachments/{attachment_id}", "1"},
      {"advisory-links/{token}", std::string(43, 'x')},
      {"help-requests/{id}", "1"},
      {"escalation-policies/{id}",
       s.Text("SELECT CAST(MIN(id) AS TEXT) FROM escalation_policies", {})},
      {"webhooks/{id}", std::to_string(hook.Json()["id"].get<int64_t>())},
      {"verification-rounds/{id}", "1"},
      {"verification-links/{token}", std::string(43, 'x')},
      {"incidents/{id}", std::to_string(incident.Json()["id"].get<int64_t>())},
      {"critical-services/{key}", "email"},
      {"services/{key}", "email"},
      {"funding/{fid}", "1"},
  };
  ASSERT_NE(values.at("advisories/{id}"), "") << "the demo exercise has no advisory";

  // Every role, the ones that may do least first, so that the allowed writes of the
  // war room (deleting the demo service) come last.
  const auto principal = [](Role role, int64_t org) {
    core::Principal pr;
    pr.role = role;
    pr.organisation_id = org;
    return pr;
  };
  core::Principal token_principal = principal(Role::kWarroomAdmin, wr);
  token_principal.via_token = true;
  token_principal.scopes = {"directory:read"};
  std::vector<Caller> callers = {
      {"API token with directory:read only", token_principal, machine.get()},
      {"observer", principal(Role::kObserver, wr), s.As(Role::kObserver, wr).client.get()},
      {"auditor of A", principal(Role::kAuditor, a), s.As(Role::kAuditor, a).client.get()},
      {"provider P", principal(Role::kProvider, p), s.As(Role::kProvider, p).client.get()},
      {"member of A", principal(Role::kMember, a), s.As(Role::kMember, a).client.get()},
      {"SPOC of A", principal(Role::kSpoc, a), s.As(Role::kSpoc, a).client.get()},
      {"war room analyst", principal(Role::kWarroomAnalyst, wr),
       s.As(Role::kWarroomAnalyst, wr).client.get()},
      {"war room admin", principal(Role::kWarroomAdmin, wr), &admin},
  };
  // The matrix covers every role there is.
  std::set<Role> covered;
  for (const auto& c : callers) {
    if (!c.principal.via_token) covered.insert(c.principal.role);
  }
  for (Role role : core::AllRoles()) {
    EXPECT_TRUE(covered.contains(role)) << core::Name(role) << " has no row in the matrix";
    EXPECT_FALSE(core::PermissionsOf(role).empty())
        << core::Name(role) << " has no row in the role table";
  }

  const auto& routes = s.api().router().routes();
  ASSERT_FALSE(routes.empty());
  int denied_cells = 0;
  int allowed_cells = 0;
  for (const auto& route : routes) {
    const std::string name = route.method + " " + route.pattern;
    std::string missing;
    const auto path = FillPath(route.pattern, values, missing);
    ASSERT_TRUE(path) << name << ": no fixture value for " << missing;
    if (route.access != http::Access::kSignedIn) {
      // Public and sign-in-step routes are open by design; they declare no permission.
      EXPECT_FALSE(route.permission) << name;
      continue;
    }
    ASSERT_TRUE(route.permission) << name << " is signed-in but declares no permission";
    // Some role holds it (acknowledging is a recipient's, not the war room's).
    const auto roles = core::AllRoles();
    EXPECT_TRUE(std::any_of(roles.begin(), roles.end(),
                            [&](Role role) { return core::Allows(role, *route.permission); }))
        << name << ": no role holds " << core::Name(*route.permission);
    for (const auto& caller : callers) {
      const std::string cell = caller.name + " / " + name;
      const Decision decision = core::Decide(caller.principal, *route.permission);
      const auto before = CountRows(s);
      // A body every route parses: JSON ({}), which the CSV routes refuse with 415 after
      // the central check. Reads send none.
      const std::string body = route.method == "GET" || route.method == "DELETE" ? "" : "{}";
      // A GET may open a stream (GET /api/events): its head is the answer.
      const auto r =
          route.method == "GET"
              ? caller.client->ReadStream(
                    *path, {},
                    [](const HttpResponse& head) {
                      return head.Header("content-type").rfind("text/event-stream", 0) == 0;
                    },
                    std::chrono::seconds(30))
              : caller.client->Send(route.method, *path, body);
      if (decision == Decision::kAllowed) {
        ++allowed_cells;
        EXPECT_NE(r.status, 403) << cell << " is allowed by the role table ("
                                 << core::Name(*route.permission)
                                 << ") but refused: " << r.body.substr(0, 300);
        EXPECT_NE(r.status, 401) << cell << ": " << r.body.substr(0, 300);
        continue;
      }
      ++denied_cells;
      EXPECT_EQ(r.status, 403) << cell << " is denied by the role table ("
                               << core::Name(*route.permission) << ") but answered " << r.status
                               << ": " << r.body.substr(0, 300);
      EXPECT_TRUE(r.IsProblem()) << cell;
      if (r.IsProblem()) {
        EXPECT_EQ(r.Json()["code"], decision == Decision::kScopeMissing ? "token_scope_missing"
                                                                        : "role_not_permitted")
            << cell;
      }
      const auto after = CountRows(s);
      for (const auto& table : WatchedTables()) {
        EXPECT_EQ(after.at(table), before.at(table)) << cell << " changed " << table;
      }
    }
  }
  // Both sides of the table are exercised.
  EXPECT_GT(denied_cells, 50);
  EXPECT_GT(allowed_cells, 50);
}

}  // namespace

WR_API_INSTANTIATE(ApiAccessMatrixTest);

}  // namespace warroom::apitest
