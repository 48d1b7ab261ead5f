// Durability of the real daemon: a machine client creates organisations through a
// `warroomd` child process as fast as it can, the process is killed with SIGKILL while
// requests are in flight, and after a restart on the same database every creation the
// client saw acknowledged (201) is there, unchanged, and the audit chain still verifies.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/storage/repositories/audit_store.h"
#include "server/tests/harness/api_harness.h"

extern char** environ;

namespace warroom::apitest {
namespace {

using core::Role;

// A `warroomd` child process on a free loopback port.
class Daemon {
 public:
  Daemon() = default;
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  ~Daemon() { Kill(SIGKILL); }

  // Starts warroomd on `database_url` and `data_dir`; returns its base URL, or an
  // empty string when it did not start.
  std::string Start(const std::string& database_url, const std::string& data_dir) {
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

class ApiDurabilityTest : public ::testing::TestWithParam<ports::Engine> {};

TEST_P(ApiDurabilityTest, AcknowledgedWritesSurviveKillOfTheDaemon) {
  if (GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty()) {
    GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set: PostgreSQL skipped";
  }
  // The in-process server prepares the database (schema, war room, an admin with a
  // machine token) and then stays idle; the daemon serves the same database.
  ServerOptions bare;
  bare.reference_data = false;
  bare.demo = false;
  auto started = TestServer::Start(GetParam(), bare);
  ASSERT_TRUE(started) << started.error().message;
  TestServer& prepared = **started;
  auto& admin = prepared.As(Role::kWarroomAdmin, prepared.WarRoomId());
  auto token = admin.client->Post(
      "/api/tokens", {{"name", "durability"}, {"scopes", {"directory:read", "directory:write"}}});
  ASSERT_EQ(token.status, 201) << token.body;
  const std::string bearer = token.Json()["token"].get<std::string>();
  const std::string url = prepared.ctx().config.database_url;

  Daemon daemon;
  const std::string base = daemon.Start(url, prepared.data_dir());
  ASSERT_FALSE(base.empty()) << "warroomd did not start";

  // Two writers create organisations until the daemon dies; the main thread kills it
  // once 40 creations were acknowledged, so that others are in flight.
  std::mutex mu;
  std::map<int64_t, std::string> acknowledged;  // id -> name
  std::atomic<bool> stop{false};
  auto writer = [&](int n) {
    HttpClient client(base);
    client.set_bearer(bearer);
    for (int i = 0; !stop; ++i) {
      const std::string name = "Durability " + std::to_string(n) + "-" + std::to_string(i);
      auto r = client.Post("/api/organisations", {{"kind", "ict_provider"}, {"name_nl", name}});
      if (r.status == 0) break;  // the connection failed: the daemon is gone
      if (r.status == 201) {
        std::lock_guard lock(mu);
        acknowledged[r.Json()["id"].get<int64_t>()] = name;
      }
    }
  };
  std::thread a(writer, 1);
  std::thread b(writer, 2);
  for (;;) {
    {
      std::lock_guard lock(mu);
      if (acknowledged.size() >= 40) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  daemon.Kill(SIGKILL);
  stop = true;
  a.join();
  b.join();

  Daemon restarted;
  const std::string base2 = restarted.Start(url, prepared.data_dir());
  ASSERT_FALSE(base2.empty()) << "warroomd did not restart after SIGKILL";
  HttpClient reader(base2);
  reader.set_bearer(bearer);
  ASSERT_GE(acknowledged.size(), 40U);
  for (const auto& [id, name] : acknowledged) {
    auto r = reader.Get("/api/organisations/" + std::to_string(id));
    ASSERT_EQ(r.status, 200) << "acknowledged organisation " << id << " is lost";
    EXPECT_EQ(r.Json()["name_nl"], name);
  }
  // Every stored organisation has its audit entry, and the chain is whole.
  core::AuditReport report;
  auto ok = prepared.db().Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(report, storage::AuditStore(tx).Verify());
    return Ok();
  });
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(report.IsValid()) << report.problems.size() << " problems in the audit chain";
  EXPECT_EQ(prepared.Count("organisations", "name_nl LIKE 'Durability %'"),
            prepared.Count("audit_log",
                           "action = 'organisation.create' AND after_json LIKE '%Durability %'"));
}

WR_API_INSTANTIATE(ApiDurabilityTest);

}  // namespace
}  // namespace warroom::apitest
