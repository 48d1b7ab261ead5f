// The API's security and contract tests, on SQLite and PostgreSQL: the OpenAPI contract
// against the router, the tenant-isolation matrix, CSRF and token scopes, ETag
// conflicts, bad input on every write route, TOTP and sign-in throttling.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "server/testing/fake_clock.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;

using ApiSecurityTest = ApiTest;

// ---- 10. OpenAPI ----

TEST_P(ApiSecurityTest, OpenApiDocumentsExactlyTheRoutesServed) {
  auto client = server().NewClient();
  auto r = client->Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  const json doc = r.Json();
  ASSERT_TRUE(doc.is_object() && doc.contains("paths")) << r.body.substr(0, 200);
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      static const std::set<std::string> kMethods = {"get", "post", "put", "patch", "delete"};
      if (!kMethods.contains(method)) continue;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert({upper, path});
    }
  }
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : server().api().router().routes()) {
    served.insert({route.method, route.pattern});
  }
  for (const auto& s : served) {
    EXPECT_TRUE(documented.contains(s))
        << "served but not documented: " << s.first << " " << s.second;
  }
  for (const auto& d : documented) {
    EXPECT_TRUE(served.contains(d)) << "documented but not served: " << d.first << " " << d.second;
  }
  EXPECT_FALSE(served.empty());
}

// ---- 3. Tenant isolation ----

struct Fixture {
  int64_t a = 0, b = 0, p = 0, person_a = 0, person_b = 0;
};

enum class Action {
  kReadOrgA,
  kReadOrgB,
  kReadPersonA,
  kReadPersonB,
  kCustomersOfP,
  kGaps,
  kUsers,
  kAudit,
  kImport,
  kPatchOrgA,
  kPatchOrgB,
  kSpocA,
  kSpocB,
  kCreatePersonA,
  kCreatePersonB,
  kVerifyPersonA,
  kVerifyPersonB,
  kPatchPersonA,
  kPatchPersonB,
};

const char* ActionName(Action a) {
  static const char* names[] = {"read org A",
                                "read org B",
                                "read person A",
                                "read person B",
                                "customers of P",
                                "gaps",
                                "users",
                                "audit",
                                "import",
                                "PATCH org A",
                                "PATCH org B",
                                "SPOC of A",
                                "SPOC of B",
                                "create person in A",
                                "create person in B",
                                "verify person A",
                                "verify person B",
                                "PATCH person A",
                                "PATCH person B"};
  return names[static_cast<int>(a)];
}

// Runs one cell; `admin` reads the current versions so that only access decides.
HttpResponse RunCell(Action action, HttpClient& c, HttpClient& admin, const Fixture& f) {
  const auto org = [](int64_t id) { return "/api/organisations/" + std::to_string(id); };
  const auto person = [](int64_t id) { return "/api/people/" + std::to_string(id); };
  auto etag_of = [&](const std::string& path) { return admin.Get(path).Header("etag"); };
  auto spoc = [&](int64_t id) {
    auto d = admin.Get(org(id));
    const json dj = d.Json();
    json body = {{"spoc_id", dj["spoc"].is_object() ? dj["spoc"]["id"] : json(nullptr)},
                 {"deputy_ids", json::array()}};
    for (const auto& dep : dj["deputies"]) body["deputy_ids"].push_back(dep["id"]);
    return c.Put(org(id) + "/spoc", body, d.Header("etag"));
  };
  switch (action) {
    case Action::kReadOrgA:
      return c.Get(org(f.a));
    case Action::kReadOrgB:
      return c.Get(org(f.b));
    case Action::kReadPersonA:
      return c.Get(person(f.person_a));
    case Action::kReadPersonB:
      return c.Get(person(f.person_b));
    case Action::kCustomersOfP:
      return c.Get(org(f.p) + "/customers");
    case Action::kGaps:
      return c.Get("/api/directory/gaps");
    case Action::kUsers:
      return c.Get("/api/users");
    case Action::kAudit:
      return c.Get("/api/audit");
    case Action::kImport:
      return c.Send("POST", "/api/imports/organisations?dry_run=true",
                    "kind,nis_code,name_nl\nmunicipality,99001,Oefenstad (OEFENING)\n",
                    {{"Content-Type", "text/csv"}});
    case Action::kPatchOrgA:
      return c.Patch(org(f.a), {{"name_en", "Oefenstad (EXERCISE)"}}, etag_of(org(f.a)));
    case Action::kPatchOrgB:
      return c.Patch(org(f.b), {{"name_en", "Proefdorp (EXERCISE)"}}, etag_of(org(f.b)));
    case Action::kSpocA:
      return spoc(f.a);
    case Action::kSpocB:
      return spoc(f.b);
    case Action::kCreatePersonA:
      return c.Post(org(f.a) + "/people", {{"full_name", "Matrix Persoon"}});
    case Action::kCreatePersonB:
      return c.Post(org(f.b) + "/people", {{"full_name", "Matrix Persoon"}});
    case Action::kVerifyPersonA:
      return c.Send("POST", person(f.person_a) + "/verify");
    case Action::kVerifyPersonB:
      return c.Send("POST", person(f.person_b) + "/verify");
    case Action::kPatchPersonA:
      return c.Patch(person(f.person_a), {{"job_title", "ICT-coördinator"}},
                     etag_of(person(f.person_a)));
    case Action::kPatchPersonB:
      return c.Patch(person(f.person_b), {{"job_title", "Informatieveiligheidsconsulent"}},
                     etag_of(person(f.person_b)));
  }
  return {};
}

