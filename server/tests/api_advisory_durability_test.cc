// Durability of advisory delivery (C3) against the failures a war room meets on a bad day:
// the SMTP relay is down when an advisory goes out, `warroomd` is killed with SIGKILL while
// its dispatcher is half-way through several hundred messages, and it is killed while
// recipients click their acknowledgement links. In every case nothing is lost: each outbox
// message reaches its recipient (at least once, and a repeat carries the same Message-ID),
// and every acknowledgement a client saw answered 2xx is stored.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/testing/fake_clock.h"
#include "server/testing/smtp_sink.h"
#include "server/tests/harness/api_harness.h"

extern char** environ;

namespace warroom::apitest {
namespace {

using core::Role;

// A `warroomd` child process on a free loopback port (as in api_durability_test).
class Daemon {
 public:
  Daemon() = default;
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  ~Daemon() { Kill(SIGKILL); }

  // Starts warroomd on `database_url` and `data_dir` with `extra` flags; returns its base
  // URL, or an empty string when it did not start.
  std::string Start(const std::string& database_url, const std::string& data_dir,
                    const std::vector<std::string>& extra = {}) {
    int out[2];
    if (pipe(out) != 0) return "";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {WARROOMD,     "--listen",          "127.0.0.1:0", "--database",
                                     database_url, "--data-dir",        data_dir,      "--workers",
                                     "4",          "--insecure-cookies"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, WARROOMD, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
      close(out[0]);
      pid_ = -1;
      return "";
    }
    // The daemon prints one line once it listens; reading blocks until then (or EOF).
    out_ = fdopen(out[0], "r");
    char line[256];
    std::string base;
    while (base.empty() && std::fgets(line, sizeof line, out_) != nullptr) {
      const std::string s(line);
      const std::string marker = "warroom is running at ";
      if (s.rfind(marker, 0) == 0) base = s.substr(marker.size(), s.find('\n') - marker.size());
    }
    return base;
  }

