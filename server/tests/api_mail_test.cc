// Invitations end to end through a real SMTP server (scripts/lib/smtp_sink.py): the
// mail arrives, its link sets the password, sign-in works; with the SMTP server down
// the invitation waits in the outbox and arrives once the server is back.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <thread>

#include "server/delivery/email/smtp_transport.h"
#include "server/testing/smtp_sink.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;

class ApiMailTest : public ::testing::TestWithParam<ports::Engine> {};

std::string TokenIn(const warroom::testing::ReceivedMail& m) {
  const size_t at = m.text.find("token=");
  if (at == std::string::npos) return "";
  size_t end = at + 6;
  while (end < m.text.size() && (std::isalnum(static_cast<unsigned char>(m.text[end])) ||
                                 m.text[end] == '_' || m.text[end] == '-')) {
    ++end;
  }
  return m.text.substr(at + 6, end - at - 6);
}

std::optional<warroom::testing::ReceivedMail> WaitForMail(warroom::testing::SmtpSink& sink,
                                                          const std::string& to) {
  for (int i = 0; i < 200; ++i) {
    for (const auto& m : sink.Messages()) {
      for (const auto& r : m.recipients) {
        if (r.find(to) != std::string::npos) return m;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

TEST_P(ApiMailTest, InvitationArrivesAndItsLinkSignsIn) {
  if (GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
    GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set: PostgreSQL skipped";
  }
  warroom::testing::SmtpSink sink(SourceDir());
  ASSERT_TRUE(sink.Start());
  ServerOptions options;
  options.reference_data = false;
  options.demo = false;
  options.smtp_url = "smtp://127.0.0.1:" + std::to_string(sink.port());
  auto started = TestServer::Start(GetParam(), options);
  ASSERT_TRUE(started) << started.error().message;
  auto& server = **started;
  ASSERT_NE(server.ctx().dispatcher, nullptr);
  auto& admin = server.As(Role::kWarroomAdmin, server.WarRoomId());

  // 1. SMTP up: the dispatcher delivers at once.
  const std::string email = server.UniqueEmail("invitee");
  auto r = admin.client->Post("/api/users", {{"email", email},
                                             {"display_name", "Invited Member"},
                                             {"role", "warroom_analyst"},
                                             {"organisation_id", server.WarRoomId()}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto sent = server.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_GE(sent->sent, 1);
  auto mail = WaitForMail(sink, email);
  ASSERT_TRUE(mail) << "the invitation did not arrive";
  const std::string token = TokenIn(*mail);
  ASSERT_FALSE(token.empty()) << mail->text;
  auto invitee = server.NewClient();
  auto info = invitee->Get("/api/account-links/" + token);
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.Json()["email"], email);
  EXPECT_EQ(info.Json()["purpose"], "invitation");
  auto set = invitee->Post("/api/account-links/" + token, {{"password", kPassword}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(invitee->Post("/api/account-links/" + token, {{"password", kPassword}}).status, 410);
  auto fresh = server.NewClient();
  auto login = fresh->Post("/api/auth/login", {{"email", email}, {"password", kPassword}});
  EXPECT_EQ(login.status, 200) << login.body;
  // A war room role signs in to the second-factor enrolment stage.
  EXPECT_EQ(login.Json()["stage"], "totp_enrolment");
  EXPECT_EQ(fresh->Get("/api/auth/session").status, 200);

  // 2. SMTP down: the invitation is accepted, delivery fails and is retried.
  sink.Stop();
  const std::string second = server.UniqueEmail("later");
  auto r2 = admin.client->Post("/api/users", {{"email", second},
                                              {"display_name", "Later Member"},
                                              {"role", "warroom_analyst"},
                                              {"organisation_id", server.WarRoomId()}});
  ASSERT_EQ(r2.status, 201) << r2.body;
  auto failed = server.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(failed) << failed.error().message;
  EXPECT_EQ(failed->sent, 0);
  EXPECT_GE(failed->retried, 1);
  EXPECT_EQ(server.Count("outbox", "status = 'pending'"), 1);
  // 3. SMTP back: make the retry due now and run the dispatcher.
  ASSERT_TRUE(sink.Start());
  ASSERT_TRUE(server.db().Write([](ports::Tx& tx) -> Status {
    return StatusOf(tx.Exec("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'", {}));
  }));
  auto retried = server.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->sent, 1);
  auto later = WaitForMail(sink, second);
  ASSERT_TRUE(later) << "the invitation sent while SMTP was down never arrived";
  EXPECT_FALSE(TokenIn(*later).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiMailTest,
                         ::testing::Values(ports::Engine::kSqlite, ports::Engine::kPostgres),
                         EngineLabel);

}  // namespace
}  // namespace warroom::apitest
