// The harness of the API tests: a real warroomd wiring (AppContext, Api, HttpServer on
// 127.0.0.1 port 0) over a scratch database of either engine, a libcurl client with a
// cookie jar and the CSRF token per simulated user, and helpers that sign users in
// through the real flow (set-up link, password, TOTP enrolment).
//
// One server per engine is shared by every test of a binary (reference data and the
// demo exercise load once); tests that need a clean or differently wired server start
// their own with TestServer::Start.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libs/base/result.h"
#include "server/app/context.h"
#include "server/core/directory/model.h"
#include "server/http/api.h"
#include "server/ports/database.h"
#include "server/storage/testing/test_database.h"

namespace warroom::http {
class HttpServer;
}

namespace warroom::apitest {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  long status = 0;                             // NOLINT(google-runtime-int): libcurl's type
  std::map<std::string, std::string> headers;  // lower-case names, last value wins
  std::string body;

  // The body as JSON; a discarded value when it is not JSON.
  nlohmann::json Json() const;
  std::string Header(const std::string& lower_name) const;
  bool IsProblem() const;  // content type application/problem+json
};

// One simulated browser (or machine): its own cookie jar, CSRF token and bearer token.
class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends a request; adds X-CSRF-Token (when known and `csrf`), Authorization (when a
  // bearer is set) and Content-Type application/json for a non-empty body unless
  // `headers` sets one. Remembers a CSRF token found in the response.
  HttpResponse Send(const std::string& method, const std::string& path,
                    const std::string& body = "", const Headers& headers = {}, bool csrf = true);
  HttpResponse Get(const std::string& path) { return Send("GET", path); }
  HttpResponse Post(const std::string& path, const nlohmann::json& body) {
    return Send("POST", path, body.dump());
  }
  HttpResponse Patch(const std::string& path, const nlohmann::json& body, const std::string& etag) {
    return Send("PATCH", path, body.dump(), {{"If-Match", etag}});
  }
  HttpResponse Put(const std::string& path, const nlohmann::json& body, const std::string& etag) {
    return Send("PUT", path, body.dump(), {{"If-Match", etag}});
  }

  // A GET that may answer with a stream (server-sent events): reads until `done`, asked
  // whenever data arrives and at least once a second once the response head is in, says
  // so, or `timeout` passes, then hangs up. Returns the status, headers and what was read
  // (for an answer that is not a stream, the whole body, as Send).
  HttpResponse ReadStream(const std::string& path, const Headers& headers,
                          const std::function<bool(const HttpResponse&)>& done,
                          std::chrono::milliseconds timeout);

  const std::string& csrf() const { return csrf_; }
  void set_csrf(std::string token) { csrf_ = std::move(token); }
  void set_bearer(std::string token) { bearer_ = std::move(token); }
  const std::string& base_url() const { return base_; }

 private:
  void* curl_;  // CURL*
  bool cookie_engine_ = false;
  std::string base_;
  std::string csrf_;
  std::string bearer_;
};

// A signed-in (or signing-in) user and its client.
struct TestUser {
  int64_t id = 0;
  std::string email;
  std::string password;
  core::Role role = core::Role::kMember;
  int64_t organisation_id = 0;
  std::string totp_secret;  // raw bytes; empty when not enrolled
  int64_t totp_last_step = -1;
  std::vector<std::string> recovery_codes;
  std::unique_ptr<HttpClient> client;
  const ports::Clock* clock = nullptr;  // the server's clock when a test gave one

  // A TOTP code the server accepts now and has not seen: the step after the last used
  // one (VerifyTotp accepts one step either side of now). With a test clock that has no
  // fresh step left, the caller must advance the clock first.
  std::string NextTotpCode();
};

