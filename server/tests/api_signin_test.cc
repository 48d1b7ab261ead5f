// Sign-in and sessions, on SQLite and PostgreSQL, each test on its own server whose
// clock the test moves: session lifetimes, the session cookie, API tokens of disabled
// accounts, throttling, the second factor for every role and re-authentication.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "server/core/auth/totp.h"
#include "server/testing/fake_clock.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class ApiSignInTest : public ::testing::TestWithParam<ports::Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set: PostgreSQL skipped";
    }
  }

  // A server of its own, without reference data, on the test's clock.
  TestServer& Own(ServerOptions options = {}) {
    options.reference_data = false;
    options.demo = false;
    options.clock = &clock_;
    auto started = TestServer::Start(GetParam(), options);
    EXPECT_TRUE(started) << (started ? "" : started.error().message);
    if (started) own_ = std::move(*started);
    return *own_;
  }

  // Signs `user` in with a fresh client: password, then the second factor when asked.
  std::unique_ptr<HttpClient> SignIn(TestServer& s, TestUser& user) {
    auto c = s.NewClient();
    auto r = c->Post("/api/auth/login", {{"email", user.email}, {"password", user.password}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.Json()["stage"] == "totp") {
      clock_.Advance(seconds(30));  // a fresh time step for a fresh code
      auto t = c->Post("/api/auth/totp", {{"code", user.NextTotpCode()}});
      EXPECT_EQ(t.status, 200) << t.body;
    }
    return c;
  }

  testing::FakeClock clock_{std::chrono::system_clock::now()};
  std::unique_ptr<TestServer> own_;
};

// ---- Sessions ----

TEST_P(ApiSignInTest, ASessionEndsAfterHalfAnHourWithoutRequests) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto c = SignIn(s, *user);
  ASSERT_EQ(c->Get("/api/auth/session").status, 200);
  clock_.Advance(minutes(29));
  ASSERT_EQ(c->Get("/api/auth/session").status, 200) << "29 minutes idle is within the limit";
  clock_.Advance(minutes(31));
  auto gone = c->Get("/api/auth/session");
  EXPECT_EQ(gone.status, 401) << gone.body;
  EXPECT_EQ(gone.Json()["code"], "session_expired");
}

TEST_P(ApiSignInTest, AnActiveSessionEndsTwelveHoursAfterSignIn) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto c = SignIn(s, *user);
  // A request every 20 minutes keeps it from idling out...
  for (int i = 0; i < 35; ++i) {
    clock_.Advance(minutes(20));
    ASSERT_EQ(c->Get("/api/auth/session").status, 200) << "after " << (i + 1) * 20 << " min";
  }
  // ...but not beyond its absolute lifetime.
  clock_.Advance(minutes(21));
  auto gone = c->Get("/api/auth/session");
  EXPECT_EQ(gone.status, 401) << gone.body;
  EXPECT_EQ(gone.Json()["code"], "session_expired");
}