TEST_P(ApiSecurityTest, TenantIsolationMatrix) {
  Fixture f;
  f.a = server().OrgId("99001");
  f.b = server().OrgId("99002");
  f.p = server().OrgId("demo-ict");
  f.person_a = server().PersonId("demo-p-1");
  f.person_b = server().PersonId("demo-p-5");
  ASSERT_TRUE(f.a && f.b && f.p && f.person_a && f.person_b) << "the demo exercise is missing";
  const int64_t wr = server().WarRoomId();
  struct RoleRow {
    const char* name;
    Role role;
    int64_t org;
    std::vector<int> expected;  // one status per Action, in enum order
  };
  // Columns: readA readB personA personB customersP gaps users audit import
  //          patchA patchB spocA spocB createA createB verifyA verifyB ppatchA ppatchB
  // 404: the role may do this, but not to that object (the object rules of
  // core/directory/access.h decide, and the object's existence stays hidden).
  // 403: the role may never do this (the role table of core/access/access.h, checked
  // before the handler, whatever the object), or the object rule refuses an object the
  // caller may see. The generated matrix (api_access_matrix_test.cc) covers every route.
  const std::vector<RoleRow> rows = {
      {"warroom_admin",
       Role::kWarroomAdmin,
       wr,
       {200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 201, 200, 200, 200,
        200}},
      {"warroom_analyst",
       Role::kWarroomAnalyst,
       wr,
       {200, 200, 200, 200, 200, 200, 403, 403, 200, 200, 200, 200, 200, 201, 201, 200, 200, 200,
        200}},
      {"spoc of A",
       Role::kSpoc,
       f.a,
       {200, 404, 200, 404, 404, 200, 403, 403, 403, 403, 403, 200, 404, 201, 404, 200, 404, 200,
        404}},
      {"member of A",
       Role::kMember,
       f.a,
       {200, 404, 200, 404, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        403}},
      {"provider P serving A",
       Role::kProvider,
       f.p,
       {200, 404, 404, 404, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        403}},
      {"auditor of A",
       Role::kAuditor,
       f.a,
       {200, 404, 200, 404, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        403}},
      {"observer",
       Role::kObserver,
       wr,
       {403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        403}},
  };
  HttpClient& admin = *server().As(Role::kWarroomAdmin, wr).client;
  const std::vector<std::string> b_data = {"Proefdorp", "Femke", "proefdorp.example"};
  for (const auto& row : rows) {
    HttpClient& c = *server().As(row.role, row.org).client;
    ASSERT_EQ(row.expected.size(), 19u);
    for (size_t i = 0; i < row.expected.size(); ++i) {
      const auto action = static_cast<Action>(i);
      const int64_t people_before = server().Count("people");
      const auto r = RunCell(action, c, admin, f);
      EXPECT_EQ(r.status, row.expected[i])
          << row.name << " / " << ActionName(action) << ": " << r.body.substr(0, 300);
      if (r.status >= 400) {
        EXPECT_TRUE(r.IsProblem()) << row.name << " / " << ActionName(action);
        EXPECT_EQ(server().Count("people"), people_before)
            << row.name << " / " << ActionName(action) << " stored a person";
        for (const auto& secret : b_data) {
          EXPECT_EQ(r.body.find(secret), std::string::npos)
              << row.name << " / " << ActionName(action) << " leaks " << secret;
        }
      }
    }
  }
}

