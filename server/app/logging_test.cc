// The log is JSON lines: every line a log collector reads must parse, whatever the code
// that logged it passed to spdlog.
#include "server/app/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "server/delivery/email/email_channel.h"
#include "server/delivery/outbox.h"
#include "server/storage/database.h"
#include "server/testing/fake_clock.h"
#include "server/testing/fake_mail_transport.h"

namespace warroom::app {
namespace {

namespace fs = std::filesystem;

// Makes a JSON logger over a string the default logger for the test's lifetime.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger = MakeJsonLogger("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }

  std::vector<std::string> Lines() {
    spdlog::default_logger()->flush();
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

nlohmann::json ParseLine(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
  EXPECT_TRUE(j.is_object() && j.contains("time") && j.contains("level") && j.contains("entry"))
      << line;
  return j;
}

TEST(JsonLoggingTest, EveryLineIsJsonWhateverTheMessage) {
  LogCapture capture;
  spdlog::info(R"({{"event":"request","path":{},"status":{}}})", nlohmann::json("/api/x").dump(),
               200);
  spdlog::warn("plain text with \"quotes\", a\nline break and a bad byte \xff");
  spdlog::error(R"({"event":"pretty",
    "spread": [1,
      2]})");
  spdlog::info("[1, 2]");
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 4u);
  std::vector<nlohmann::json> parsed;
  parsed.reserve(lines.size());
  for (const auto& line : lines) parsed.push_back(ParseLine(line));
  EXPECT_EQ(parsed[0]["entry"]["event"], "request");
  EXPECT_EQ(parsed[0]["level"], "info");
  EXPECT_TRUE(parsed[1]["entry"].is_string());
  EXPECT_NE(parsed[1]["entry"].get<std::string>().find("line break"), std::string::npos);
  EXPECT_EQ(parsed[2]["entry"]["spread"], nlohmann::json({1, 2}));
  EXPECT_EQ(parsed[3]["entry"], "[1, 2]");  // only objects are entries as they are
  EXPECT_EQ(parsed[3]["time"].get<std::string>().back(), 'Z');
}

TEST(JsonLoggingTest, OutboxLinesAreJsonEvents) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("warroom-logging-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    auto db = storage::OpenDatabase("sqlite://" + (dir / "warroom.db").string(), /*migrate=*/true);
    ASSERT_TRUE(db) << db.error().message;
    testing::FakeClock clock;
    testing::FakeMailTransport transport;
    delivery::DispatcherOptions options;
    options.retry.jitter = 0;
    ASSERT_TRUE((*db)->Write([&](ports::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(delivery::email::EnqueueEmail(
          tx, {"a@example.test", "Onderwerp", "Tekst\n", std::nullopt}, clock.Now()));
      return StatusOf(delivery::email::EnqueueEmail(
          tx, {"b@example.test", "Onderwerp", "Tekst\n", std::nullopt}, clock.Now()));
    }));
    transport.FailNext(Error::Unavailable("451 \"try\" later\r\n"));
    transport.FailNext(Error::InvalidArgument("550 no such user: b@example.test"));
    LogCapture capture;
    delivery::email::EmailChannel email(transport, "warroom@example.test");
    delivery::OutboxDispatcher dispatcher(**db, clock, options);
    dispatcher.RegisterChannel("email", email);
    auto stats = dispatcher.RunOnce();
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->retried, 1);
    EXPECT_EQ(stats->failed, 1);
    const auto lines = capture.Lines();
    ASSERT_EQ(lines.size(), 2u);
    const auto retry = ParseLine(lines[0]);
    EXPECT_EQ(retry["entry"]["event"], "outbox_retry");
    EXPECT_EQ(retry["entry"]["error"], "451 \"try\" later\r\n");
    const auto failed = ParseLine(lines[1]);
    EXPECT_EQ(failed["entry"]["event"], "outbox_failed");
    EXPECT_EQ(failed["level"], "warning");
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace warroom::app
