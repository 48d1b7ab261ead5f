// Accounts linked to directory people and self-service language, through the real API
// on both engines: who may invite a person (the admin anyone, a SPOC her own people,
// nobody else), what the invitation carries (the person's e-mail, name, language and the
// link), how the person and the user show the link, and the user's own language choice.
#include <gtest/gtest.h>

#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;

class ApiAccountsTest : public ApiTest {
 protected:
  // A new person of `org` (admin-created), returning its id.
  int64_t NewPerson(int64_t org, const std::string& name, const std::optional<std::string>& email,
                    const std::string& language = "nl") {
    auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
    nlohmann::json body = {{"full_name", name}, {"preferred_language", language}};
    if (email) body["work_email"] = *email;
    auto r = admin.client->Post("/api/organisations/" + std::to_string(org) + "/people", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }

  std::string Invite(int64_t person) { return "/api/people/" + std::to_string(person) + "/invite"; }

  // The subject of the newest outbox message to `to`.
  std::string SubjectTo(const std::string& to) {
    return server().Text("SELECT subject FROM outbox WHERE recipient = $1 ORDER BY id DESC", {to});
  }
};

TEST_P(ApiAccountsTest, AdminInvitesAPersonInTheirLanguageAndBothSidesShowTheLink) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  const int64_t org = server().OrgId("99001");
  const std::string email = server().UniqueEmail("person-invite");
  const int64_t person = NewPerson(org, "Camille Dubois", email, "fr");
  const int64_t audits_before = server().Count("audit_log", "action = 'user.invite'");