// The organisation list of a SPOC holds only her organisation.
TEST_P(ApiSecurityTest, OrganisationListIsScopedToTheTenant) {
  const int64_t a = server().OrgId("99001");
  auto& spoc = server().As(Role::kSpoc, a);
  auto r = spoc.client->Get("/api/organisations?limit=100");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.Json()["items"].size(), 1u) << r.body.substr(0, 500);
  EXPECT_EQ(r.Json()["items"][0]["id"], a);
  EXPECT_EQ(r.Json()["total"], 1) << "the total counts outside the tenant";
  auto q = spoc.client->Get("/api/organisations?q=Proefdorp");
  ASSERT_EQ(q.status, 200);
  EXPECT_TRUE(q.Json()["items"].empty());
  EXPECT_EQ(q.Json()["total"], 0);
  auto& observer = server().As(Role::kObserver, server().WarRoomId());
  EXPECT_EQ(observer.client->Get("/api/organisations").status, 403);
}

// A provider sees its customers on its own page, but not their people: no SPOC phone.
TEST_P(ApiSecurityTest, ProviderDoesNotSeeItsCustomersSpocs) {
  const int64_t p = server().OrgId("demo-ict");
  auto& provider = server().As(Role::kProvider, p);
  auto r = provider.client->Get("/api/organisations/" + std::to_string(p));
  ASSERT_EQ(r.status, 200) << r.body;
  const json page = r.Json();
  ASSERT_FALSE(page["customers"].empty());
  for (const auto& s : page["customers"]) {
    EXPECT_FALSE(s.contains("customer_spoc")) << s.dump();
  }
  EXPECT_EQ(r.body.find("Sanne"), std::string::npos);
}

// ---- 5. CSRF and API token scopes ----

TEST_P(ApiSecurityTest, CsrfTokenIsRequiredForSessionWrites) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  const std::string name = "CSRF " + server().UniqueEmail("org");
  const json body = {{"kind", "ict_provider"}, {"name_nl", name}};
  const int64_t before = server().Count("organisations");
  // Without the header.
  auto none = admin.client->Send("POST", "/api/organisations", body.dump(), {}, /*csrf=*/false);
  EXPECT_EQ(none.status, 403) << none.body;
  EXPECT_TRUE(none.IsProblem());
  EXPECT_EQ(none.Json()["code"], "csrf_token_invalid");
  // With a wrong one.
  auto wrong = admin.client->Send("POST", "/api/organisations", body.dump(),
                                  {{"X-CSRF-Token", "not-the-token"}}, false);
  EXPECT_EQ(wrong.status, 403);
  // Another user's token is wrong too.
  auto& analyst = server().As(Role::kWarroomAnalyst, server().WarRoomId());
  auto other = admin.client->Send("POST", "/api/organisations", body.dump(),
                                  {{"X-CSRF-Token", analyst.client->csrf()}}, false);
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(server().Count("organisations"), before);
  EXPECT_EQ(server().Count("organisations", "name_nl = '" + name + "'"), 0);
  // Reads need none.
  EXPECT_EQ(admin.client->Send("GET", "/api/organisations?limit=1", "", {}, false).status, 200);
  // With it: created.
  auto ok = admin.client->Post("/api/organisations", body);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(server().Count("organisations"), before + 1);
}

