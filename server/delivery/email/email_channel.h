// E-mail through the outbox: EnqueueEmail writes a message of channel "email" in the
// caller's transaction, and EmailChannel delivers it over a ports::MailTransport (SMTP in
// production) when the dispatcher (server/delivery/outbox.h) claims it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  // Extra headers, name -> value, of the names IsAllowedExtraHeader accepts (stored as
  // outbox.headers_json). Auto-Submitted, when given, replaces the channel's default.
  std::map<std::string, std::string> headers = {};
};

// Returns the canonical spelling of `name` when it is an extra header a message may carry
// (List-Id, Auto-Submitted, X-Auto-Response-Suppress; any case), and nothing otherwise. The
// set is closed so that stored data can never set a routing or identity header (To, Bcc,
// From, Reply-To...).
std::optional<std::string_view> AllowedExtraHeader(std::string_view name);

// Checks `email` and returns its outbox row of channel "email" (not yet stored: no id). Fails
// as EnqueueEmail does on a bad message.
Result<ports::OutboxMessage> EmailOutboxMessage(OutboxEmail email);

// Inserts `email` into the outbox inside `tx`, due at `now`, and returns its outbox id. Call
// Notify() on the dispatcher after the transaction commits. Fails with kInvalidArgument on a
// malformed address, a line break in the subject, a header that is not allowed or whose value holds
// CR, LF or NUL or is not UTF-8 (so a bad message never enters the queue), or with the error of the
// insert.
Result<int64_t> EnqueueEmail(ports::Tx& tx, const OutboxEmail& email, ports::TimePoint now);

// Inserts `emails` as EnqueueEmail does, in few statements, and returns their outbox ids in
// order. Checks every message before it inserts any.
Result<std::vector<int64_t>> EnqueueEmails(ports::Tx& tx, std::vector<OutboxEmail> emails,
                                           ports::TimePoint now);

class EmailChannel final : public ports::Channel {
 public:
  // Sends as `from` (a bare address) through `transport`, which must outlive the channel.
  EmailChannel(ports::MailTransport& transport, std::string from)
      : transport_(transport), from_(std::move(from)) {}

  // Sends the message with a Message-ID derived from its outbox id and creation time (the
  // same on every retry), Auto-Submitted: auto-generated (RFC 3834) unless the message says
  // otherwise, and the message's extra headers. Fails with kInvalidArgument (permanent)
  // when the stored headers are not a JSON object of allowed names and single-line UTF-8
  // string values, and otherwise as MailTransport::Send.
  Status Send(const ports::OutboxMessage& message) override;

 private:
  ports::MailTransport& transport_;
  std::string from_;
};

}  // namespace warroom::delivery::email