TEST_P(ApiSignInTest, TheSecureSessionCookieCarriesTheHostPrefix) {
  ServerOptions options;
  options.secure_cookies = true;
  TestServer& s = Own(options);
  service::InvitationInput in;
  in.email = s.UniqueEmail("cookie");
  in.display_name = "Cookie Test";
  in.role = Role::kWarroomAnalyst;
  in.organisation_id = s.WarRoomId();
  auto created = s.ctx().accounts->CreateWithSetupLink(in, "test", false);
  ASSERT_TRUE(created);
  auto c = s.NewClient();
  auto set = c->Post("/api/account-links/" + created->second, {{"password", kPassword}});
  ASSERT_EQ(set.status, 200) << set.body;
  const std::string cookie = set.Header("set-cookie");
  ASSERT_EQ(cookie.rfind("__Host-wr_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/;"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Domain"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos) << cookie;
  const std::string value = cookie.substr(0, cookie.find(';'));
  const std::string token = value.substr(value.find('=') + 1);
  auto fresh = s.NewClient();
  EXPECT_EQ(fresh->Send("GET", "/api/auth/session", "", {{"Cookie", value}}).status, 200);
  auto other = s.NewClient();
  EXPECT_EQ(other->Send("GET", "/api/auth/session", "", {{"Cookie", "wr_session=" + token}}).status,
            401)
      << "without the prefix the cookie is not the session cookie";
}

// ---- API tokens of disabled accounts ----

TEST_P(ApiSignInTest, DisablingAnAccountRevokesItsApiTokensForGood) {
  TestServer& s = Own();
  auto admin = s.CreateUser(Role::kWarroomAdmin, s.WarRoomId());
  auto user = s.CreateUser(Role::kWarroomAnalyst, s.WarRoomId());
  ASSERT_NE(admin, nullptr);
  ASSERT_NE(user, nullptr);
  auto t = user->client->Post("/api/tokens", {{"name", "sweep"}, {"scopes", {"directory:read"}}});
  ASSERT_EQ(t.status, 201) << t.body;
  auto machine = s.NewClient();
  machine->set_bearer(t.Json()["token"].get<std::string>());
  ASSERT_EQ(machine->Get("/api/organisations?limit=1").status, 200);

  const std::string path = "/api/users/" + std::to_string(user->id);
  auto off =
      admin->client->Patch(path, {{"disabled", true}}, admin->client->Get(path).Header("etag"));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(machine->Get("/api/organisations?limit=1").status, 401);
  auto on =
      admin->client->Patch(path, {{"disabled", false}}, admin->client->Get(path).Header("etag"));
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.Json()["status"], "active");
  EXPECT_EQ(machine->Get("/api/organisations?limit=1").status, 401)
      << "enabling the account again must not bring its tokens back";
  EXPECT_EQ(s.Count("api_tokens",
                    "user_id = " + std::to_string(user->id) + " AND revoked_at IS NOT NULL"),
            1);
}

// ---- Throttling ----

HttpResponse Login(HttpClient& c, const std::string& email, const std::string& password,
                   const std::string& forwarded_for = "") {
  Headers h;
  if (!forwarded_for.empty()) h.emplace_back("X-Forwarded-For", forwarded_for);
  return c.Send("POST", "/api/auth/login", json({{"email", email}, {"password", password}}).dump(),
                h);
}

void ExpectRetryAfter(const HttpResponse& r) {
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_TRUE(r.IsProblem());
  const std::string retry = r.Header("retry-after");
  ASSERT_FALSE(retry.empty()) << "a 429 without Retry-After";
  EXPECT_GT(std::stoi(retry), 0);
  EXPECT_EQ(r.Json()["retry_after"], std::stoi(retry));
  EXPECT_EQ(r.Json()["code"], "too_many_attempts");
}

// Colleagues share their municipality's address: one of them guessing at many accounts
// must not lock the others out.
TEST_P(ApiSignInTest, OneGuesserDoesNotLockOutEveryoneBehindTheSameAddress) {
  TestServer& s = Own();
  auto c = s.NewClient();
  for (int account = 0; account < 6; ++account) {
    const std::string email = s.UniqueEmail("guessed");
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(Login(*c, email, "Wrong-Password-" + std::to_string(i)).status, 401);
    }
  }
  auto colleague = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(colleague, nullptr);
  auto r = Login(*s.NewClient(), colleague->email, colleague->password);
  EXPECT_EQ(r.status, 200) << "24 failures from the address, none of them hers: " << r.body;
}

// From one address the pair's small budget applies; spread over many addresses the
// account's larger one.
TEST_P(ApiSignInTest, FailuresCountPerAccountAndPerAccountAndAddress) {
  ServerOptions options;
  options.trusted_proxies = {"127.0.0.1"};
  TestServer& s = Own(options);
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto c = s.NewClient();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login(*c, user->email, "Wrong-" + std::to_string(i), "198.51.100.1").status, 401);
  }
  ExpectRetryAfter(Login(*c, user->email, user->password, "198.51.100.1"));
  // The same account from elsewhere is not held up by that pair.
  EXPECT_EQ(Login(*c, user->email, user->password, "198.51.100.2").status, 200);
  // A guess spread over many addresses meets the account's budget (20).
  for (int i = 0; i < 15; ++i) {
    EXPECT_EQ(Login(*c, user->email, "Wrong", "203.0.113." + std::to_string(i + 1)).status, 401)
        << i;
  }
  ExpectRetryAfter(Login(*c, user->email, user->password, "203.0.113.200"));
}

