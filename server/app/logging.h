// Structured logs: one JSON object per line on stderr.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace warroom::app {

// A logger writing JSON lines to `sink`: {"time":"...Z","level":"info","entry":...}.
// `entry` is the message when the message is a JSON object (the form of every warroom
// event, e.g. {"event":"request",...}), re-serialised on one line; any other message
// becomes a JSON string. So every line is valid JSON whatever a caller passes, including
// line breaks and invalid UTF-8 (replaced by U+FFFD).
std::shared_ptr<spdlog::logger> MakeJsonLogger(const std::string& name, spdlog::sink_ptr sink);

// Sets spdlog's default logger to a JSON-lines logger on stderr.
void SetUpJsonLogging();

}  // namespace warroom::app
