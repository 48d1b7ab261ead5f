// Webhooks through the API on both engines: an endpoint made over HTTP, its secret shown
// once, a test event delivered by the outbox to a receiver in this process that checks
// the signature, tenant isolation between SPOCs, and no secret in any view or the audit log.
#include <gtest/gtest.h>

#include <string>

#include "server/testing/webhook_receiver.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;

class ApiWebhooksTest : public ::testing::TestWithParam<ports::Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set";
    }
    ServerOptions options;
    options.outbox = true;
    options.allow_http_webhooks = true;
    auto started = TestServer::Start(GetParam(), options);
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
    ASSERT_TRUE(receiver_.Start());
  }
  void TearDown() override { receiver_.Stop(); }

  std::unique_ptr<TestServer> server_;
  ports::SystemClock clock_;
  warroom::testing::WebhookReceiver receiver_{"", clock_};
};

TEST_P(ApiWebhooksTest, SpocMakesAnEndpointAndItsTestEventArrivesSigned) {
  TestServer& s = *server_;
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  HttpClient& spoc_a = *s.As(Role::kSpoc, a).client;
  HttpClient& spoc_b = *s.As(Role::kSpoc, b).client;
  HttpClient& admin = *s.As(Role::kWarroomAdmin, s.WarRoomId()).client;

  auto created = spoc_a.Post("/api/webhooks", {{"url", receiver_.Url()}, {"description", "chat"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.Json()["secret"];
  const int64_t id = created.Json()["id"];
  EXPECT_EQ(created.Json()["organisation_id"], a);
  EXPECT_EQ(secret.size(), 43u);
  receiver_.set_secret(secret);

  // Never again: not in the list, the record, nor the audit log.
  auto list = spoc_a.Get("/api/webhooks");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  auto got = spoc_a.Get("/api/webhooks/" + std::to_string(id));
  ASSERT_EQ(got.status, 200);
  EXPECT_FALSE(got.Json().contains("secret"));
  EXPECT_EQ(got.Header("etag"), "W/\"1\"");

  // Another organisation's SPOC neither sees nor changes it.
  const std::string path = "/api/webhooks/" + std::to_string(id);
  EXPECT_EQ(spoc_b.Get("/api/webhooks").Json()["items"].size(), 0u);
  EXPECT_EQ(spoc_b.Get(path).status, 404);
  EXPECT_EQ(spoc_b.Patch(path, {{"active", false}}, "W/\"1\"").status, 404);
  EXPECT_EQ(spoc_b.Post(path + "/rotate", json::object()).status, 404);
  EXPECT_EQ(spoc_b.Post(path + "/test", json::object()).status, 404);
  EXPECT_EQ(spoc_b.Send("DELETE", path).status, 404);
  auto foreign = spoc_b.Post("/api/webhooks", {{"url", receiver_.Url()}, {"organisation_id", a}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.Json()["code"], "webhook_not_your_organisation");
  // URL rules answer with the field.
  auto metadata = spoc_a.Post("/api/webhooks", {{"url", "http://169.254.169.254/latest"}});
  ASSERT_EQ(metadata.status, 400);
  EXPECT_EQ(metadata.Json()["errors"][0]["field"], "/url");
  EXPECT_EQ(metadata.Json()["errors"][0]["code"], "url_host_not_allowed");
  auto credentials = spoc_a.Post("/api/webhooks", {{"url", "http://u:p@127.0.0.1/"}});
  ASSERT_EQ(credentials.status, 400);
  EXPECT_EQ(credentials.Json()["errors"][0]["code"], "url_has_credentials");

  // The test event travels through the outbox and verifies at the receiver.
  auto test = spoc_a.Post(path + "/test", json::object());
  ASSERT_EQ(test.status, 202) << test.body;
  const int64_t delivery = test.Json()["delivery_id"];
  auto run = s.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->sent, 1);
  auto received = receiver_.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_TRUE(received[0].verified);
  EXPECT_EQ(received[0].headers["x-warroom-delivery"], std::to_string(delivery));
  EXPECT_EQ(json::parse(received[0].body)["type"], "webhook.test");
  auto after = spoc_a.Get(path);
  EXPECT_FALSE(after.Json()["last_success_at"].is_null());

  // Rotation: a new secret, shown once; the old one no longer verifies.
  auto rotated = spoc_a.Post(path + "/rotate", json::object());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string second = rotated.Json()["secret"];
  EXPECT_NE(second, secret);
  ASSERT_EQ(spoc_a.Post(path + "/test", json::object()).status, 202);
  ASSERT_TRUE(s.ctx().dispatcher->RunOnce());
  received = receiver_.Received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_FALSE(received[1].verified);  // still checking with the old secret: 401
  EXPECT_EQ(received[1].answered, 401);

  // Switch off with If-Match, then delete; the audit log never saw a secret.
  auto off = spoc_a.Patch(path, {{"active", false}}, rotated.Header("etag"));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json()["active"], false);
  EXPECT_EQ(spoc_a.Patch(path, {{"active", true}}, rotated.Header("etag")).status, 412);
  EXPECT_EQ(spoc_a.Send("DELETE", path).status, 204);
  EXPECT_EQ(spoc_a.Get(path).status, 404);
  auto audit = admin.Get("/api/audit?limit=200");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body.find(secret), std::string::npos);
  EXPECT_EQ(audit.body.find(second), std::string::npos);
  EXPECT_NE(audit.body.find("webhook.rotate_secret"), std::string::npos);
  EXPECT_NE(audit.body.find("webhook.delete"), std::string::npos);
}

TEST_P(ApiWebhooksTest, OnlyTheAdminAndSpocsManageWebhooks) {
  TestServer& s = *server_;
  const int64_t a = s.OrgId("99001");
  for (const Role role : {Role::kMember, Role::kWarroomAnalyst, Role::kObserver}) {
    const int64_t org = role == Role::kMember ? a : s.WarRoomId();
    auto r = s.As(role, org).client->Get("/api/webhooks");
    EXPECT_EQ(r.status, 403) << core::Name(role);
  }
  auto mine = s.As(Role::kWarroomAdmin, s.WarRoomId())
                  .client->Post("/api/webhooks", {{"url", "https://warroom.example.test/hook"}});
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_TRUE(mine.Json()["organisation_id"].is_null());
  // The war room's own endpoint is not a SPOC's business.
  EXPECT_EQ(s.As(Role::kSpoc, a)
                .client->Get("/api/webhooks/" + std::to_string(mine.Json()["id"].get<int64_t>()))
                .status,
            404);
}

// Sends an advisory to organisation `org` (authored by an analyst, approved by the admin:
// four eyes) and returns its id, or 0.
int64_t SendAdvisory(TestServer& s, int64_t org, const std::string& tlp, const std::string& title) {
  const json text = {{"title", title},
                     {"body", "Patch the **VPN** gateway."},
                     {"action_points", {"Patch", "Rotate the VPN keys"}}};
  auto draft =
      s.As(Role::kWarroomAnalyst, s.WarRoomId())
          .client->Post("/api/advisories", {{"severity", "alert"},
                                            {"tlp", tlp},
                                            {"audience", {{"organisation_ids", {org}}}},
                                            {"texts", {{"nl", text}, {"fr", text}, {"en", text}}}});
  EXPECT_EQ(draft.status, 201) << draft.body;
  if (draft.status != 201) return 0;
  const int64_t id = draft.Json()["id"];
  auto sent = s.As(Role::kWarroomAdmin, s.WarRoomId())
                  .client->Send("POST", "/api/advisories/" + std::to_string(id) + "/approve", "{}",
                                {{"If-Match", draft.Header("etag")}});
  EXPECT_EQ(sent.status, 200) << sent.body;
  return sent.status == 200 ? id : 0;
}

TEST_P(ApiWebhooksTest, AdvisoriesReachWebhooksAndRedContentNeverDoes) {
  TestServer& s = *server_;
  const int64_t a = s.OrgId("99001");
  auto mine = s.As(Role::kSpoc, a).client->Post("/api/webhooks", {{"url", receiver_.Url()}});
  ASSERT_EQ(mine.status, 201) << mine.body;
  receiver_.set_secret(mine.Json()["secret"]);
  auto war_room = s.As(Role::kWarroomAdmin, s.WarRoomId())
                      .client->Post("/api/webhooks", {{"url", receiver_.Url("/war-room")}});
  ASSERT_EQ(war_room.status, 201) << war_room.body;

  // TLP:GREEN: titles and action points travel; the organisation's endpoint is recorded
  // as a delivery of the advisory to it.
  const int64_t green = SendAdvisory(s, a, "green", "Green VPN title");
  ASSERT_NE(green, 0);
  ASSERT_TRUE(s.ctx().dispatcher->RunOnce());
  auto received = receiver_.Received();
  std::vector<json> org_events;
  for (const auto& r : received) {
    if (r.target == "/hook") {
      EXPECT_TRUE(r.verified);
      org_events.push_back(json::parse(r.body));
    }
  }
  ASSERT_EQ(org_events.size(), 1u);
  EXPECT_EQ(org_events[0]["type"], "advisory.published");
  EXPECT_EQ(org_events[0]["data"]["tlp"], "TLP:GREEN");
  EXPECT_EQ(org_events[0]["data"]["organisation_id"], a);
  EXPECT_EQ(org_events[0]["data"]["texts"]["en"]["title"], "Green VPN title");
  EXPECT_EQ(org_events[0]["data"]["texts"]["en"]["action_points"][1], "Rotate the VPN keys");
  auto detail = s.As(Role::kWarroomAnalyst, s.WarRoomId())
                    .client->Get("/api/advisories/" + std::to_string(green) + "/recipients/" +
                                 std::to_string(a));
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_NE(detail.body.find("\"webhook\""), std::string::npos) << detail.body;

  // TLP:RED and AMBER+STRICT: only that an advisory waits in the app, to either endpoint.
  const size_t before = receiver_.Received().size();
  ASSERT_NE(SendAdvisory(s, a, "red", "Red secret title"), 0);
  ASSERT_NE(SendAdvisory(s, a, "amber+strict", "Strict secret title"), 0);
  ASSERT_TRUE(s.ctx().dispatcher->RunOnce());
  received = receiver_.Received();
  ASSERT_GE(received.size(), before + 4);  // two advisories, two endpoints each
  for (size_t i = before; i < received.size(); ++i) {
    EXPECT_EQ(received[i].body.find("secret title"), std::string::npos) << received[i].body;
    EXPECT_EQ(received[i].body.find("VPN"), std::string::npos) << received[i].body;
    EXPECT_EQ(json::parse(received[i].body)["data"]["content"], "in_app_only");
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiWebhooksTest,
                         ::testing::Values(::warroom::ports::Engine::kSqlite,
                                           ::warroom::ports::Engine::kPostgres),
                         ::warroom::apitest::EngineLabel);

}  // namespace
}  // namespace warroom::apitest