TEST_P(ApiSignInTest, APasswordResetRequestIsNotAFailedSignIn) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto c = s.NewClient();
  for (int i = 0; i < 5; ++i) {
    auto r = c->Post("/api/auth/password-reset", {{"email", user->email}});
    EXPECT_EQ(r.status, 202) << i << ": " << r.body;
  }
  auto signed_in = Login(*c, user->email, user->password);
  EXPECT_EQ(signed_in.status, 200) << signed_in.body;
  // The reset form has a budget of its own, so that it cannot flood an inbox.
  ExpectRetryAfter(c->Post("/api/auth/password-reset", {{"email", user->email}}));
}

// The count lives in the database: another server instance over it (or this one after a
// restart) refuses the same account.
TEST_P(ApiSignInTest, ThrottleStateIsSharedThroughTheDatabase) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto c = s.NewClient();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login(*c, user->email, "Wrong").status, 401);
  service::AuthConfig config;
  service::AuthService second(s.db(), clock_, *s.ctx().hasher, *s.ctx().box, *s.ctx().mailer,
                              config);
  auto r = second.Login(user->email, user->password, "127.0.0.1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooManyRequests);
  EXPECT_GT(r.error().retry_after_s, 0);
  clock_.Advance(minutes(1));
  EXPECT_TRUE(second.Login(user->email, user->password, "127.0.0.1"));
}

TEST_P(ApiSignInTest, TheClientAddressComesFromTrustedProxiesOnly) {
  ServerOptions options;
  options.trusted_proxies = {"127.0.0.0/8"};
  TestServer& s = Own(options);
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto c = s.NewClient();
  // A client cannot pick its address by writing the header itself: our proxy (the peer)
  // appended the real one on the right.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        Login(*c, user->email, "Wrong", "10.9.9." + std::to_string(i) + ", 198.51.100.7").status,
        401);
  }
  ExpectRetryAfter(Login(*c, user->email, user->password, "10.9.9.99, 198.51.100.7"));
  EXPECT_EQ(s.Count("audit_log",
                    "action = 'security.sign_in_failed' AND after_json LIKE "
                    "'%\"198.51.100.7\"%'"),
            5);

  // Without trusted proxies the header is ignored: every attempt is the peer's.
  ServerOptions none;
  testing::FakeClock other_clock(std::chrono::system_clock::now());
  none.reference_data = false;
  none.demo = false;
  none.clock = &other_clock;
  auto started = TestServer::Start(GetParam(), none);
  ASSERT_TRUE(started);
  auto other = (*started)->CreateUser(Role::kMember, (*started)->WarRoomId());
  ASSERT_NE(other, nullptr);
  auto oc = (*started)->NewClient();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login(*oc, other->email, "Wrong", "198.51.100." + std::to_string(i)).status, 401);
  }
  ExpectRetryAfter(Login(*oc, other->email, other->password, "198.51.100.77"));
}

