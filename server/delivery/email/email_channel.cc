#include "server/delivery/email/email_channel.h"

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>

#include "libs/base/utf8.h"
#include "server/delivery/email/mime.h"
#include "server/storage/repositories/outbox_store.h"

namespace warroom::delivery::email {
namespace {

constexpr std::string_view kAutoSubmitted = "Auto-Submitted";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

// Checks one extra header and returns its canonical name.
Result<std::string_view> CheckHeader(std::string_view name, std::string_view value) {
  const auto canonical = AllowedExtraHeader(name);
  if (!canonical) {
    return Error::InvalidArgument("header " + std::string(name) + " is not allowed");
  }
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return Error::InvalidArgument("line break in header " + std::string(*canonical));
  }
  if (!IsValidUtf8(value)) {
    return Error::InvalidArgument("header " + std::string(*canonical) + " is not UTF-8");
  }
  return *canonical;
}

}  // namespace

std::optional<std::string_view> AllowedExtraHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 3> kAllowed = {"Auto-Submitted", "List-Id",
                                                               "X-Auto-Response-Suppress"};
  for (std::string_view allowed : kAllowed) {
    if (EqualsIgnoreCase(name, allowed)) {
      return allowed;
    }
  }
  return std::nullopt;
}

Result<ports::OutboxMessage> EmailOutboxMessage(OutboxEmail email) {
  if (!IsValidMailAddress(email.to)) {
    return Error::InvalidArgument("invalid recipient address");
  }
  if (email.subject.find_first_of("\r\n") != std::string::npos) {
    return Error::InvalidArgument("line break in subject");
  }
  ports::OutboxMessage message;
  message.channel = std::string(kEmailChannel);
  message.recipient = std::move(email.to);
  message.subject = std::move(email.subject);
  message.body_text = std::move(email.body_text);
  message.body_html = std::move(email.body_html);
  if (!email.headers.empty()) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : email.headers) {
      WR_ASSIGN_OR_RETURN(const std::string_view canonical, CheckHeader(name, value));
      headers[std::string(canonical)] = value;
    }
    message.headers_json = headers.dump();
  }
  return message;
}

namespace {

int64_t Millis(ports::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<int64_t> EnqueueEmail(ports::Tx& tx, const OutboxEmail& email, ports::TimePoint now) {
  WR_ASSIGN_OR_RETURN(ports::OutboxMessage message, EmailOutboxMessage(email));
  return storage::OutboxStore(tx).Enqueue(message, Millis(now));
}

Result<std::vector<int64_t>> EnqueueEmails(ports::Tx& tx, std::vector<OutboxEmail> emails,
                                           ports::TimePoint now) {
  std::vector<ports::OutboxMessage> messages;
  messages.reserve(emails.size());
  for (auto& email : emails) {
    WR_ASSIGN_OR_RETURN(ports::OutboxMessage message, EmailOutboxMessage(std::move(email)));
    messages.push_back(std::move(message));
  }
  return storage::OutboxStore(tx).EnqueueMany(std::move(messages), Millis(now));
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
  bool auto_submitted = false;
  if (message.headers_json) {
    // Checked again here: the row may come from an older version or a hand-made insert.
    const nlohmann::json headers = nlohmann::json::parse(*message.headers_json, nullptr,
                                                         /*allow_exceptions=*/false);
    if (!headers.is_object()) {
      return Error::InvalidArgument("stored headers are not a JSON object");
    }
    for (const auto& [name, value] : headers.items()) {
      if (!value.is_string()) {
        return Error::InvalidArgument("stored header " + name + " is not a string");
      }
      WR_ASSIGN_OR_RETURN(const std::string_view canonical,
                          CheckHeader(name, value.get_ref<const std::string&>()));
      for (const auto& [seen, unused] : mail.headers) {
        if (seen == canonical) {
          return Error::InvalidArgument("stored header " + seen + " is repeated");
        }
      }
      auto_submitted = auto_submitted || canonical == kAutoSubmitted;
      mail.headers.emplace_back(std::string(canonical), value.get<std::string>());
    }
  }
  if (!auto_submitted) {
    mail.headers.emplace_back(std::string(kAutoSubmitted), "auto-generated");
  }
  return transport_.Send(mail);
}

}  // namespace warroom::delivery::email