TEST_P(ApiSecurityTest, ApiTokensNeedNoCsrfButNeedTheScope) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  auto read_only = admin.client->Post(
      "/api/tokens",
      {{"name", "reader " + server().UniqueEmail("t")}, {"scopes", {"directory:read"}}});
  ASSERT_EQ(read_only.status, 201) << read_only.body;
  auto writer =
      admin.client->Post("/api/tokens", {{"name", "writer " + server().UniqueEmail("t")},
                                         {"scopes", {"directory:write", "directory:read"}}});
  ASSERT_EQ(writer.status, 201) << writer.body;

  auto machine = server().NewClient();
  machine->set_bearer(read_only.Json()["token"].get<std::string>());
  EXPECT_EQ(machine->Get("/api/organisations?limit=1").status, 200);
  const int64_t before = server().Count("organisations");
  const json body = {{"kind", "ict_provider"}, {"name_nl", "Token " + server().UniqueEmail("o")}};
  auto denied = machine->Post("/api/organisations", body);
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_EQ(denied.Json()["code"], "token_scope_missing");
  EXPECT_EQ(server().Count("organisations"), before);
  // Session-only routes are closed to tokens whatever their scopes.
  EXPECT_EQ(machine->Get("/api/users").status, 403);

  auto machine2 = server().NewClient();
  machine2->set_bearer(writer.Json()["token"].get<std::string>());
  auto created = machine2->Post("/api/organisations", body);  // no CSRF token held
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(server().Count("organisations"), before + 1);

  auto bogus = server().NewClient();
  bogus->set_bearer("wr_not_a_token");
  EXPECT_EQ(bogus->Get("/api/organisations").status, 401);
}

// ---- 8. ETag conflicts ----

TEST_P(ApiSecurityTest, StaleIfMatchIsRefusedAndMissingIfMatchIsRequired) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  auto& analyst = server().As(Role::kWarroomAnalyst, server().WarRoomId());
  auto org = admin.client->Post(
      "/api/organisations",
      {{"kind", "ict_provider"}, {"name_nl", "ETag " + server().UniqueEmail("o")}});
  ASSERT_EQ(org.status, 201) << org.body;
  const std::string path = "/api/organisations/" + std::to_string(org.Json()["id"].get<int64_t>());
  auto first = admin.client->Get(path);
  auto second = analyst.client->Get(path);
  ASSERT_EQ(first.Header("etag"), second.Header("etag"));
  EXPECT_EQ(first.Header("etag").rfind("W/\"", 0), 0u) << first.Header("etag");
  auto win = admin.client->Patch(path, {{"name_en", "first"}}, first.Header("etag"));
  EXPECT_EQ(win.status, 200) << win.body;
  EXPECT_NE(win.Header("etag"), first.Header("etag"));
  auto lose = analyst.client->Patch(path, {{"name_en", "second"}}, second.Header("etag"));
  EXPECT_EQ(lose.status, 412) << lose.body;
  EXPECT_TRUE(lose.IsProblem());
  EXPECT_EQ(admin.client->Get(path).Json()["name_en"], "first");
  auto missing = analyst.client->Send("PATCH", path, json({{"name_en", "third"}}).dump());
  EXPECT_EQ(missing.status, 428) << missing.body;
  EXPECT_EQ(admin.client->Get(path).Json()["name_en"], "first");

  // The same for a person.
  auto person = admin.client->Post(path + "/people", {{"full_name", "Etag Persoon"}});
  ASSERT_EQ(person.status, 201) << person.body;
  const std::string ppath = "/api/people/" + std::to_string(person.Json()["id"].get<int64_t>());
  auto p1 = admin.client->Get(ppath);
  auto p2 = analyst.client->Get(ppath);
  EXPECT_EQ(admin.client->Patch(ppath, {{"job_title", "one"}}, p1.Header("etag")).status, 200);
  auto p_lose = analyst.client->Patch(ppath, {{"job_title", "two"}}, p2.Header("etag"));
  EXPECT_EQ(p_lose.status, 412);
  EXPECT_EQ(analyst.client->Send("PATCH", ppath, json({{"job_title", "x"}}).dump()).status, 428);
  EXPECT_EQ(admin.client->Get(ppath).Json()["job_title"], "one");
  // And for the SPOC assignment.
  auto d = admin.client->Get(path);
  auto s_stale = analyst.client->Put(
      path + "/spoc", {{"spoc_id", nullptr}, {"deputy_ids", json::array()}}, first.Header("etag"));
  EXPECT_EQ(s_stale.status, 412) << s_stale.body;
  EXPECT_EQ(analyst.client
                ->Send("PUT", path + "/spoc",
                       json({{"spoc_id", nullptr}, {"deputy_ids", json::array()}}).dump())
                .status,
            428);
  EXPECT_EQ(admin.client->Get(path).Header("etag"), d.Header("etag"));
}

