// Structured logs: one JSON object per line on stderr.
#pragma once

namespace warroom::app {

// Sets spdlog's default logger to JSON lines ({"time","level",...}); messages passed to
// spdlog are JSON members without the braces' outer fields.
void SetUpJsonLogging();

}  // namespace warroom::app
