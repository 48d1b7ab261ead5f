// Channel: delivers one outbox message of its kind (e-mail now, webhooks next). The outbox
// dispatcher (server/delivery/outbox.h) claims due messages and hands each one to the
// channel registered under its `channel` name, so that a new kind of delivery adds a
// Channel, not a new queue. Tests use fakes; e-mail is delivery::email::EmailChannel.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "libs/base/result.h"

namespace warroom::ports {

// One message of the outbox as a channel sees it.
struct OutboxMessage {
  int64_t id = 0;         // stable across retries: a receiver can recognise duplicates
  std::string channel;    // the registered channel name, e.g. "email"
  std::string recipient;  // an e-mail address, a webhook URL...
  std::string subject;    // e-mail subject; a short title for other channels
  std::string body_text;  // plain text, or the JSON payload of a webhook
  std::optional<std::string> body_html;     // an HTML alternative (e-mail)
  std::optional<std::string> headers_json;  // a JSON object of extra headers, name -> value
  int64_t attempts = 0;                     // including the current one
  int64_t created_at = 0;                   // ms since the epoch
};

class Channel {
 public:
  virtual ~Channel() = default;
  // Delivers `message`. Returns success when it was handed over; fails with kUnavailable
  // on a transient failure (retried later with backoff) and with any other code on a
  // permanent one (the message is marked failed and not retried).
  virtual Status Send(const OutboxMessage& message) = 0;
};

}  // namespace warroom::ports