  void Kill(int signal_number) {
    if (pid_ > 0) {
      kill(pid_, signal_number);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (out_ != nullptr) {
      std::fclose(out_);
      out_ = nullptr;
    }
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;  // the daemon's stdout, open while it runs
};

constexpr const char* kDomain = "@durable.test";

// `n` organisations, each with one SPOC whose work address is spoc-<i>@durable.test.
std::vector<int64_t> SeedOrganisations(TestServer& server, int n) {
  std::vector<int64_t> orgs;
  EXPECT_TRUE(server.db().Write([&](ports::Tx& tx) -> Status {
    for (int i = 0; i < n; ++i) {
      const std::string name = "Durable " + std::to_string(i);
      WR_ASSIGN_OR_RETURN(
          ports::Row org,
          tx.QueryOne("INSERT INTO organisations (kind, name_nl, name_sort, created_at, "
                      "updated_at) VALUES ('ict_provider', $1, $1, 0, 0) RETURNING id",
                      {name}));
      const std::string email = "spoc-" + std::to_string(i) + kDomain;
      WR_ASSIGN_OR_RETURN(
          ports::Row person,
          tx.QueryOne("INSERT INTO people (organisation_id, full_name, work_email, "
                      "preferred_language, created_at, updated_at) VALUES ($1, $2, $2, 'nl', 0, "
                      "0) RETURNING id",
                      {org.Int(0), email}));
      WR_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO spoc_assignments (organisation_id, position, person_id) VALUES ($1, 0, $2)",
          {org.Int(0), person.Int(0)}));
      orgs.push_back(org.Int(0));
    }
    return Ok();
  }));
  return orgs;
}

// Writes an advisory to `orgs` through the API and has a second analyst approve it (four
// eyes), which sends it; returns its id, or 0 after a failed expectation.
int64_t SendAdvisory(TestServer& server, const std::vector<int64_t>& orgs) {
  auto& author = server.As(Role::kWarroomAnalyst, server.WarRoomId());
  auto approver = server.CreateUser(Role::kWarroomAnalyst, server.WarRoomId());
  EXPECT_NE(approver, nullptr);
  if (approver == nullptr) return 0;
  nlohmann::json body = {{"severity", "alert"},
                         {"tlp", "amber"},
                         {"is_exercise", true},
                         {"audience", {{"organisation_ids", orgs}}},
                         {"texts",
                          {{"nl",
                            {{"title", "VPN-accounts controleren"},
                             {"body", "Controleer **nu** de VPN-accounts."},
                             {"action_points", {"Blokkeer de indicatoren"}}}}}}};
  auto created = author.client->Post("/api/advisories", body);
  EXPECT_EQ(created.status, 201) << created.body;
  if (created.status != 201) return 0;
  const int64_t id = created.Json()["id"].get<int64_t>();
  auto approved =
      approver->client->Send("POST", "/api/advisories/" + std::to_string(id) + "/approve", "",
                             {{"If-Match", created.Header("etag")}});
  EXPECT_EQ(approved.status, 200) << approved.body;
  if (approved.status != 200) return 0;
  return id;
}

// How many messages the sink holds, without reading them (cheap enough to poll).
size_t MailCount(const warroom::testing::SmtpSink& sink) {
  size_t n = 0;
  std::error_code ec;
  for (const char* sub : {"new", "cur"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(sink.maildir()) / sub, ec)) {
      if (entry.is_regular_file()) ++n;
    }
  }
  return n;
}

// Polls `done` every 20 ms until it holds or `timeout` passes; returns its last answer.
bool WaitFor(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The advisory mails the sink holds, by envelope recipient (only our SPOCs).
std::map<std::string, std::vector<warroom::testing::ReceivedMail>> MailsByRecipient(
    const warroom::testing::SmtpSink& sink) {
  std::map<std::string, std::vector<warroom::testing::ReceivedMail>> out;
  for (auto& m : sink.Messages()) {
    for (const auto& r : m.recipients) {
      if (r.find(kDomain) != std::string::npos) out[r].push_back(m);
    }
  }
  return out;
}

// The acknowledgement link token in a mail: what follows "/ack/".
std::string AckToken(const warroom::testing::ReceivedMail& m) {
  const size_t at = m.text.find("/ack/");
  if (at == std::string::npos) return "";
  size_t end = at + 5;
  while (end < m.text.size() && (std::isalnum(static_cast<unsigned char>(m.text[end])) ||
                                 m.text[end] == '_' || m.text[end] == '-')) {
    ++end;
  }
  return m.text.substr(at + 5, end - at - 5);
}

bool SkipWithoutPostgres(ports::Engine engine) {
  return engine == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty();
}

class ApiAdvisoryDurabilityTest : public ::testing::TestWithParam<ports::Engine> {};

// 50 organisations while no SMTP server listens: every message is deferred and shown so per
// recipient; an hour later the relay is back and each arrives exactly once, accepted.
TEST_P(ApiAdvisoryDurabilityTest, SmtpDownThenBackEveryMessageArrivesExactlyOnce) {
  if (SkipWithoutPostgres(GetParam())) GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set";
  constexpr int kOrgs = 50;
  warroom::testing::FakeClock clock;
  warroom::testing::SmtpSink sink(SourceDir());  // its port is chosen; nobody listens yet
  ServerOptions options;
  options.reference_data = false;
  options.demo = false;
  options.smtp_url = "smtp://127.0.0.1:" + std::to_string(sink.port());
  options.clock = &clock;
  auto started = TestServer::Start(GetParam(), options);
  ASSERT_TRUE(started) << started.error().message;
  TestServer& server = **started;
  ASSERT_NE(server.ctx().dispatcher, nullptr);
  auto& admin = server.As(Role::kWarroomAnalyst, server.WarRoomId());

  const std::vector<int64_t> orgs = SeedOrganisations(server, kOrgs);
  ASSERT_EQ(orgs.size(), static_cast<size_t>(kOrgs));
  const int64_t id = SendAdvisory(server, orgs);
  ASSERT_GT(id, 0);
  const std::string mine = "recipient LIKE '%" + std::string(kDomain) + "'";
  ASSERT_EQ(server.Count("outbox", mine), kOrgs);
  // The analysts' account set-up mails wait in the same outbox and share the relay's fate.
  const int64_t queued = server.Count("outbox", "status = 'pending'");
  ASSERT_GE(queued, kOrgs);

  // The relay is down: every attempt fails transiently and is scheduled again.
  auto down = server.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(down) << down.error().message;
  EXPECT_EQ(down->sent, 0);
  EXPECT_EQ(down->failed, 0);
  EXPECT_EQ(down->retried, queued);
  EXPECT_EQ(server.Count("outbox", mine + " AND status = 'pending' AND attempts = 1 AND "
                                          "last_error IS NOT NULL"),
            kOrgs);
  const std::string base = "/api/advisories/" + std::to_string(id) + "/recipients/";
  for (const int64_t org : orgs) {
    auto r = admin.client->Get(base + std::to_string(org));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto deliveries = r.Json()["deliveries"];
    ASSERT_EQ(deliveries.size(), 1U) << r.body;
    EXPECT_EQ(deliveries[0]["status"], "deferred") << r.body;
    EXPECT_EQ(deliveries[0]["attempts"], 1);
    EXPECT_TRUE(deliveries[0]["last_error"].is_string()) << r.body;
    EXPECT_TRUE(deliveries[0]["sent_at"].is_null()) << r.body;
  }
  // Before the retry is due nothing is tried again.
  clock.Advance(std::chrono::seconds(5));
  auto early = server.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(early) << early.error().message;
  EXPECT_EQ(early->sent + early->retried + early->failed, 0);
  EXPECT_EQ(MailCount(sink), 0U);

  // An hour later the relay is back.
  ASSERT_TRUE(sink.Start());
  clock.Advance(std::chrono::hours(1));
  auto back = server.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->sent, queued);
  EXPECT_EQ(back->retried + back->failed, 0);
  auto again = server.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->sent + again->retried + again->failed, 0);
  EXPECT_EQ(server.Count("outbox", mine + " AND status = 'sent'"), kOrgs);

