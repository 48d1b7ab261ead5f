#include "server/tests/harness/api_harness.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "server/app/setup.h"
#include "server/core/auth/totp.h"
#include "server/http/server.h"

#ifndef WARROOM_TEST_REFERENCE_DATA
#error "WARROOM_TEST_REFERENCE_DATA must be defined by the build"
#endif
#ifndef WARROOM_TEST_SOURCE_DIR
#error "WARROOM_TEST_SOURCE_DIR must be defined by the build"
#endif

namespace warroom::apitest {
namespace {

size_t CollectBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t CollectHeader(char* data, size_t size, size_t n, void* user) {
  std::string line(data, size * n);
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*headers)[name] = value;
  }
  return size * n;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

std::atomic<int> g_counter{0};

}  // namespace

// ---- HttpResponse ----

nlohmann::json HttpResponse::Json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

bool HttpResponse::IsProblem() const {
  return Header("content-type").rfind("application/problem+json", 0) == 0;
}

// ---- HttpClient ----

HttpClient::HttpClient(std::string base_url) : base_(std::move(base_url)) {
  static CurlGlobal global;
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResponse HttpClient::Send(const std::string& method, const std::string& path,
                              const std::string& body, const Headers& headers, bool csrf) {
  CURL* c = static_cast<CURL*>(curl_);
  // No curl_easy_reset: with libcurl 7.88 it leaks the cookie-file list.
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, nullptr);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, nullptr);
  HttpResponse out;
  const std::string url = base_ + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  if (!cookie_engine_) {
    curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
    cookie_engine_ = true;
  }
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &CollectBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &CollectHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &out.headers);
  if (method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_slist* list = nullptr;
  list = curl_slist_append(list, "Expect:");
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (lower == "content-type") has_type = true;
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  if (!has_type) {
    list =
        curl_slist_append(list, body.empty() ? "Content-Type:" : "Content-Type: application/json");
  }
  if (csrf && !csrf_.empty()) list = curl_slist_append(list, ("X-CSRF-Token: " + csrf_).c_str());
  if (!bearer_.empty()) {
    list = curl_slist_append(list, ("Authorization: Bearer " + bearer_).c_str());
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  } else {
    out.status = 0;
    out.body = curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  const auto json = out.Json();
  if (json.is_object()) {
    if (json.contains("csrf_token") && json["csrf_token"].is_string()) {
      csrf_ = json["csrf_token"].get<std::string>();
    } else if (json.contains("session") && json["session"].is_object() &&
               json["session"].contains("csrf_token")) {
      csrf_ = json["session"]["csrf_token"].get<std::string>();
    }
  }
  return out;
}

namespace {

struct StreamRead {
  HttpResponse* out;
  const std::function<bool(const HttpResponse&)>* done;
  std::chrono::steady_clock::time_point deadline;
  bool head_in = false;
};

bool StreamShouldStop(StreamRead& s) {
  return std::chrono::steady_clock::now() >= s.deadline || (s.head_in && (*s.done)(*s.out));
}

size_t StreamHeader(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<StreamRead*>(user);
  const std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    const size_t space = line.find(' ');
    if (space != std::string::npos) s->out->status = std::atol(line.c_str() + space + 1);
    s->out->headers.clear();
  } else if (line == "\r\n" || line == "\n") {
    s->head_in = true;
  }
  return CollectHeader(data, size, n, &s->out->headers);
}

size_t StreamBody(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<StreamRead*>(user);
  s->out->body.append(data, size * n);
  return StreamShouldStop(*s) ? 0 : size * n;  // 0 ends the transfer
}

int StreamProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return StreamShouldStop(*static_cast<StreamRead*>(user)) ? 1 : 0;
}

}  // namespace

HttpResponse HttpClient::ReadStream(const std::string& path, const Headers& headers,
                                    const std::function<bool(const HttpResponse&)>& done,
                                    std::chrono::milliseconds timeout) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, nullptr);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, nullptr);
  HttpResponse out;
  StreamRead state{&out, &done, std::chrono::steady_clock::now() + timeout};
  const std::string url = base_ + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  if (!cookie_engine_) {
    curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
    cookie_engine_ = true;
  }
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count() + 5000));  // NOLINT
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &StreamBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &StreamHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &StreamProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &state);
  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  curl_slist* list = nullptr;
  list = curl_slist_append(list, "Expect:");
  for (const auto& [name, value] : headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  if (!bearer_.empty()) {
    list = curl_slist_append(list, ("Authorization: Bearer " + bearer_).c_str());
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK && !state.head_in) {
    out.status = 0;
    out.body = curl_easy_strerror(rc);
  }
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 1L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, nullptr);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 0L);
  curl_slist_free_all(list);
  return out;
}

// ---- TestUser ----

