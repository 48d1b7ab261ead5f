// Server-sent events (the text/event-stream format of the HTML standard): one event as
// the text a streaming response sends. Whatever a field holds, the text is one event:
// a line break in `data` becomes another `data:` line (the browser joins them with
// "\n"), and line breaks and NUL in `id` and `event` are dropped, so that no value can
// end the event early or forge a field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warroom::http {

struct SseEvent {
  std::string id;                   // the browser's Last-Event-ID after this event; "" sends none
  std::string event;                // the event type; "" means "message"
  std::string data;                 // "\n", "\r\n" and "\r" split it into lines
  std::optional<int64_t> retry_ms;  // the reconnection delay the browser should use

  // The event's text, ending with the blank line that dispatches it.
  std::string Format() const;
};

// A comment line (ignored by browsers; a heartbeat), line breaks in `text` dropped.
std::string SseComment(std::string_view text);

// One event of the event log as the event stream sends it (the event hub's
// ports::EventFormat): `id` the log id, `event` the topic, `data` the JSON payload.
std::string EventFrame(int64_t id, std::string_view topic, std::string_view data);

}  // namespace warroom::http
