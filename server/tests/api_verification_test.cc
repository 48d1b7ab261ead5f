// Contact-verification rounds (issue 12) through the HTTP API on both engines: a round's
// mails arrive with a link of their own; the link's GET shows without changing anything
// and its POST confirms (or corrects, through the directory's audited writes); who does
// not confirm stays in the stale-contact gap; bad links, bad input and the wrong roles
// store nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <thread>

#include "server/testing/smtp_sink.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;

class ApiVerificationTest : public ::testing::TestWithParam<ports::Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set: PostgreSQL skipped";
    }
    sink_ = std::make_unique<warroom::testing::SmtpSink>(SourceDir());
    ASSERT_TRUE(sink_->Start());
    ServerOptions options;
    options.smtp_url = "smtp://127.0.0.1:" + std::to_string(sink_->port());
    auto started = TestServer::Start(GetParam(), options);
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
    oefenstad_ = server_->OrgId("99001");
    ASSERT_NE(oefenstad_, 0) << "the demo exercise is missing";
    // Nobody of Oefenstad verified: its contacts are stale before the round.
    ASSERT_TRUE(server_->db().Write([&](ports::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(
          tx.Exec("UPDATE people SET verified_at = NULL WHERE organisation_id = $1", {oefenstad_}));
      return StatusOf(tx.Exec("UPDATE organisations SET contacts_verified_min = 0 WHERE id = $1",
                              {oefenstad_}));
    }));
  }

  HttpClient& Admin() { return *server_->As(Role::kWarroomAdmin, server_->WarRoomId()).client; }

  json Audience() const { return {{"organisation_ids", {oefenstad_}}}; }

  // The gaps of Oefenstad as the war room sees them.
  json Gaps() {
    auto r = Admin().Get("/api/organisations/" + std::to_string(oefenstad_));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["gaps"];
  }

  std::optional<warroom::testing::ReceivedMail> WaitForMail(const std::string& to) {
    for (int i = 0; i < 200; ++i) {
      for (const auto& m : sink_->Messages()) {
        for (const auto& r : m.recipients) {
          if (r.find(to) != std::string::npos) return m;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return std::nullopt;
  }

  // The token of the link "/verify/<token>" in a mail's text.
  static std::string TokenIn(const warroom::testing::ReceivedMail& m) {
    const size_t at = m.text.find("/verify/");
    if (at == std::string::npos) return "";
    size_t end = at + 8;
    while (end < m.text.size() && (std::isalnum(static_cast<unsigned char>(m.text[end])) ||
                                   m.text[end] == '_' || m.text[end] == '-')) {
      ++end;
    }
    return m.text.substr(at + 8, end - at - 8);
  }

  // Starts a round for Oefenstad, delivers its mails and returns the token per address.
  std::map<std::string, std::string> StartRound(int64_t* round_id) {
    auto r = Admin().Post("/api/verification-rounds", {{"audience", Audience()}});
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {};
    *round_id = r.Json()["id"].get<int64_t>();
    EXPECT_EQ(r.Json()["asked"], 3);  // the SPOC and two deputies; the mayor is neither
    auto sent = server_->ctx().dispatcher->RunOnce();
    EXPECT_TRUE(sent) << sent.error().message;
    std::map<std::string, std::string> tokens;
    for (const char* to : {"sanne.oefenaar@oefenstad.example", "bram.proefmans@oefenstad.example",
                           "lotte.testaert@oefenstad.example"}) {
      auto mail = WaitForMail(to);
      EXPECT_TRUE(mail) << "no verification mail for " << to;
      if (mail) tokens[to] = TokenIn(*mail);
    }
    return tokens;
  }

  std::unique_ptr<warroom::testing::SmtpSink> sink_;
  std::unique_ptr<TestServer> server_;
  int64_t oefenstad_ = 0;
};

TEST_P(ApiVerificationTest, MailsLinksConfirmAndTheStaleGap) {
  const json gaps_before = Gaps();
  ASSERT_NE(std::find(gaps_before.begin(), gaps_before.end(), "stale_contacts"), gaps_before.end())
      << gaps_before;
  const int64_t outbox_before = server_->Count("outbox");

  int64_t round = 0;
  auto tokens = StartRound(&round);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(server_->Count("outbox") - outbox_before, 3);
  EXPECT_EQ(server_->Count("verification_requests", "round_id = " + std::to_string(round)), 3);
  // Only the hash of a token is stored.
  for (const auto& [to, token] : tokens) {
    ASSERT_GE(token.size(), 40u) << to;
    EXPECT_EQ(server_->Count("verification_requests", "token_hash = '" + token + "'"), 0);
  }

  auto reader = server_->NewClient();
  const std::string sanne = tokens["sanne.oefenaar@oefenstad.example"];
  // GET shows the details and changes nothing.
  const std::string version_before =
      server_->Text("SELECT CAST(version AS TEXT) FROM people WHERE external_id = 'demo-p-1'", {});
  auto view = reader->Get("/api/verification-links/" + sanne);
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(view.Json()["person"]["full_name"], "Sanne Oefenaar");
  EXPECT_EQ(view.Json()["person"]["work_email"], "sanne.oefenaar@oefenstad.example");
  EXPECT_EQ(view.Json()["person"]["mobile"], "+32499001001");
  EXPECT_EQ(view.Json()["state"], "outstanding");
  EXPECT_EQ(view.Json()["language"], "nl");
  EXPECT_EQ(
      server_->Text("SELECT CAST(version AS TEXT) FROM people WHERE external_id = 'demo-p-1'", {}),
      version_before);
  EXPECT_EQ(server_->Count("people", "external_id = 'demo-p-1' AND verified_at IS NULL"), 1);

  // POST confirms as is; a second POST changes nothing.
  auto confirmed = reader->Post("/api/verification-links/" + sanne + "/confirm", json::object());
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.Json()["state"], "confirmed");
  EXPECT_EQ(confirmed.Json()["already"], false);
  EXPECT_EQ(server_->Count("people", "external_id = 'demo-p-1' AND verified_at IS NOT NULL"), 1);
  const int64_t audit_after_first = server_->Count("audit_log");
  auto again = reader->Post("/api/verification-links/" + sanne + "/confirm",
                            {{"mobile", "+32 499 99 99 99"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["already"], true);
  EXPECT_EQ(again.Json()["person"]["mobile"], "+32499001001");
  EXPECT_EQ(server_->Count("audit_log"), audit_after_first);

  // Deputies who do not confirm keep the organisation in the stale gap.
  const json gaps_partial = Gaps();
  EXPECT_NE(std::find(gaps_partial.begin(), gaps_partial.end(), "stale_contacts"),
            gaps_partial.end())
      << gaps_partial;

  // A correction goes through the directory's validation: a bad address stores nothing.
  const std::string bram = tokens["bram.proefmans@oefenstad.example"];
  auto bad = reader->Post("/api/verification-links/" + bram + "/confirm",
                          {{"work_email", "not an address"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_TRUE(bad.IsProblem());
  EXPECT_EQ(server_->Count("verification_requests",
                           "confirmed_at IS NOT NULL AND round_id = " + std::to_string(round)),
            1);
  auto fixed = reader->Post("/api/verification-links/" + bram + "/confirm",
                            {{"mobile", "+32 499 00 10 22"}, {"preferred_language", "fr"}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.Json()["state"], "corrected");
  EXPECT_EQ(fixed.Json()["person"]["mobile"], "+32499001022");
  EXPECT_EQ(server_->Count("people",
                           "external_id = 'demo-p-2' AND mobile = '+32499001022' "
                           "AND preferred_language = 'fr'"),
            1);
  // Audited as a change through the link, naming its request.
  const std::string request_id = server_->Text(
      "SELECT CAST(q.id AS TEXT) FROM verification_requests q JOIN people p ON p.id = "
      "q.person_id WHERE p.external_id = 'demo-p-2'",
      {});
  EXPECT_EQ(server_->Count("audit_log",
                           "action = 'person.update' AND actor_label = "
                           "'verification-link:" +
                               request_id + "'"),
            1);

  // The board counts.
  auto board = Admin().Get("/api/verification-rounds/" + std::to_string(round));
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.Json()["round"]["asked"], 3);
  EXPECT_EQ(board.Json()["round"]["confirmed"], 2);
  EXPECT_EQ(board.Json()["round"]["corrected"], 1);
  EXPECT_EQ(board.Json()["round"]["outstanding"], 1);
  ASSERT_EQ(board.Json()["items"].size(), 3u);

  // The last one confirms: the stale gap is gone.
  auto lotte = reader->Post(
      "/api/verification-links/" + tokens["lotte.testaert@oefenstad.example"] + "/confirm",
      json::object());
  ASSERT_EQ(lotte.status, 200) << lotte.body;
  const json gaps_after = Gaps();
  EXPECT_EQ(std::find(gaps_after.begin(), gaps_after.end(), "stale_contacts"), gaps_after.end())
      << gaps_after;
}

TEST_P(ApiVerificationTest, BadLinksAndBadInputStoreNothing) {
  int64_t round = 0;
  auto tokens = StartRound(&round);
  ASSERT_EQ(tokens.size(), 3u);
  auto reader = server_->NewClient();
  const std::string token = tokens["sanne.oefenaar@oefenstad.example"];

  // Tampered: one character changed.
  std::string tampered = token;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(reader->Get("/api/verification-links/" + tampered).status, 404);
  auto post = reader->Post("/api/verification-links/" + tampered + "/confirm", json::object());
  EXPECT_EQ(post.status, 404);
  EXPECT_TRUE(post.IsProblem());

  // Expired.
  ASSERT_TRUE(server_->db().Write([&](ports::Tx& tx) -> Status {
    return StatusOf(
        tx.Exec("UPDATE verification_requests SET expires_at = 1 WHERE round_id = $1", {round}));
  }));
  EXPECT_EQ(reader->Get("/api/verification-links/" + token).status, 410);
  auto expired = reader->Post("/api/verification-links/" + token + "/confirm", json::object());
  EXPECT_EQ(expired.status, 410);
  EXPECT_TRUE(expired.IsProblem());
  EXPECT_EQ(server_->Count("verification_requests",
                           "confirmed_at IS NOT NULL AND round_id = " + std::to_string(round)),
            0);
  EXPECT_EQ(server_->Count("people", "organisation_id = " + std::to_string(oefenstad_) +
                                         " AND verified_at IS NOT NULL"),
            0);

  // Bad input (400 problem+json): no audience, an audience of nobody, a negative expiry.
  const int64_t rounds = server_->Count("verification_rounds");
  const int64_t outbox = server_->Count("outbox");
  for (const json& body : {json{{"expires_in_days", 14}}, json{{"audience", json::object()}},
                           json{{"audience", {{"organisation_ids", json::array()}}}},
                           json{{"audience", Audience()}, {"expires_in_days", -1}},
                           json{{"audience", Audience()}, {"expires_in_days", 0}},
                           json{{"audience", Audience()}, {"colour", "red"}}}) {
    auto r = Admin().Post("/api/verification-rounds", body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_TRUE(r.IsProblem()) << body;
  }
  // An audience whose organisations have no SPOC or deputy with an address.
  auto empty = Admin().Post("/api/verification-rounds",
                            {{"audience", {{"organisation_ids", {server_->WarRoomId()}}}}});
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(server_->Count("verification_rounds"), rounds);
  EXPECT_EQ(server_->Count("outbox"), outbox);

  // A SPOC can neither start a round nor read the board.
  auto& spoc = *server_->As(Role::kSpoc, oefenstad_).client;
  auto refused = spoc.Post("/api/verification-rounds", {{"audience", Audience()}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(spoc.Get("/api/verification-rounds/" + std::to_string(round)).status, 403);
  EXPECT_EQ(server_->Count("verification_rounds"), rounds);

  // The preview counts who would be asked; the list shows the round.
  auto preview = Admin().Post("/api/verification-rounds/preview", {{"audience", Audience()}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.Json()["organisations"], 1);
  EXPECT_EQ(preview.Json()["people"], 3);
  auto list = Admin().Get("/api/verification-rounds");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_FALSE(list.Json()["items"].empty());
  EXPECT_EQ(list.Json()["items"][0]["id"], round);
}

WR_API_INSTANTIATE(ApiVerificationTest);

}  // namespace
}  // namespace warroom::apitest