std::string TestUser::NextTotpCode() {
  for (;;) {
    auto now_step =
        core::auth::TotpStep(clock != nullptr ? clock->Now() : std::chrono::system_clock::now());
    if (!now_step) return "";
    const int64_t step = std::max(totp_last_step + 1, *now_step - 1);
    if (step <= *now_step + 1 || clock != nullptr) {
      totp_last_step = step;
      auto code = core::auth::TotpCodeAt(totp_secret, step);
      return code ? *code : "";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

// ---- TestServer ----

std::string ReferenceDataDir() {
  if (const char* env = std::getenv("WARROOM_REFERENCE_DATA"); env != nullptr && *env != 0) {
    return env;
  }
  return WARROOM_TEST_REFERENCE_DATA;
}

std::string SourceDir() { return WARROOM_TEST_SOURCE_DIR; }

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) return "";
  return tmpl;
}

Result<std::unique_ptr<TestServer>> TestServer::Start(ports::Engine engine,
                                                      const ServerOptions& options) {
  spdlog::set_level(spdlog::level::warn);
  std::unique_ptr<TestServer> s(new TestServer());
  s->engine_ = engine;
  s->clock_ = options.clock;
  WR_ASSIGN_OR_RETURN(s->scratch_, storage::testing::ScratchDatabase::Create(engine));
  s->data_dir_ = MakeTempDir("warroom-api");
  if (s->data_dir_.empty()) return Error::Unavailable("mkdtemp failed");
  app::Config config;
  config.data_dir = s->data_dir_;
  config.database_url = s->scratch_->Url();
  config.smtp_url = options.smtp_url;
  config.public_url = "http://127.0.0.1";
  config.insecure_cookies = true;
  config.allow_http_webhooks = options.allow_http_webhooks;
  WR_ASSIGN_OR_RETURN(
      s->ctx_,
      app::AppContext::Open(config, !options.smtp_url.empty() || options.outbox, options.clock));
  {
    app::InitOptions init;
    init.demo = options.demo;
    init.reference_data = options.reference_data ? ReferenceDataDir() : "";
    WR_RETURN_IF_ERROR(StatusOf(app::Initialise(*s->ctx_, init)));
  }
  if (options.start_dispatcher && s->ctx_->dispatcher) s->ctx_->dispatcher->Start();
  http::ApiDeps deps{*s->ctx_->directory,    *s->ctx_->import,     *s->ctx_->auth,
                     *s->ctx_->accounts,     *s->ctx_->advisories, *s->ctx_->db,
                     options.secure_cookies, "http://127.0.0.1",   "0.1.0"};
  WR_ASSIGN_OR_RETURN(deps.trusted_proxies,
                      core::auth::ParseAddressRanges(options.trusted_proxies));
  deps.events = s->ctx_->events.get();
  s->ctx_->events->Start();
  deps.webhooks = s->ctx_->webhooks.get();
  deps.verifications = s->ctx_->verifications.get();
  deps.incidents = s->ctx_->incidents.get();
  s->api_ = std::make_unique<http::Api>(deps);
  http::ServerConfig sc;
  sc.address = "127.0.0.1";
  sc.port = 0;
  sc.io_threads = 1;
  sc.worker_threads = 4;
  s->server_ = std::make_unique<http::HttpServer>(*s->api_, sc);
  WR_ASSIGN_OR_RETURN(uint16_t port, s->server_->Start());
  s->base_url_ = "http://127.0.0.1:" + std::to_string(port);
  return s;
}

TestServer::~TestServer() {
  users_.clear();
  if (server_) server_->Stop();
  if (ctx_ && ctx_->dispatcher) ctx_->dispatcher->Stop();
  if (ctx_ && ctx_->events) ctx_->events->Stop();
  server_.reset();
  api_.reset();
  ctx_.reset();
  scratch_.reset();
  std::error_code ec;
  if (!data_dir_.empty()) std::filesystem::remove_all(data_dir_, ec);
}

std::unique_ptr<HttpClient> TestServer::NewClient() const {
  return std::make_unique<HttpClient>(base_url_);
}

std::string TestServer::UniqueEmail(const std::string& prefix) {
  return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(++g_counter) +
         "@test.example";
}

std::unique_ptr<TestUser> TestServer::CreateUser(core::Role role, int64_t organisation_id,
                                                 bool enrol) {
  auto u = std::make_unique<TestUser>();
  u->role = role;
  u->organisation_id = organisation_id;
  u->clock = clock_;
  u->email = UniqueEmail(std::string(core::Name(role)));
  u->password = kPassword;
  service::InvitationInput in;
  in.email = u->email;
  in.display_name = "Test " + std::string(core::Name(role));
  in.role = role;
  in.organisation_id = organisation_id;
  auto created = ctx_->accounts->CreateWithSetupLink(in, "test:harness", false);
  EXPECT_TRUE(created) << (created ? "" : created.error().message);
  if (!created) return nullptr;
  u->id = created->first.id;
  u->client = NewClient();
  auto set = u->client->Post("/api/account-links/" + created->second, {{"password", u->password}});
  EXPECT_EQ(set.status, 200) << set.body;
  if (set.status != 200) return nullptr;
  if (set.Json()["stage"] == "totp_enrolment" && enrol) {
    auto start = u->client->Send("POST", "/api/auth/totp/enrolment");
    EXPECT_EQ(start.status, 200) << start.body;
    auto raw = core::auth::Base32Decode(start.Json().value("secret", ""));
    EXPECT_TRUE(raw);
    if (!raw) return nullptr;
    u->totp_secret = *raw;
    auto confirm =
        u->client->Post("/api/auth/totp/enrolment/confirm", {{"code", u->NextTotpCode()}});
    EXPECT_EQ(confirm.status, 200) << confirm.body;
    if (confirm.status != 200) return nullptr;
    u->recovery_codes = confirm.Json()["recovery_codes"].get<std::vector<std::string>>();
    EXPECT_EQ(confirm.Json()["session"]["stage"], "full");
  }
  return u;
}

TestUser& TestServer::As(core::Role role, int64_t organisation_id) {
  auto key = std::make_pair(static_cast<int>(role), organisation_id);
  auto& slot = users_[key];
  if (!slot) slot = CreateUser(role, organisation_id);
  if (!slot) {
    ADD_FAILURE() << "cannot sign in a " << core::Name(role);
    static TestUser empty;
    empty.client = NewClient();
    return empty;
  }
  return *slot;
}

int64_t TestServer::OrgId(const std::string& key) {
  int64_t id = 0;
  auto ok = ctx_->db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM organisations WHERE nis_code = $1 OR "
                                            "external_id = $1 ORDER BY id LIMIT 1",
                                            {key}));
    if (!rows.empty()) id = rows[0].Int(0);
    return Ok();
  });
  EXPECT_TRUE(ok);
  return id;
}