// ---- 9. Bad input on every write route ----

struct WriteRoute {
  std::string method;
  std::string path;
  json valid;  // a body the route accepts (for the text payloads)
  std::vector<std::string> text_fields;
  std::string readback;  // GET path showing the object ("" when none); "$id" = new id
  bool needs_if_match = false;
};

TEST_P(ApiSecurityTest, BadInputOnEveryWriteRouteIsRefusedOrStoredVerbatim) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  HttpClient& c = *admin.client;
  auto org = c.Post("/api/organisations",
                    {{"kind", "ict_provider"}, {"name_nl", "Input " + server().UniqueEmail("o")}});
  ASSERT_EQ(org.status, 201) << org.body;
  const std::string org_id = std::to_string(org.Json()["id"].get<int64_t>());
  auto prov = c.Post(
      "/api/organisations",
      {{"kind", "ict_provider"}, {"name_nl", "Input provider " + server().UniqueEmail("p")}});
  ASSERT_EQ(prov.status, 201) << prov.body;
  const std::string prov_id = std::to_string(prov.Json()["id"].get<int64_t>());
  auto person =
      c.Post("/api/organisations/" + org_id + "/people", {{"full_name", "Input Persoon"}});
  ASSERT_EQ(person.status, 201) << person.body;
  const std::string person_id = std::to_string(person.Json()["id"].get<int64_t>());
  auto victim = server().CreateUser(Role::kMember, std::stoll(org_id), false);
  ASSERT_NE(victim, nullptr);
  const std::string user_id = std::to_string(victim->id);

  const std::vector<WriteRoute> routes = {
      {"POST",
       "/api/organisations",
       {{"kind", "ict_provider"}, {"name_nl", "Valid"}},
       {"name_nl", "name_fr", "name_de", "name_en", "external_id", "nis_code", "region_nis",
        "province_nis"},
       "/api/organisations/$id"},
      {"PATCH",
       "/api/organisations/" + org_id,
       json::object(),
       {"name_nl", "name_fr", "name_de", "name_en", "external_id"},
       "/api/organisations/" + org_id,
       true},
      {"PUT",
       "/api/organisations/" + org_id + "/spoc",
       {{"spoc_id", nullptr}, {"deputy_ids", json::array()}},
       {},
       "",
       true},
      {"POST",
       "/api/organisations/" + org_id + "/people",
       {{"full_name", "Valid Persoon"}},
       {"full_name", "job_title", "work_email", "oob_email", "mobile", "landline"},
       "/api/people/$id"},
      {"PATCH",
       "/api/people/" + person_id,
       json::object(),
       {"full_name", "job_title", "work_email", "oob_email", "mobile", "landline"},
       "/api/people/" + person_id,
       true},
      {"POST", "/api/people/" + person_id + "/verify", json::object(), {}, ""},
      {"POST",
       "/api/services",
       {{"provider_id", std::stoll(prov_id)},
        {"customer_id", std::stoll(org_id)},
        {"service", "hosting"}},
       {"description"},
       ""},
      {"POST",
       "/api/users",
       {{"email", "x@test.example"},
        {"display_name", "Valid"},
        {"role", "member"},
        {"organisation_id", std::stoll(org_id)}},
       {"email", "display_name"},
       "/api/users/$id"},
      {"PATCH",
       "/api/users/" + user_id,
       json::object(),
       {"display_name"},
       "/api/users/" + user_id,
       true},
      {"POST", "/api/tokens", {{"name", "Valid"}, {"scopes", {"directory:read"}}}, {"name"}, ""},
      {"POST",
       "/api/auth/login",
       {{"email", "nobody@test.example"}, {"password", "x"}},
       {"email", "password"},
       ""},
      {"POST", "/api/auth/password-reset", {{"email", "nobody@test.example"}}, {"email"}, ""},
      {"POST", "/api/account-links/unknown-token", {{"password", "x"}}, {"password"}, ""},
  };
  const std::vector<std::string> tables = {"organisations",     "people",     "users",
                                           "provider_services", "api_tokens", "spoc_assignments",
                                           "audit_log"};
  // A failed sign-in is a security event in the audit log by design; everything else
  // refused stores nothing.
  const std::string* current_path = nullptr;
  auto counts = [&] {
    std::vector<int64_t> n;
    n.reserve(std::size(tables));
    for (const auto& t : tables) {
      const bool security_event =
          t == "audit_log" && current_path != nullptr && *current_path == "/api/auth/login";
      n.push_back(security_event ? 0 : server().Count(t));
    }
    return n;
  };
  auto send = [&](const WriteRoute& r, const std::string& body) {
    Headers h;
    if (r.needs_if_match) {
      std::string get = r.path;
      if (get.size() > 5 && get.substr(get.size() - 5) == "/spoc") get.resize(get.size() - 5);
      h.emplace_back("If-Match", c.Get(get).Header("etag"));
    }
    return c.Send(r.method, r.path, body, h);
  };
  auto refused = [&](const WriteRoute& r, const std::string& body, const std::string& what) {
    current_path = &r.path;
    const auto before = counts();
    auto resp = send(r, body);
    const std::string label = r.method + " " + r.path + " with " + what;
    EXPECT_GE(resp.status, 400) << label << ": " << resp.body.substr(0, 200);
    EXPECT_LT(resp.status, 500) << label << ": " << resp.body.substr(0, 200);
    EXPECT_TRUE(resp.IsProblem()) << label << ": " << resp.Header("content-type");
    EXPECT_EQ(counts(), before) << label << " stored something";
    return resp;
  };
  for (const auto& r : routes) {
    refused(r, "{\"a\": ", "malformed JSON");
    refused(r, "[1, 2]", "an array body");
    refused(r, "\"text\"", "a string body");
    json unknown = r.valid;
    unknown["bogus_field"] = 1;
    auto u = refused(r, unknown.dump(), "an unknown field");
    if (u.status == 400 && r.path.find("/api/auth/") != 0 &&
        r.path.find("/api/account-links") != 0) {
      EXPECT_NE(u.body.find("bogus_field"), std::string::npos) << r.path << ": " << u.body;
    }
    for (const auto& field : r.text_fields) {
      json wrong = r.valid;
      wrong[field] = 12345;
      refused(r, wrong.dump(), field + " as a number");
      wrong[field] = json::array({"x"});
      refused(r, wrong.dump(), field + " as an array");
    }
    json big = r.valid;
    big[r.text_fields.empty() ? "padding" : r.text_fields[0]] = std::string(size_t{70} * 1024, 'a');
    auto too_big = refused(r, big.dump(), "a body over 64 KiB");
    EXPECT_EQ(too_big.status, 413) << r.path;
  }

  const std::vector<std::string> payloads = {"'; DROP TABLE organisations; --", "1 OR 1=1",
                                             "<script>alert(1)</script>",
                                             "<img src=x onerror=alert(1)>"};
  int stored = 0;
  int rejected = 0;
  for (const auto& r : routes) {
    for (const auto& field : r.text_fields) {
      for (const auto& payload : payloads) {
        json body = r.valid;
        body[field] = payload;
        if (r.path == "/api/users" && field != "email") body["email"] = server().UniqueEmail("inj");
        const std::string label = r.method + " " + r.path + " " + field + "=" + payload;
        current_path = &r.path;
        const auto before = counts();
        const auto resp = send(r, body.dump());
        ASSERT_NE(resp.status, 0) << label;
        EXPECT_LT(resp.status, 500) << label << ": " << resp.body;
        if (resp.status >= 200 && resp.status < 300) {
          ++stored;
          const json j = resp.Json();
          EXPECT_EQ(j.value(field, std::string("<absent>")), payload) << label;
          if (!r.readback.empty()) {
            std::string get = r.readback;
            if (auto at = get.find("$id"); at != std::string::npos) {
              get.replace(at, 3, std::to_string(j["id"].get<int64_t>()));
            }
            const auto back = c.Get(get);
            EXPECT_EQ(back.status, 200) << label;
            EXPECT_EQ(back.Json().value(field, std::string("<absent>")), payload)
                << label << " was not read back byte-identical";
          }
        } else {
          ++rejected;
          EXPECT_GE(resp.status, 400) << label;
          EXPECT_TRUE(resp.IsProblem()) << label;
          EXPECT_EQ(counts(), before) << label << " stored something";
        }
      }
    }
  }
  EXPECT_GT(stored, 0);
  EXPECT_GT(rejected, 0);
  // Every table is still there.
  for (const auto& t : tables) EXPECT_GE(server().Count(t), 0) << t;
}