  ASSERT_TRUE(WaitFor([&] { return MailCount(sink) >= static_cast<size_t>(queued); },
                      std::chrono::seconds(20)));
  EXPECT_EQ(MailCount(sink), static_cast<size_t>(queued));
  const auto by_recipient = MailsByRecipient(sink);
  std::set<std::string> message_ids;
  size_t advisory_mails = 0;
  for (const auto& [to, mails] : by_recipient) {
    for (const auto& m : mails) message_ids.insert(m.headers.at("message-id"));
    advisory_mails += mails.size();
  }
  EXPECT_EQ(advisory_mails, static_cast<size_t>(kOrgs));
  EXPECT_EQ(message_ids.size(), static_cast<size_t>(kOrgs));
  EXPECT_EQ(by_recipient.size(), static_cast<size_t>(kOrgs));
  for (int i = 0; i < kOrgs; ++i) {
    const std::string to = "spoc-" + std::to_string(i) + kDomain;
    const auto it = by_recipient.find(to);
    ASSERT_NE(it, by_recipient.end()) << to << " got nothing";
    EXPECT_EQ(it->second.size(), 1U) << to << " got the advisory more than once";
  }
  // The analyst's session ended in the idle hour; a colleague who signs in now reads the
  // board.
  auto reader = server.CreateUser(Role::kWarroomAnalyst, server.WarRoomId());
  ASSERT_NE(reader, nullptr);
  for (const int64_t org : orgs) {
    auto r = reader->client->Get(base + std::to_string(org));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto deliveries = r.Json()["deliveries"];
    ASSERT_EQ(deliveries.size(), 1U) << r.body;
    EXPECT_EQ(deliveries[0]["status"], "accepted") << r.body;
    EXPECT_EQ(deliveries[0]["attempts"], 2);
    EXPECT_FALSE(deliveries[0]["sent_at"].is_null()) << r.body;
  }
}