  auto r = admin.client->Post(Invite(person), {{"role", "member"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto user = r.Json();
  EXPECT_EQ(user["email"], email);
  EXPECT_EQ(user["display_name"], "Camille Dubois");
  EXPECT_EQ(user["person_id"], person);
  EXPECT_EQ(user["organisation_id"], org);
  EXPECT_EQ(user["role"], "member");
  EXPECT_EQ(user["status"], "invited");
  EXPECT_EQ(user["preferred_language"], "fr");
  EXPECT_EQ(r.Header("location"), "/api/users/" + std::to_string(user["id"].get<int64_t>()));
  // The invitation mail went out in the person's language, and the change is audited.
  // (The demo organisation's mails carry the exercise tag in front.)
  EXPECT_NE(SubjectTo(email).find("Invitation à la warroom"), std::string::npos)
      << SubjectTo(email);
  EXPECT_EQ(server().Count("audit_log", "action = 'user.invite'"), audits_before + 1);

  // The person (alone and on the organisation page) shows its account.
  auto shown = admin.client->Get("/api/people/" + std::to_string(person));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.Json()["account"]["id"], user["id"]);
  EXPECT_EQ(shown.Json()["account"]["status"], "invited");
  auto page = admin.client->Get("/api/organisations/" + std::to_string(org));
  ASSERT_EQ(page.status, 200) << page.body;
  bool found = false;
  const nlohmann::json page_json = page.Json();
  for (const auto& p : page_json["people"]) {
    if (p["id"] == person) {
      found = true;
      EXPECT_EQ(p["account"]["status"], "invited") << p.dump();
    } else if (p.contains("account") && !p["account"].is_null()) {
      EXPECT_NE(p["account"]["id"], user["id"]);
    }
  }
  EXPECT_TRUE(found) << page.body.substr(0, 400);

  // A second invitation of the same person is a conflict, as is the admin's direct one.
  auto again = admin.client->Post(Invite(person), {{"role", "member"}});
  EXPECT_EQ(again.status, 409) << again.body;
  auto direct = admin.client->Post("/api/users", {{"email", server().UniqueEmail("other")},
                                                  {"display_name", "Other Name"},
                                                  {"role", "member"},
                                                  {"organisation_id", org},
                                                  {"person_id", person}});
  EXPECT_EQ(direct.status, 409) << direct.body;
}

TEST_P(ApiAccountsTest, ASpocInvitesHerOwnPeopleWithoutEscalating) {
  const int64_t own = server().OrgId("99001");
  const int64_t other = server().OrgId("99002");
  auto& spoc = server().As(Role::kSpoc, own);
  const int64_t mine = NewPerson(own, "Jef Peeters", server().UniqueEmail("spoc-invitee"));
  const int64_t theirs = NewPerson(other, "Anna Janssens", server().UniqueEmail("elsewhere"));

  // Another organisation's person does not exist for her.
  auto foreign = spoc.client->Post(Invite(theirs), {{"role", "member"}});
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  // No role above her own.
  for (const char* role : {"warroom_admin", "warroom_analyst", "observer"}) {
    auto up = spoc.client->Post(Invite(mine), {{"role", role}});
    EXPECT_EQ(up.status, 403) << role << ": " << up.body;
  }
  auto ok = spoc.client->Post(Invite(mine), {{"role", "member"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.Json()["person_id"], mine);
  EXPECT_EQ(ok.Json()["organisation_id"], own);
  // The SPOC sees the new account's status on her own person.
  auto shown = spoc.client->Get("/api/people/" + std::to_string(mine));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.Json()["account"]["status"], "invited");
}

TEST_P(ApiAccountsTest, AMemberMayNotInvite) {
  const int64_t own = server().OrgId("99001");
  auto& member = server().As(Role::kMember, own);
  const int64_t person = NewPerson(own, "Piet Maes", server().UniqueEmail("by-member"));
  auto r = member.client->Post(Invite(person), {{"role", "member"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(server().Count("users", "person_id = " + std::to_string(person)), 0);
}

TEST_P(ApiAccountsTest, APersonWithoutAnEmailOrWithATakenOneIsRefused) {
  auto& admin = server().As(Role::kWarroomAdmin, server().WarRoomId());
  const int64_t org = server().OrgId("99001");
  const int64_t no_email = NewPerson(org, "Zonder Adres", std::nullopt);
  auto r = admin.client->Post(Invite(no_email), {{"role", "member"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("missing_email"), std::string::npos) << r.body;

  const int64_t taken = NewPerson(org, "Dubbel Adres", admin.email);
  auto t = admin.client->Post(Invite(taken), {{"role", "member"}});
  EXPECT_EQ(t.status, 409) << t.body;

  auto no_role = admin.client->Post(Invite(taken), nlohmann::json::object());
  EXPECT_EQ(no_role.status, 400) << no_role.body;
  auto unknown = admin.client->Post(Invite(999999999), {{"role", "member"}});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  // A role that does not fit the organisation's kind.
  auto wrong_kind = admin.client->Post(Invite(taken), {{"role", "auditor"}});
  EXPECT_EQ(wrong_kind.status, 400) << wrong_kind.body;
}

TEST_P(ApiAccountsTest, AUserChoosesTheirLanguageForTheAppAndTheirMails) {
  auto user = server().CreateUser(Role::kMember, server().OrgId("99001"));
  const int64_t audits_before = server().Count("audit_log", "action = 'user.language'");
  auto r = user->client->Send("PATCH", "/api/me", R"({"preferred_language":"fr"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["preferred_language"], "fr");
  EXPECT_EQ(server().Count("audit_log", "action = 'user.language'"), audits_before + 1);
  // The next sign-in (the session view) carries it, for the web app's language.
  auto session = user->client->Get("/api/auth/session");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.Json()["user"]["preferred_language"], "fr");
  // Mails to the user are in it.
  auto anonymous = server().NewClient();
  auto reset = anonymous->Post("/api/auth/password-reset", {{"email", user->email}});
  ASSERT_EQ(reset.status, 202) << reset.body;
  EXPECT_EQ(SubjectTo(user->email).rfind("Réinitialisation", 0), 0u) << SubjectTo(user->email);

  auto bad = user->client->Send("PATCH", "/api/me", R"({"preferred_language":"xx"})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  auto missing = user->client->Send("PATCH", "/api/me", "{}");
  EXPECT_EQ(missing.status, 400) << missing.body;
  auto extra = user->client->Send("PATCH", "/api/me", R"({"role":"warroom_admin"})");
  EXPECT_EQ(extra.status, 400) << extra.body;
}

WR_API_INSTANTIATE(ApiAccountsTest);

}  // namespace
}  // namespace warroom::apitest
