#include "server/app/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace warroom::app {

void SetUpJsonLogging() {
  auto logger = spdlog::stderr_logger_mt("warroom");
  // Every message is itself a JSON object; the pattern wraps it with time and level.
  logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","entry":%v})",
                      spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  // Flushing every info line costs a syscall per request; warnings and errors are
  // flushed at once, the rest every second.
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace warroom::app
