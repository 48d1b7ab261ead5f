// WebhookService on both engines, below the HTTP layer: who manages which endpoints, the
// URL rule's refusals, the secret shown once and never in a view or the audit log,
// rotation, versions, and the channel's lookups.
#include "server/service/webhook_service.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "server/core/audit/audit_chain.h"
#include "server/service/directory_service.h"
#include "server/service/views.h"
#include "server/storage/repositories/audit_store.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"

namespace warroom::service {
namespace {

using core::DirectoryScope;
using core::Principal;
using core::Role;
using ports::Engine;
using ports::Tx;
using storage::testing::EngineTest;

Principal Caller(int64_t user_id, Role role, int64_t organisation_id, std::string label) {
  Principal p;
  p.user_id = user_id;
  p.role = role;
  p.organisation_id = organisation_id;
  p.label = std::move(label);
  return p;
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field + ":" + f.code);
  return out;
}

WebhookPatch Active(bool on) {
  WebhookPatch p;
  p.active = on;
  return p;
}
WebhookPatch Url(const std::string& url) {
  WebhookPatch p;
  p.url = url;
  return p;
}
WebhookPatch Description(const std::string& d) {
  WebhookPatch p;
  p.description = d;
  return p;
}
WebhookSettings Settings(bool allow_local, int max) {
  WebhookSettings s;
  s.allow_local = allow_local;
  s.max_per_organisation = max;
  return s;
}

class WebhookServiceTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::array<unsigned char, core::AuditKey::kBytes> bytes{};
    bytes.fill(9);
    db_->SetAuditKey(std::make_shared<const core::AuditKey>(bytes));
    DirectoryService directory(*db_, clock_);
    for (const auto& [name, nis, id] :
         {std::tuple{"Oefenstad", "99001", &a_}, std::tuple{"Proefdorp", "99002", &b_}}) {
      OrganisationInput in;
      in.name_nl = name;
      in.nis_code = nis;
      auto o = directory.Create(admin_, in);
      ASSERT_TRUE(o) << o.error().message;
      *id = o->id;
    }
    spoc_a_ = Caller(2, Role::kSpoc, a_, "spoc-a@example.org");
    spoc_b_ = Caller(3, Role::kSpoc, b_, "spoc-b@example.org");
    service_ = std::make_unique<WebhookService>(*db_, clock_, box_, WebhookSettings{});
  }

  WebhookInput Input(const std::string& url, std::optional<int64_t> org = std::nullopt,
                     bool given = false) {
    WebhookInput in;
    in.url = url;
    in.description = "chat room";
    in.organisation_id = org;
    in.organisation_given = given;
    return in;
  }

  std::vector<core::AuditEntry> AuditLog() {
    std::vector<core::AuditEntry> out;
    EXPECT_TRUE(db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(out,
                          storage::AuditStore(tx).List({DirectoryScope::Kind::kAll, 0}, 0, 1000));
      return Ok();
    }));
    return out;
  }

  warroom::testing::FakeClock clock_;
  SecretBox box_ = SecretBox::Random();
  std::unique_ptr<WebhookService> service_;
  Principal admin_ = Caller(1, Role::kWarroomAdmin, 0, "admin@example.org");
  Principal spoc_a_, spoc_b_;
  int64_t a_ = 0, b_ = 0;
};