// 300 organisations through a real warroomd and a real SMTP server; warroomd is killed with
// SIGKILL while the sink is receiving and restarted on the same database.
TEST_P(ApiAdvisoryDurabilityTest, KillDuringSendLosesNothingAndRepeatsOnlyWithTheSameMessageId) {
  if (SkipWithoutPostgres(GetParam())) GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set";
  constexpr int kOrgs = 300;
  warroom::testing::SmtpSink sink(SourceDir());
  ASSERT_TRUE(sink.Start());
  // The in-process server prepares the database and sends the advisory; without a relay
  // of its own the messages wait in the outbox for the daemon's dispatcher.
  ServerOptions bare;
  bare.reference_data = false;
  bare.demo = false;
  auto started = TestServer::Start(GetParam(), bare);
  ASSERT_TRUE(started) << started.error().message;
  TestServer& prepared = **started;
  ASSERT_EQ(prepared.ctx().dispatcher, nullptr);
  const std::vector<int64_t> orgs = SeedOrganisations(prepared, kOrgs);
  ASSERT_EQ(orgs.size(), static_cast<size_t>(kOrgs));
  ASSERT_GT(SendAdvisory(prepared, orgs), 0);
  const std::string mine = "recipient LIKE '%" + std::string(kDomain) + "'";
  ASSERT_EQ(prepared.Count("outbox", mine + " AND status = 'pending'"), kOrgs);

  const std::string url = prepared.ctx().config.database_url;
  const std::vector<std::string> smtp = {"--smtp",
                                         "smtp://127.0.0.1:" + std::to_string(sink.port())};
  size_t at_kill = 0;
  {
    Daemon daemon;
    ASSERT_FALSE(daemon.Start(url, prepared.data_dir(), smtp).empty()) << "warroomd did not start";
    ASSERT_TRUE(WaitFor([&] { return MailCount(sink) >= kOrgs / 5; }, std::chrono::seconds(30)))
        << "the dispatcher delivered only " << MailCount(sink);
    daemon.Kill(SIGKILL);
    at_kill = MailCount(sink);
  }
  ASSERT_LT(at_kill, static_cast<size_t>(kOrgs)) << "the send was over before the kill";
  ASSERT_LT(prepared.Count("outbox", mine + " AND status = 'sent'"), kOrgs);
  // The killed dispatcher's claim expires after its lease (minutes); let that time pass.
  ASSERT_TRUE(prepared.db().Write([](ports::Tx& tx) -> Status {
    return StatusOf(tx.Exec("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'sending'", {}));
  }));

  Daemon restarted;
  ASSERT_FALSE(restarted.Start(url, prepared.data_dir(), smtp).empty())
      << "warroomd did not restart after SIGKILL";
  EXPECT_TRUE(
      WaitFor([&] { return prepared.Count("outbox", mine + " AND status = 'sent'") == kOrgs; },
              std::chrono::seconds(45)))
      << prepared.Count("outbox", mine + " AND status = 'sent'") << " of " << kOrgs << " sent";
  EXPECT_EQ(prepared.Count("outbox", mine + " AND status <> 'sent'"), 0);
  restarted.Kill(SIGTERM);

  // Every SPOC has the advisory; a repeat (the message in flight at the kill) carries the
  // same Message-ID, so the recipient's mail program shows it once.
  const auto by_recipient = MailsByRecipient(sink);
  size_t total = 0;
  for (int i = 0; i < kOrgs; ++i) {
    const std::string to = "spoc-" + std::to_string(i) + kDomain;
    const auto it = by_recipient.find(to);
    ASSERT_NE(it, by_recipient.end()) << to << " never got the advisory";
    std::set<std::string> ids;
    for (const auto& m : it->second) ids.insert(m.headers.at("message-id"));
    EXPECT_EQ(ids.size(), 1U) << to << " got the advisory under " << ids.size()
                              << " different Message-IDs";
    total += it->second.size();
  }
  EXPECT_EQ(by_recipient.size(), static_cast<size_t>(kOrgs));
  // At most the messages in flight at the kill arrive twice.
  EXPECT_LE(total, static_cast<size_t>(kOrgs) + 4);
}