struct ServerOptions {
  bool reference_data = true;
  bool demo = true;
  std::string smtp_url;  // empty: mails stay in the outbox
  bool start_dispatcher = false;
  // Builds the outbox dispatcher (with webhooks) even without SMTP; e-mails are held.
  bool outbox = false;
  // Webhook endpoints may be http:// and loopback addresses (Config::allow_http_webhooks).
  bool allow_http_webhooks = false;
  // Replaces the wall clock of every service (sessions, throttling, links); must
  // outlive the server.
  const ports::Clock* clock = nullptr;
  // Cookies marked Secure (and named with the __Host- prefix), as behind HTTPS.
  bool secure_cookies = false;
  // Reverse proxies whose X-Forwarded-For the server believes.
  std::vector<std::string> trusted_proxies;
};

// The strong password every test user gets.
inline constexpr const char* kPassword = "Tarmac-Lantern-Quiver-93";

class TestServer {
 public:
  // Opens a fresh scratch database of `engine`, wires the app and starts serving.
  static Result<std::unique_ptr<TestServer>> Start(ports::Engine engine,
                                                   const ServerOptions& options = {});
  ~TestServer();

  ports::Engine engine() const { return engine_; }
  const std::string& base_url() const { return base_url_; }
  app::AppContext& ctx() { return *ctx_; }
  ports::Database& db() { return *ctx_->db; }
  const http::Api& api() const { return *api_; }
  const std::string& data_dir() const { return data_dir_; }

  std::unique_ptr<HttpClient> NewClient() const;

  // Creates an account through the service layer, sets its password through
  // POST /api/account-links/{token} and, for war room roles, enrols TOTP through the
  // API, so that the user holds a real full session. `enrol` false stops at the
  // totp_enrolment stage.
  std::unique_ptr<TestUser> CreateUser(core::Role role, int64_t organisation_id, bool enrol = true);
  // A cached signed-in user per (role, organisation); do not change its session.
  TestUser& As(core::Role role, int64_t organisation_id);
  std::string UniqueEmail(const std::string& prefix);

  // Lookups and counts straight from the database.
  int64_t OrgId(const std::string& nis_or_external_id);
  int64_t PersonId(const std::string& external_id);
  int64_t Count(const std::string& table, const std::string& where = "");
  std::string Text(const std::string& sql, const ports::Params& params);
  int64_t WarRoomId() { return OrgId("warroom"); }

 private:
  TestServer() = default;

  ports::Engine engine_ = ports::Engine::kSqlite;
  std::unique_ptr<storage::testing::ScratchDatabase> scratch_;
  std::string data_dir_;
  std::unique_ptr<app::AppContext> ctx_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::HttpServer> server_;
  std::string base_url_;
  std::map<std::pair<int, int64_t>, std::unique_ptr<TestUser>> users_;
  const ports::Clock* clock_ = nullptr;
};

// The server shared by the tests of this binary for `engine` (created on first use,
// stopped at exit); nullptr after a failure to start, which the fixture reports.
TestServer* SharedServer(ports::Engine engine);

// The reference data folder: WARROOM_REFERENCE_DATA, else the build-time default.
std::string ReferenceDataDir();
// A new temporary directory.
std::string MakeTempDir(const std::string& prefix);
// The source tree (for the SMTP sink script).
std::string SourceDir();

// Fixture parameterised by engine over the shared server. PostgreSQL instances skip
// when WARROOM_TEST_PG_URL is unset.
class ApiTest : public ::testing::TestWithParam<ports::Engine> {
 protected:
  void SetUp() override;
  TestServer& server() { return *server_; }
  bool SkipWithoutPostgres();

  TestServer* server_ = nullptr;
};

std::string EngineLabel(const ::testing::TestParamInfo<ports::Engine>& info);

}  // namespace warroom::apitest

#define WR_API_INSTANTIATE(Suite)                                                                \
  INSTANTIATE_TEST_SUITE_P(                                                                      \
      Engines, Suite,                                                                            \
      ::testing::Values(::warroom::ports::Engine::kSqlite, ::warroom::ports::Engine::kPostgres), \
      ::warroom::apitest::EngineLabel)
