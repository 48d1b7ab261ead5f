// EventSink: one live client of the event stream, as the event hub
// (delivery/event_hub.h) sees it. The HTTP layer wraps its streaming response
// (http::ResponseStream) in one; tests use a recording fake.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace warroom::ports {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Queues `chunk` (one or more whole events) for the client without waiting for it.
  // Returns false once the client is gone or was cut off; the hub then drops the sink.
  // Called from the hub's thread.
  virtual bool Send(std::string chunk) = 0;
  // Ends the client's stream.
  virtual void Close() = 0;
};

// Writes one event as the text every sink is sent: the hub formats an event once and
// hands the same text to each subscriber allowed to see it. warroomd gives the
// server-sent events format (http::EventFrame): `id`, `event` (the topic), `data`.
using EventFormat =
    std::function<std::string(int64_t id, std::string_view topic, std::string_view data)>;

}  // namespace warroom::ports
