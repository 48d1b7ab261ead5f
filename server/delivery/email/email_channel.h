// E-mail through the outbox: EnqueueEmail writes a message of channel "email" in the
// caller's transaction, and EmailChannel delivers it over a ports::MailTransport (SMTP in
// production) when the dispatcher (server/delivery/outbox.h) claims it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libs/base/result.h"
#include "server/ports/channel.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/ports/mail_transport.h"

namespace warroom::delivery::email {

// The outbox channel name of e-mail.
inline constexpr std::string_view kEmailChannel = "email";

struct OutboxEmail {
  std::string to;  // a bare address
  std::string subject;
  std::string body_text;
  std::optional<std::string> body_html;
};

// Inserts `email` into the outbox inside `tx`, due at `now`, and returns its outbox id. Call
// Notify() on the dispatcher
// after the transaction commits. Fails with kInvalidArgument on a malformed address or a
// line break in the subject (so a bad message never enters the queue), or with the error
// of the insert.
Result<int64_t> EnqueueEmail(ports::Tx& tx, const OutboxEmail& email, ports::TimePoint now);

class EmailChannel final : public ports::Channel {
 public:
  // Sends as `from` (a bare address) through `transport`, which must outlive the channel.
  EmailChannel(ports::MailTransport& transport, std::string from)
      : transport_(transport), from_(std::move(from)) {}

  // Sends the message with a Message-ID derived from its outbox id and creation time (the
  // same on every retry) and Auto-Submitted: auto-generated. Fails as MailTransport::Send.
  Status Send(const ports::OutboxMessage& message) override;

 private:
  ports::MailTransport& transport_;
  std::string from_;
};

}  // namespace warroom::delivery::email