// ---- 4. TOTP ----

TEST_P(ApiSecurityTest, TotpWrongReplayedAndRecoveryCodes) {
  auto user = server().CreateUser(Role::kWarroomAnalyst, server().WarRoomId());
  ASSERT_NE(user, nullptr);
  ASSERT_FALSE(user->totp_secret.empty());
  auto sign_in = [&](HttpClient& c) {
    auto r = c.Post("/api/auth/login", {{"email", user->email}, {"password", user->password}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["stage"], "totp");
    return r;
  };
  auto c = server().NewClient();
  sign_in(*c);
  // Before the second factor the rest of the API is closed.
  auto early = c->Get("/api/organisations");
  EXPECT_EQ(early.status, 401);
  EXPECT_EQ(early.Json()["code"], "second_factor_required");
  // A wrong code.
  std::string wrong = user->NextTotpCode();
  user->totp_last_step -= 1;  // not used after all
  wrong[0] = wrong[0] == '9' ? '0' : static_cast<char>(wrong[0] + 1);
  auto bad = c->Post("/api/auth/totp", {{"code", wrong}});
  EXPECT_EQ(bad.status, 401) << bad.body;
  EXPECT_EQ(c->Get("/api/organisations").status, 401);
  // A right code.
  const std::string code = user->NextTotpCode();
  auto good = c->Post("/api/auth/totp", {{"code", code}});
  EXPECT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.Json()["stage"], "full");
  EXPECT_EQ(c->Get("/api/organisations?limit=1").status, 200);
  // The same code again, in another session: replay.
  auto c2 = server().NewClient();
  sign_in(*c2);
  auto replay = c2->Post("/api/auth/totp", {{"code", code}});
  EXPECT_EQ(replay.status, 401) << replay.body;
  EXPECT_EQ(c2->Get("/api/organisations").status, 401);
  // A recovery code works once.
  ASSERT_FALSE(user->recovery_codes.empty());
  const std::string recovery = user->recovery_codes[0];
  auto rec = c2->Post("/api/auth/totp", {{"recovery_code", recovery}});
  EXPECT_EQ(rec.status, 200) << rec.body;
  EXPECT_EQ(c2->Get("/api/organisations?limit=1").status, 200);
  auto c3 = server().NewClient();
  sign_in(*c3);
  auto rec_again = c3->Post("/api/auth/totp", {{"recovery_code", recovery}});
  EXPECT_EQ(rec_again.status, 401) << rec_again.body;
  EXPECT_EQ(c3->Get("/api/organisations").status, 401);
}

