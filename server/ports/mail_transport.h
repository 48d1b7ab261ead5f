// MailTransport: sends one e-mail message. Implemented over SMTP in server/delivery/email;
// tests use testing::FakeMailTransport.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libs/base/result.h"

namespace warroom::ports {

struct MailMessage {
  std::string from;       // envelope and header sender: a bare address, e.g. warroom@example.test
  std::string to;         // one recipient: a bare address
  std::string subject;    // UTF-8; encoded as RFC 2047 when not ASCII
  std::string body_text;  // UTF-8 plain text
  std::optional<std::string> body_html;  // UTF-8 HTML alternative, when given
  std::string message_id;  // "<unique@domain>"; generated when empty. Stable across retries,
                           // so that a receiver can drop the duplicate of a re-sent message.
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (name, value)
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Hands `message` to the mail system. Fails with kUnavailable on a transient failure
  // (connection refused, timeout, 4xx reply: retry later) and with kInvalidArgument on a
  // permanent one (malformed message, 5xx reply such as an unknown recipient: do not retry).
  virtual Status Send(const MailMessage& message) = 0;
};

}  // namespace warroom::ports
