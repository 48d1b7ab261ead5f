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

class ApiSignInTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == storage::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
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

WR_API_INSTANTIATE(ApiSignInTest);

}  // namespace
}  // namespace warroom::apitest