TEST_P(WebhookServiceTest, SpocManagesHerOwnOrganisationsEndpointsOnly) {
  auto mine = service_->Create(spoc_a_, Input("https://chat.a.example/hook"));
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(mine->endpoint.organisation_id, a_);
  auto theirs = service_->Create(spoc_b_, Input("https://chat.b.example/hook"));
  ASSERT_TRUE(theirs);
  auto war_room = service_->Create(admin_, Input("https://warroom.example/hook"));
  ASSERT_TRUE(war_room);
  EXPECT_FALSE(war_room->endpoint.organisation_id);

  // A sees hers only; B's and the war room's are not found, for every verb.
  auto list = service_->List(spoc_a_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, mine->endpoint.id);
  for (const int64_t other : {theirs->endpoint.id, war_room->endpoint.id}) {
    EXPECT_EQ(service_->Get(spoc_a_, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Update(spoc_a_, other, 1, Active(false)).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_->RotateSecret(spoc_a_, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->SendTest(spoc_a_, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Delete(spoc_a_, other).error().code, ErrorCode::kNotFound);
  }
  // Nor can she create one for B or the war room.
  EXPECT_EQ(service_->Create(spoc_a_, Input("https://x.example/", b_, true)).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Create(spoc_a_, Input("https://x.example/", std::nullopt, true)).error().code,
            ErrorCode::kPermissionDenied);
  // The admin sees all three, the war room's first; other roles none.
  auto all = service_->List(admin_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_FALSE((*all)[0].organisation_id);
  EXPECT_EQ(service_->List(Caller(4, Role::kWarroomAnalyst, 0, "x")).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Get(Caller(5, Role::kMember, a_, "m"), mine->endpoint.id).error().code,
            ErrorCode::kNotFound);
  // The admin can also make one for an organisation; an unknown one is a field error.
  EXPECT_TRUE(service_->Create(admin_, Input("https://a2.example/", a_, true)));
  auto unknown = service_->Create(admin_, Input("https://a2.example/", 987654, true));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(Fields(unknown.error()),
            std::vector<std::string>{"/organisation_id:unknown_organisation"});
}

TEST_P(WebhookServiceTest, UrlsThatLeaveThePublicInternetAreRefused) {
  for (const auto& [url, code] : std::vector<std::pair<std::string, std::string>>{
           {"http://chat.example/", "/url:url_not_https"},
           {"https://user:pw@chat.example/", "/url:url_has_credentials"},
           {"https://169.254.169.254/latest/meta-data", "/url:url_host_not_allowed"},
           {"https://127.0.0.1:8080/", "/url:url_host_not_allowed"},
           {"https://localhost/", "/url:url_host_not_allowed"},
           {"https://10.0.0.1/", "/url:url_host_not_allowed"},
           {"https://" + std::string(3000, 'a'), "/url:url_too_long"}}) {
    auto r = service_->Create(admin_, Input(url));
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(Fields(r.error()), std::vector<std::string>{code}) << url;
  }
  auto ok = service_->Create(admin_, Input("https://chat.example/"));
  ASSERT_TRUE(ok);
  auto patched = service_->Update(admin_, ok->endpoint.id, 1, Url("http://chat.example/"));
  ASSERT_FALSE(patched);
  EXPECT_EQ(Fields(patched.error()), std::vector<std::string>{"/url:url_not_https"});
  // A deployment that allows local webhooks (tests, the demo) takes http and loopback.
  WebhookService local(*db_, clock_, box_, Settings(true, 20));
  EXPECT_TRUE(local.Create(admin_, Input("http://127.0.0.1:9/hook")));
  EXPECT_FALSE(local.Create(admin_, Input("http://169.254.169.254/")));
}

TEST_P(WebhookServiceTest, SecretIsShownOnceAndNeverStoredOrAuditedInClear) {
  auto created = service_->Create(admin_, Input("https://chat.example/"));
  ASSERT_TRUE(created);
  const std::string first = created->secret;
  EXPECT_EQ(first.size(), 43u);  // 32 random bytes, base64url
  auto target = service_->TargetOf(created->endpoint.id);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->secret, first);
  EXPECT_EQ(target->url, "https://chat.example/");
  EXPECT_EQ(ToJson(created->endpoint).dump().find(first), std::string::npos);
  EXPECT_FALSE(ToJson(created->endpoint).contains("secret"));
  EXPECT_FALSE(ToJson(created->endpoint).contains("secret_enc"));

  auto rotated = service_->RotateSecret(admin_, created->endpoint.id);
  ASSERT_TRUE(rotated);
  EXPECT_NE(rotated->secret, first);
  EXPECT_EQ(rotated->endpoint.version, 2);
  EXPECT_EQ(service_->TargetOf(created->endpoint.id)->secret, rotated->secret);
  ASSERT_TRUE(service_->Update(admin_, created->endpoint.id, 2, Description("renamed")));
  ASSERT_TRUE(service_->Delete(admin_, created->endpoint.id));

  // The database holds it sealed only.
  EXPECT_TRUE(db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT body_text FROM outbox", {}));
    for (const auto& r : rows) {
      EXPECT_EQ(r.Text(0).find(first), std::string::npos);
    }
    return Ok();
  }));
  const auto log = AuditLog();
  std::vector<std::string> actions;
  for (const auto& e : log) {
    actions.push_back(e.action);
    for (const std::string& secret : {first, rotated->secret}) {
      EXPECT_EQ(e.before_json.find(secret), std::string::npos) << e.action;
      EXPECT_EQ(e.after_json.find(secret), std::string::npos) << e.action;
    }
    EXPECT_EQ(e.after_json.find("secret_enc"), std::string::npos);
  }
  for (const char* a :
       {"webhook.create", "webhook.rotate_secret", "webhook.update", "webhook.delete"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
  }
  EXPECT_EQ(service_->TargetOf(created->endpoint.id).error().code, ErrorCode::kNotFound);
}

TEST_P(WebhookServiceTest, StaleVersionIsRefusedAndSwitchedOffEndpointsGetNothing) {
  auto created = service_->Create(spoc_a_, Input("https://chat.example/"));
  ASSERT_TRUE(created);
  auto off = service_->Update(spoc_a_, created->endpoint.id, 1, Active(false));
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->active);
  EXPECT_EQ(service_->Update(spoc_a_, created->endpoint.id, 1, Active(true)).error().code,
            ErrorCode::kPreconditionFailed);
  EXPECT_EQ(service_->TargetOf(created->endpoint.id).error().code, ErrorCode::kNotFound);
  std::vector<int64_t> queued;
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(queued, storage::EnqueueWebhooks(tx, a_, "advisory.published", "{}", 0));
    return Ok();
  }));
  EXPECT_TRUE(queued.empty());
  // A test event still goes (that is how one checks an endpoint before switching it on).
  auto test = service_->SendTest(spoc_a_, created->endpoint.id);
  ASSERT_TRUE(test);
  auto attempts = service_->Attempts(spoc_a_, created->endpoint.id, 10);
  ASSERT_TRUE(attempts);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].outbox_id, *test);
  EXPECT_EQ((*attempts)[0].outcome, core::webhook::Outcome::kQueued);
}

TEST_P(WebhookServiceTest, TooManyEndpointsIsAConflict) {
  WebhookService small(*db_, clock_, box_, Settings(false, 2));
  ASSERT_TRUE(small.Create(spoc_a_, Input("https://1.example/")));
  ASSERT_TRUE(small.Create(spoc_a_, Input("https://2.example/")));
  auto third = small.Create(spoc_a_, Input("https://3.example/"));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::kConflict);
  EXPECT_EQ(third.error().message, "too_many_webhooks");
  EXPECT_TRUE(small.Create(spoc_b_, Input("https://3.example/")));
}

INSTANTIATE_TEST_SUITE_P(Engines, WebhookServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::service
