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
  spdlog::flush_on(spdlog::level::info);
}

}  // namespace warroom::app