// Recipients click their acknowledgement links through a real warroomd, which is killed
// with SIGKILL mid-way: after a restart every click answered 2xx is an acknowledgement.
TEST_P(ApiAdvisoryDurabilityTest, KillDuringAcknowledgementClicksKeepsEveryAnsweredClick) {
  if (SkipWithoutPostgres(GetParam())) GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set";
  constexpr int kOrgs = 150;
  warroom::testing::SmtpSink sink(SourceDir());
  ASSERT_TRUE(sink.Start());
  ServerOptions options;
  options.reference_data = false;
  options.demo = false;
  options.smtp_url = "smtp://127.0.0.1:" + std::to_string(sink.port());
  auto started = TestServer::Start(GetParam(), options);
  ASSERT_TRUE(started) << started.error().message;
  TestServer& prepared = **started;
  const std::vector<int64_t> orgs = SeedOrganisations(prepared, kOrgs);
  ASSERT_EQ(orgs.size(), static_cast<size_t>(kOrgs));
  const int64_t id = SendAdvisory(prepared, orgs);
  ASSERT_GT(id, 0);
  // The advisory's mails and the analysts' account set-up mails.
  const int64_t queued = prepared.Count("outbox", "status = 'pending'");
  ASSERT_GE(queued, kOrgs);
  auto sent = prepared.ctx().dispatcher->RunOnce();
  ASSERT_TRUE(sent) << sent.error().message;
  ASSERT_EQ(sent->sent, queued);
  ASSERT_TRUE(WaitFor([&] { return MailCount(sink) >= static_cast<size_t>(queued); },
                      std::chrono::seconds(20)));
  // Only the mails carry the link tokens.
  std::vector<std::string> tokens;
  for (const auto& [to, mails] : MailsByRecipient(sink)) {
    ASSERT_EQ(mails.size(), 1U) << to;
    tokens.push_back(AckToken(mails[0]));
    ASSERT_FALSE(tokens.back().empty()) << mails[0].text;
  }
  ASSERT_EQ(tokens.size(), static_cast<size_t>(kOrgs));

  const std::string url = prepared.ctx().config.database_url;
  Daemon daemon;
  const std::string base = daemon.Start(url, prepared.data_dir());
  ASSERT_FALSE(base.empty()) << "warroomd did not start";

  // Two clients click the links (each its half) until the daemon dies; the main thread
  // kills it once 30 clicks were answered, so that others are in flight.
  std::mutex mu;
  std::vector<std::string> answered;
  std::atomic<bool> stop{false};
  auto clicker = [&](size_t first) {
    HttpClient client(base);
    for (size_t i = first; i < tokens.size() && !stop; i += 2) {
      auto r = client.Post("/api/advisory-links/" + tokens[i] + "/acknowledge",
                           nlohmann::json::object());
      if (r.status == 0) break;  // the connection failed: the daemon is gone
      if (r.status >= 200 && r.status < 300) {
        std::lock_guard lock(mu);
        answered.push_back(tokens[i]);
      }
    }
  };
  std::thread a(clicker, 0);
  std::thread b(clicker, 1);
  const bool enough = WaitFor(
      [&] {
        std::lock_guard lock(mu);
        return answered.size() >= 30;
      },
      std::chrono::seconds(30));
  daemon.Kill(SIGKILL);
  stop = true;
  a.join();
  b.join();
  ASSERT_TRUE(enough) << "only " << answered.size() << " clicks were answered";
  ASSERT_LT(answered.size(), tokens.size()) << "every click was over before the kill";

  Daemon restarted;
  const std::string base2 = restarted.Start(url, prepared.data_dir());
  ASSERT_FALSE(base2.empty()) << "warroomd did not restart after SIGKILL";
  HttpClient reader(base2);
  for (const auto& token : answered) {
    auto r = reader.Get("/api/advisory-links/" + token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_FALSE(r.Json()["acknowledged"].is_null())
        << "an acknowledgement answered 2xx is lost: " << r.body;
  }
  // Each answered click is one organisation's acknowledgement (clicks in flight at the kill
  // may have been stored too).
  EXPECT_GE(prepared.Count("advisory_acknowledgements", "advisory_id = " + std::to_string(id)),
            static_cast<int64_t>(answered.size()));
}

WR_API_INSTANTIATE(ApiAdvisoryDurabilityTest);

}  // namespace
}  // namespace warroom::apitest
