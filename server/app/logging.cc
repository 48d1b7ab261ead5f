#include "server/app/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <string_view>

namespace warroom::app {
namespace {

// The %* flag: the message as a JSON value (see MakeJsonLogger).
class JsonEntryFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    nlohmann::json entry = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (entry.is_discarded() || !entry.is_object()) entry = std::string(payload);
    const std::string text = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
  }

  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonEntryFlag>();
  }
};

}  // namespace

std::shared_ptr<spdlog::logger> MakeJsonLogger(const std::string& name, spdlog::sink_ptr sink) {
  auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
  // Times are UTC, as the "Z" says.
  logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","entry":%*})", spdlog::pattern_time_type::utc,
      spdlog::details::os::default_eol, [] {
        spdlog::pattern_formatter::custom_flags flags;
        flags['*'] = std::make_unique<JsonEntryFlag>();
        return flags;
      }()));
  return logger;
}

void SetUpJsonLogging() {
  auto logger = MakeJsonLogger("warroom", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  spdlog::set_default_logger(logger);
  // Flushing every info line costs a syscall per request; warnings and errors are
  // flushed at once, the rest every second.
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace warroom::app
