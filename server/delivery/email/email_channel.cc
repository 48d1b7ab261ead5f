#include "server/delivery/email/email_channel.h"

#include <chrono>
#include <utility>

#include "server/delivery/email/mime.h"
#include "server/storage/repositories/outbox_store.h"

namespace warroom::delivery::email {

Result<int64_t> EnqueueEmail(ports::Tx& tx, const OutboxEmail& email, ports::TimePoint now) {
  if (!IsValidMailAddress(email.to)) {
    return Error::InvalidArgument("invalid recipient address");
  }
  if (email.subject.find_first_of("\r\n") != std::string::npos) {
    return Error::InvalidArgument("line break in subject");
  }
  ports::OutboxMessage message;
  message.channel = std::string(kEmailChannel);
  message.recipient = email.to;
  message.subject = email.subject;
  message.body_text = email.body_text;
  message.body_html = email.body_html;
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  return storage::OutboxStore(tx).Enqueue(message, now_ms);
}

Status EmailChannel::Send(const ports::OutboxMessage& message) {
  ports::MailMessage mail;
  mail.from = from_;
  mail.to = message.recipient;
  mail.subject = message.subject;
  mail.body_text = message.body_text;
  mail.body_html = message.body_html;
  // Stable across retries, so a receiver can recognise a message delivered twice.
  mail.message_id = "<outbox-" + std::to_string(message.id) + "." +
                    std::to_string(message.created_at) + "@" + std::string(AddressDomain(from_)) +
                    ">";
  mail.headers.emplace_back("Auto-Submitted", "auto-generated");
  return transport_.Send(mail);
}

}  // namespace warroom::delivery::email