TEST_P(ApiSignInTest, FailedSignInsAndLockoutsAreSecurityEventsWithoutThePassword) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto c = s.NewClient();
  const std::string typed = "Secret-Guess-Number-";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login(*c, user->email, typed + std::to_string(i)).status, 401);
  }
  // An unknown account: the typed name may be a password and is not recorded.
  EXPECT_EQ(Login(*c, "Hunter2-Password@nowhere.example", typed).status, 401);
  const std::string id = std::to_string(user->id);
  EXPECT_EQ(s.Count("audit_log", "action = 'security.sign_in_failed' AND object_id = '" + id +
                                     "' AND after_json LIKE '%wrong_password%'"),
            5);
  EXPECT_EQ(s.Count("audit_log", "action = 'security.lockout' AND object_id = '" + id + "'"), 1);
  EXPECT_EQ(s.Count("audit_log",
                    "action = 'security.sign_in_failed' AND "
                    "after_json LIKE '%unknown_account%'"),
            1);
  EXPECT_EQ(s.Count("audit_log",
                    "after_json LIKE '%Secret-Guess%' OR actor_label LIKE "
                    "'%Secret-Guess%' OR after_json LIKE '%Hunter2%' OR "
                    "actor_label LIKE '%Hunter2%'"),
            0);
  EXPECT_EQ(s.Count("throttle_failures", "key_hash LIKE '%@%'"), 0) << "keys are hashed";
}

// ---- The second factor for every role ----

TEST_P(ApiSignInTest, EveryRoleEnrolsASecondFactorBeforeUsingTheApi) {
  TestServer& s = Own();
  for (Role role : {Role::kWarroomAdmin, Role::kWarroomAnalyst, Role::kSpoc, Role::kMember,
                    Role::kProvider, Role::kAuditor, Role::kObserver}) {
    const std::string name(core::Name(role));
    auto user = s.CreateUser(role, s.WarRoomId(), /*enrol=*/false);
    ASSERT_NE(user, nullptr) << name;
    EXPECT_EQ(user->client->Get("/api/auth/session").Json()["stage"], "totp_enrolment") << name;
    auto closed = user->client->Get("/api/organisations");
    EXPECT_EQ(closed.status, 401) << name;
    EXPECT_EQ(closed.Json()["code"], "second_factor_required") << name;
    // Signing in again leads to enrolment too, not to a full session.
    auto again = s.NewClient();
    auto login = again->Post("/api/auth/login", {{"email", user->email}, {"password", kPassword}});
    EXPECT_EQ(login.Json()["stage"], "totp_enrolment") << name;
    // Enrolment works for the role.
    auto start = again->Send("POST", "/api/auth/totp/enrolment");
    ASSERT_EQ(start.status, 200) << name << ": " << start.body;
    auto raw = core::auth::Base32Decode(start.Json().value("secret", ""));
    ASSERT_TRUE(raw);
    user->totp_secret = *raw;
    auto confirm =
        again->Post("/api/auth/totp/enrolment/confirm", {{"code", user->NextTotpCode()}});
    ASSERT_EQ(confirm.status, 200) << name << ": " << confirm.body;
    EXPECT_EQ(confirm.Json()["session"]["stage"], "full") << name;
  }
}

TEST_P(ApiSignInTest, TheInvitationPromisesASecondFactorForEveryRole) {
  TestServer& s = Own();
  for (Role role : {Role::kMember, Role::kSpoc, Role::kObserver}) {
    service::InvitationInput in;
    in.email = s.UniqueEmail("invite");
    in.display_name = "Invited";
    in.role = role;
    in.organisation_id = s.WarRoomId();
    auto created = s.ctx().accounts->CreateWithSetupLink(in, "test", false);
    ASSERT_TRUE(created);
    auto info = s.NewClient()->Get("/api/account-links/" + created->second);
    ASSERT_EQ(info.status, 200) << info.body;
    EXPECT_EQ(info.Json()["totp_required"], true) << core::Name(role);
  }
}