TEST_P(ApiSecurityTest, WarRoomRolesMustEnrolBeforeUsingTheApi) {
  auto user = server().CreateUser(Role::kWarroomAdmin, server().WarRoomId(), /*enrol=*/false);
  ASSERT_NE(user, nullptr);
  auto session = user->client->Get("/api/auth/session");
  EXPECT_EQ(session.Json()["stage"], "totp_enrolment");
  auto r = user->client->Get("/api/organisations");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["code"], "second_factor_required");
  EXPECT_EQ(user->client->Get("/api/users").status, 401);
  const int64_t before = server().Count("organisations");
  EXPECT_EQ(user->client->Post("/api/organisations", {{"kind", "ict_provider"}, {"name_nl", "No"}})
                .status,
            401);
  EXPECT_EQ(server().Count("organisations"), before);
  // So does every other role (a member too).
  auto member = server().CreateUser(Role::kMember, server().OrgId("99001"), false);
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->client->Get("/api/auth/session").Json()["stage"], "totp_enrolment");
}

// ---- 6. Throttling ----

TEST_P(ApiSecurityTest, FiveWrongPasswordsThrottleTheAccount) {
  auto user = server().CreateUser(Role::kMember, server().OrgId("99001"));
  ASSERT_NE(user, nullptr);
  auto c = server().NewClient();
  for (int i = 0; i < 5; ++i) {
    auto r = c->Post("/api/auth/login",
                     {{"email", user->email}, {"password", "Wrong-Password-" + std::to_string(i)}});
    EXPECT_EQ(r.status, 401) << i << ": " << r.body;
  }
  auto limited =
      c->Post("/api/auth/login", {{"email", user->email}, {"password", "Wrong-Password-x"}});
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_TRUE(limited.IsProblem());
  const std::string retry = limited.Header("retry-after");
  ASSERT_FALSE(retry.empty());
  EXPECT_GT(std::stoi(retry), 0);
  auto right = c->Post("/api/auth/login", {{"email", user->email}, {"password", user->password}});
  EXPECT_EQ(right.status, 429) << "the right password must wait for the window too";
  EXPECT_FALSE(right.Header("retry-after").empty());
  EXPECT_EQ(c->Get("/api/organisations").status, 401);
}

