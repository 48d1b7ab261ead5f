// HTTP and JSON hygiene through the real API: one-time link tokens stay out of the
// request log, JSON bodies with repeated keys and bodies of another media type are
// refused with problem+json.
#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/app/logging.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using nlohmann::json;

using ApiHygieneTest = ApiTest;

// Collects formatted log lines; readable while server threads log.
class StringSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string Text() {
    std::lock_guard lock(mutex_);
    return text_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    formatter_->format(msg, buf);
    text_.append(buf.data(), buf.size());
  }
  void flush_() override {}

 private:
  std::string text_;
};

// Makes a JSON logger over a StringSink the default logger for the test's lifetime.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()), sink_(std::make_shared<StringSink>()) {
    auto logger = app::MakeJsonLogger("capture", sink_);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }

  // The log so far, once it holds `count` lines or two seconds have passed: the server
  // logs a request after it has answered it.
  std::string WaitForLines(size_t count) {
    for (int i = 0; i < 200; ++i) {
      std::string text = sink_->Text();
      if (static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) >= count) return text;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return sink_->Text();
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<StringSink> sink_;
};

TEST_P(ApiHygieneTest, LinkTokensStayOutOfTheRequestLog) {
  const std::string token = "NotARealLinkToken-But-Secret-Looking-0123456789";
  auto client = server().NewClient();
  std::string log;
  {
    LogCapture capture;
    auto describe = client->Get("/api/account-links/" + token);
    EXPECT_TRUE(describe.IsProblem()) << describe.body;
    auto use =
        client->Post("/api/account-links/" + token + "?again=" + token, {{"password", kPassword}});
    EXPECT_TRUE(use.IsProblem()) << use.body;
    log = capture.WaitForLines(2);
  }
  EXPECT_EQ(log.find(token), std::string::npos) << log;
  std::istringstream lines(log);
  int logged = 0;
  for (std::string line; std::getline(lines, line);) {
    const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(j.is_discarded()) << line;
    if (j["entry"].value("event", "") != "request") continue;
    EXPECT_EQ(j["entry"]["path"], "/api/account-links/{token}") << line;
    ++logged;
  }
  EXPECT_EQ(logged, 2) << log;
}

// A mistyped link route (404) or a wrong method on the real one (405) matches no route,
// so its pattern cannot stand in for the path: the long segment is redacted instead.
TEST_P(ApiHygieneTest, LinkTokensInUnmatchedPathsStayOutOfTheRequestLog) {
  const std::string token = "NotARealLinkToken-But-Secret-Looking-0123456789";
  auto client = server().NewClient();
  std::string log;
  {
    LogCapture capture;
    auto mistyped = client->Get("/api/account-link/" + token);
    EXPECT_EQ(mistyped.status, 404) << mistyped.body;
    auto wrong_method = client->Send("PUT", "/api/account-links/" + token, "{}");
    EXPECT_EQ(wrong_method.status, 405) << wrong_method.body;
    // The web app's acknowledgement page carries its link token in the path.
    auto page = client->Get("/ack/" + token);
    EXPECT_NE(page.status, 500) << page.body;
    log = capture.WaitForLines(3);
  }
  EXPECT_EQ(log.find(token), std::string::npos) << log;
  std::vector<std::string> paths;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(j.is_discarded()) << line;
    if (j["entry"].value("event", "") == "request") paths.push_back(j["entry"]["path"]);
  }
  // The log line is written when the response is, by whichever worker thread served it.
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"/ack/{redacted}", "/api/account-link/{redacted}",
                                             "/api/account-links/{redacted}"}))
      << log;
}

TEST_P(ApiHygieneTest, RepeatedJsonKeyIsRefusedAndNamed) {
  auto client = server().NewClient();
  // One reader would see the first e-mail address, another the second.
  auto r = client->Send("POST", "/api/auth/password-reset",
                        R"({"email":"a@test.example","email":"b@test.example"})");
  EXPECT_EQ(r.status, 400) << r.body;
  ASSERT_TRUE(r.IsProblem());
  const json errors = r.Json()["errors"];
  ASSERT_TRUE(errors.is_array()) << r.body;
  ASSERT_EQ(errors.size(), 1u) << r.body;
  EXPECT_EQ(errors[0]["field"], "/email");
  EXPECT_EQ(errors[0]["code"], "duplicate_field");
}

TEST_P(ApiHygieneTest, BodyThatIsNotJsonGets415) {
  auto client = server().NewClient();
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded",
                                 "application/jsonx", "multipart/form-data; boundary=x"}) {
    auto r = client->Send("POST", "/api/auth/password-reset", R"({"email":"a@test.example"})",
                          {{"Content-Type", type}});
    EXPECT_EQ(r.status, 415) << type << ": " << r.body;
    EXPECT_TRUE(r.IsProblem()) << type;
    EXPECT_EQ(r.Json()["code"], "content_type_must_be_json") << type;
  }
  // Signed-in routes too.
  auto& admin = server().As(core::Role::kWarroomAdmin, server().WarRoomId());
  auto r = admin.client->Send("POST", "/api/organisations", "kind=municipality",
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 415) << r.body;
  // JSON with parameters, in any case, is JSON.
  auto ok = client->Send("POST", "/api/auth/password-reset", R"({"email":"a@test.example"})",
                         {{"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(ok.status, 202) << ok.body;
}

TEST_P(ApiHygieneTest, ListLimitsAreCheckedAndTheBoardTakesLargerPages) {
  TestServer& s = server();
  auto& analyst = *s.As(core::Role::kWarroomAnalyst, s.WarRoomId()).client;
  // Lists: 1..200.
  EXPECT_EQ(analyst.Get("/api/organisations?limit=200").status, 200);
  auto over = analyst.Get("/api/organisations?limit=201");
  EXPECT_EQ(over.status, 400) << over.body;
  EXPECT_TRUE(over.IsProblem());
  EXPECT_EQ(analyst.Get("/api/organisations?limit=0").status, 400);
  // The board of the demo advisory: 500 rows by default, up to 1,000, paged by cursor.
  const std::string board =
      "/api/advisories/" + s.Text("SELECT CAST(MIN(id) AS TEXT) FROM advisories", {}) + "/board";
  auto all = analyst.Get(board);
  ASSERT_EQ(all.status, 200) << all.body;
  const size_t rows = all.Json()["items"].size();
  ASSERT_GT(rows, 1u);
  EXPECT_TRUE(all.Json()["next_cursor"].is_null());
  EXPECT_EQ(analyst.Get(board + "?limit=1000").status, 200);
  auto too_many = analyst.Get(board + "?limit=1001");
  EXPECT_EQ(too_many.status, 400) << too_many.body;
  EXPECT_TRUE(too_many.IsProblem());
  auto first = analyst.Get(board + "?limit=1");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.Json()["items"].size(), 1u);
  ASSERT_TRUE(first.Json()["next_cursor"].is_string());
  auto rest =
      analyst.Get(board + "?limit=1000&cursor=" + first.Json()["next_cursor"].get<std::string>());
  ASSERT_EQ(rest.status, 200);
  EXPECT_EQ(rest.Json()["items"].size(), rows - 1);
}

WR_API_INSTANTIATE(ApiHygieneTest);

}  // namespace
}  // namespace warroom::apitest