TEST_P(ApiSignInTest, AnAdminResetsALostAuthenticator) {
  TestServer& s = Own();
  auto admin = s.CreateUser(Role::kWarroomAdmin, s.WarRoomId());
  auto spoc = s.CreateUser(Role::kSpoc, s.WarRoomId());
  ASSERT_NE(admin, nullptr);
  ASSERT_NE(spoc, nullptr);
  const std::string path = "/api/users/" + std::to_string(spoc->id) + "/totp-reset";
  // Only the admin, and not for herself.
  EXPECT_EQ(spoc->client->Send("POST", path).status, 403);
  auto self =
      admin->client->Send("POST", "/api/users/" + std::to_string(admin->id) + "/totp-reset");
  EXPECT_EQ(self.status, 400) << self.body;
  EXPECT_EQ(self.Json()["code"], "cannot_reset_self");
  EXPECT_EQ(admin->client->Send("POST", "/api/users/999999/totp-reset").status, 404);
  ASSERT_EQ(spoc->client->Get("/api/auth/session").status, 200);

  auto reset = admin->client->Send("POST", path);
  ASSERT_EQ(reset.status, 204) << reset.body;
  EXPECT_EQ(spoc->client->Get("/api/auth/session").status, 401) << "her sessions end";
  auto shown = admin->client->Get("/api/users/" + std::to_string(spoc->id));
  EXPECT_EQ(shown.Json()["totp_enabled"], false);
  EXPECT_EQ(s.Count("recovery_codes", "user_id = " + std::to_string(spoc->id)), 0);
  EXPECT_EQ(s.Count("audit_log", "action = 'user.totp_reset' AND object_id = '" +
                                     std::to_string(spoc->id) + "'"),
            1);
  // The next sign-in leads to enrolment; the old code is worth nothing.
  auto c = s.NewClient();
  auto login = c->Post("/api/auth/login", {{"email", spoc->email}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.Json()["stage"], "totp_enrolment");
  EXPECT_EQ(c->Post("/api/auth/totp", {{"code", spoc->NextTotpCode()}}).status, 403);
}

// ---- Re-authentication ----

TEST_P(ApiSignInTest, CreatingAnApiTokenNeedsARecentAuthentication) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kSpoc, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  const json body = {{"name", "sweep"}, {"scopes", {"directory:read"}}};
  EXPECT_EQ(user->client->Post("/api/tokens", body).status, 201) << "just signed in";
  clock_.Advance(minutes(6));
  auto stale = user->client->Post("/api/tokens", body);
  EXPECT_EQ(stale.status, 403) << stale.body;
  EXPECT_EQ(stale.Json()["code"], "reauthentication_required");
  EXPECT_EQ(s.Count("api_tokens", "user_id = " + std::to_string(user->id)), 1);
  // A wrong password does not count, and is a security event.
  auto wrong = user->client->Post("/api/auth/reauthenticate", {{"password", "Not-The-Password"}});
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  EXPECT_EQ(user->client->Post("/api/tokens", body).status, 403);
  EXPECT_EQ(s.Count("audit_log", "action = 'security.reauthentication_failed'"), 1);
  // The password does.
  auto ok = user->client->Post("/api/auth/reauthenticate", {{"password", kPassword}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(user->client->Post("/api/tokens", body).status, 201);
  // So does a fresh code, a while later.
  clock_.Advance(minutes(6));
  EXPECT_EQ(user->client->Post("/api/tokens", body).status, 403);
  auto code = user->client->Post("/api/auth/reauthenticate", {{"code", user->NextTotpCode()}});
  ASSERT_EQ(code.status, 204) << code.body;
  EXPECT_EQ(user->client->Post("/api/tokens", body).status, 201);
  // Neither both nor none.
  EXPECT_EQ(user->client->Post("/api/auth/reauthenticate", json::object()).status, 400);
  EXPECT_EQ(
      user->client->Post("/api/auth/reauthenticate", {{"password", kPassword}, {"code", "123456"}})
          .status,
      400);
}

TEST_P(ApiSignInTest, ReplacingTheSecondFactorNeedsARecentAuthentication) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  clock_.Advance(minutes(6));
  auto stale = user->client->Send("POST", "/api/auth/totp/enrolment");
  EXPECT_EQ(stale.status, 403) << stale.body;
  EXPECT_EQ(stale.Json()["code"], "reauthentication_required");
  ASSERT_EQ(user->client->Post("/api/auth/reauthenticate", {{"password", kPassword}}).status, 204);
  auto start = user->client->Send("POST", "/api/auth/totp/enrolment");
  ASSERT_EQ(start.status, 200) << start.body;
  auto raw = core::auth::Base32Decode(start.Json().value("secret", ""));
  ASSERT_TRUE(raw);
  // Confirming later than the window needs a new proof too.
  clock_.Advance(minutes(6));
  user->totp_secret = *raw;
  user->totp_last_step = -1;
  const std::string code = user->NextTotpCode();
  auto late = user->client->Post("/api/auth/totp/enrolment/confirm", {{"code", code}});
  EXPECT_EQ(late.status, 403) << late.body;
  EXPECT_EQ(late.Json()["code"], "reauthentication_required");
  // API tokens cannot re-authenticate.
  auto machine = s.NewClient();
  machine->set_bearer("wr_0123456789abcdef_notavalidsecret");
  EXPECT_EQ(machine->Post("/api/auth/reauthenticate", {{"password", kPassword}}).status, 401);
}

// ---- Self-service ----

TEST_P(ApiSignInTest, AUserChangesHerOwnPasswordWithTheCurrentOne) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  auto other = SignIn(s, *user);  // a second browser
  ASSERT_EQ(other->Get("/api/auth/session").status, 200);
  const std::string next = "Quartz-Meadow-Bicycle-71";
  auto wrong = user->client->Post(
      "/api/auth/password", {{"current_password", "Not-The-Password"}, {"new_password", next}});
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.Json()["errors"][0]["field"], "/current_password");
  EXPECT_EQ(s.Count("audit_log", "action = 'security.password_change_failed'"), 1);
  auto weak = user->client->Post("/api/auth/password",
                                 {{"current_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 400) << weak.body;
  EXPECT_EQ(weak.Json()["errors"][0]["field"], "/new_password");
  auto ok = user->client->Post("/api/auth/password",
                               {{"current_password", kPassword}, {"new_password", next}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(user->client->Get("/api/auth/session").status, 200) << "this session stays";
  EXPECT_EQ(other->Get("/api/auth/session").status, 401) << "the others end";
  auto c = s.NewClient();
  EXPECT_EQ(c->Post("/api/auth/login", {{"email", user->email}, {"password", kPassword}}).status,
            401);
  EXPECT_EQ(c->Post("/api/auth/login", {{"email", user->email}, {"password", next}}).status, 200);
}

TEST_P(ApiSignInTest, AUserListsAndEndsHerOwnSessions) {
  TestServer& s = Own();
  auto user = s.CreateUser(Role::kMember, s.WarRoomId());
  auto stranger = s.CreateUser(Role::kMember, s.WarRoomId());
  ASSERT_NE(user, nullptr);
  ASSERT_NE(stranger, nullptr);
  auto other = SignIn(s, *user);
  auto list = user->client->Get("/api/auth/sessions");
  ASSERT_EQ(list.status, 200) << list.body;
  const json items = list.Json()["items"];
  ASSERT_EQ(items.size(), 2u) << list.body;
  std::string other_id;
  for (const auto& item : items) {
    EXPECT_EQ(item["id"].get<std::string>().size(), 16u);
    if (!item["current"].get<bool>()) other_id = item["id"].get<std::string>();
  }
  ASSERT_FALSE(other_id.empty());
  // Someone else cannot end it.
  EXPECT_EQ(stranger->client->Send("DELETE", "/api/auth/sessions/" + other_id).status, 404);
  EXPECT_EQ(other->Get("/api/auth/session").status, 200);
  auto gone = user->client->Send("DELETE", "/api/auth/sessions/" + other_id);
  EXPECT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(other->Get("/api/auth/session").status, 401);
  EXPECT_EQ(user->client->Get("/api/auth/sessions").Json()["items"].size(), 1u);
  EXPECT_EQ(user->client->Send("DELETE", "/api/auth/sessions/" + other_id).status, 404);
}

WR_API_INSTANTIATE(ApiSignInTest);

}  // namespace
}  // namespace warroom::apitest