// The wait is a matter of time, not of a restart: on a server whose clock the test
// moves, the right password is refused during the wait and accepted once it has passed,
// and that success gives the account a fresh budget.
TEST_P(ApiSecurityTest, TheAccountThrottleLiftsOnceItsWaitHasPassed) {
  warroom::testing::FakeClock clock(std::chrono::system_clock::now());
  ServerOptions options;
  options.clock = &clock;
  auto started = TestServer::Start(GetParam(), options);
  ASSERT_TRUE(started) << started.error().message;
  TestServer& own = **started;
  auto user = own.CreateUser(Role::kMember, own.OrgId("99001"));
  ASSERT_NE(user, nullptr);
  auto c = own.NewClient();
  auto attempt = [&](const std::string& password) {
    return c->Post("/api/auth/login", {{"email", user->email}, {"password", password}});
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt("Wrong-Password-" + std::to_string(i)).status, 401);
  auto limited = attempt(user->password);
  ASSERT_EQ(limited.status, 429) << limited.body;
  const int wait = std::stoi(limited.Header("retry-after"));
  ASSERT_GT(wait, 0);

  clock.Advance(std::chrono::seconds(wait - 1));
  EXPECT_EQ(attempt(user->password).status, 429) << "one second before the end of the wait";
  clock.Advance(std::chrono::seconds(2));
  auto signed_in = attempt(user->password);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(signed_in.Json()["stage"], "totp");
  auto full = c->Post("/api/auth/totp", {{"code", user->NextTotpCode()}});
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(full.Json()["stage"], "full");
  // The full sign-in forgave this address's count: one more mistake is only a mistake.
  EXPECT_EQ(attempt("Wrong-Password-again").status, 401);
}

WR_API_INSTANTIATE(ApiSecurityTest);

}  // namespace
}  // namespace warroom::apitest