int64_t TestServer::PersonId(const std::string& external_id) {
  int64_t id = 0;
  auto ok = ctx_->db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto rows,
                        tx.Query("SELECT id FROM people WHERE external_id = $1", {external_id}));
    if (!rows.empty()) id = rows[0].Int(0);
    return Ok();
  });
  EXPECT_TRUE(ok);
  return id;
}

int64_t TestServer::Count(const std::string& table, const std::string& where) {
  int64_t n = -1;
  auto ok = ctx_->db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT COUNT(*) FROM " + table + (where.empty() ? "" : " WHERE " + where), {}));
    n = rows.at(0).Int(0);
    return Ok();
  });
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return n;
}

std::string TestServer::Text(const std::string& sql, const ports::Params& params) {
  std::string out;
  auto ok = ctx_->db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
    if (!rows.empty()) out = rows[0].Text(0);
    return Ok();
  });
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return out;
}

// ---- shared servers ----

namespace {

std::mutex g_servers_mu;
std::map<ports::Engine, std::unique_ptr<TestServer>>& Servers() {
  static auto* servers = new std::map<ports::Engine, std::unique_ptr<TestServer>>();
  return *servers;
}
std::map<ports::Engine, bool>& Failed() {
  static auto* failed = new std::map<ports::Engine, bool>();
  return *failed;
}

class StopServers : public ::testing::Environment {
 public:
  void TearDown() override {
    std::lock_guard lock(g_servers_mu);
    Servers().clear();
  }
};

[[maybe_unused]] const auto* g_env = ::testing::AddGlobalTestEnvironment(new StopServers());

}  // namespace

TestServer* SharedServer(ports::Engine engine) {
  std::lock_guard lock(g_servers_mu);
  auto& slot = Servers()[engine];
  if (!slot && !Failed()[engine]) {
    auto started = TestServer::Start(engine);
    if (started) {
      slot = std::move(*started);
    } else {
      Failed()[engine] = true;
      ADD_FAILURE() << "cannot start the test server: " << started.error().message;
    }
  }
  return slot.get();
}

std::string EngineLabel(const ::testing::TestParamInfo<ports::Engine>& info) {
  return info.param == ports::Engine::kSqlite ? "Sqlite" : "Postgres";
}

bool ApiTest::SkipWithoutPostgres() {
  return GetParam() == ports::Engine::kPostgres && storage::testing::PostgresTestUrl().empty();
}

void ApiTest::SetUp() {
  if (SkipWithoutPostgres()) GTEST_SKIP() << "WARROOM_TEST_PG_URL is not set: PostgreSQL skipped";
  server_ = SharedServer(GetParam());
  ASSERT_NE(server_, nullptr);
}

}  // namespace warroom::apitest
