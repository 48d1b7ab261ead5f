#include "server/http/sse.h"

namespace warroom::http {
namespace {

// A field value on one line: CR and LF would end the field, NUL makes browsers ignore
// an id.
void AppendOneLine(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c != '\n' && c != '\r' && c != '\0') out += c;
  }
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out += ": ";
  AppendOneLine(out, value);
  out += '\n';
}

}  // namespace

std::string SseEvent::Format() const {
  std::string out;
  out.reserve(data.size() + id.size() + event.size() + 32);
  if (!id.empty()) AppendField(out, "id", id);
  if (!event.empty()) AppendField(out, "event", event);
  if (retry_ms) AppendField(out, "retry", std::to_string(*retry_ms < 0 ? 0 : *retry_ms));
  // Always at least one data line: an event without one is not dispatched. The space
  // after the colon is the one the browser strips, so data starting with a space keeps it.
  std::string_view rest = data;
  while (true) {
    const size_t brk = rest.find_first_of("\r\n");
    out += "data: ";
    out.append(rest.substr(0, brk));
    out += '\n';
    if (brk == std::string_view::npos) break;
    const size_t skip =
        (rest[brk] == '\r' && brk + 1 < rest.size() && rest[brk + 1] == '\n') ? 2 : 1;
    rest = rest.substr(brk + skip);
  }
  out += '\n';
  return out;
}

std::string EventFrame(int64_t id, std::string_view topic, std::string_view data) {
  return SseEvent{std::to_string(id), std::string(topic), std::string(data), std::nullopt}.Format();
}

std::string SseComment(std::string_view text) {
  std::string out = ": ";
  AppendOneLine(out, text);
  out += "\n\n";
  return out;
}

}  // namespace warroom::http
