// Advisory e-mails are rendered when they are sent, not when they are queued.
//
// A send to 10,000 organisations queues one outbox row per address inside the approving
// transaction. Rendering each mail there (Markdown to HTML, about 3.5 KB of text and HTML
// each) made that transaction write tens of megabytes. Instead the row, of channel
// "advisory-email", carries a few hundred bytes of JSON: who gets it, the advisory's
// revision and language, and the links. AdvisoryEmailChannel reads that revision's text
// when the dispatcher claims the row, renders the mail (advisory_mail.h) and hands it to
// the e-mail channel, which gives it the Message-ID of the outbox row. A sent revision's
// texts are never changed, so the mail is the same as one rendered at approve.
//
// TLP: for AMBER+STRICT and RED the row holds no attachment names and the channel reads no
// text; the notice says only that the advisory waits in the app. The acknowledgement link
// travels in the row as it did in a rendered body; the outbox wipes it once sent.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "libs/base/result.h"
#include "libs/base/thread_annotations.h"
#include "server/core/advisory/model.h"
#include "server/delivery/email/advisory_mail.h"
#include "server/delivery/email/email_channel.h"
#include "server/ports/advisory_mailer.h"
#include "server/ports/channel.h"

namespace warroom::delivery::email {

// The outbox channel name of advisory e-mails rendered at send time.
inline constexpr std::string_view kAdvisoryEmailChannel = "advisory-email";

// The outbox row of `m` (its `text` is not stored). Fails with kInvalidArgument on a
// malformed address.
Result<ports::OutboxMessage> AdvisoryOutboxMessage(const ports::AdvisoryMessage& m);

// The message an AdvisoryOutboxMessage row describes, with an empty `text`. Fails with
// kInvalidArgument when the row's body is not such a description.
Result<ports::AdvisoryMessage> ParseAdvisoryOutboxMessage(const ports::OutboxMessage& row);

// The template's input for `m`.
AdvisoryMailInput MailInputOf(const ports::AdvisoryMessage& m, const std::string& instance_name,
                              const std::string& public_url);

// The text of one language version of a sent revision. Fails with kNotFound when the
// advisory, revision or language does not exist, and with kUnavailable when the database
// cannot be read now.
using AdvisoryTextSource =
    std::function<Result<core::AdvisoryText>(int64_t advisory_id, int revision, core::Language)>;

class AdvisoryEmailChannel final : public ports::Channel {
 public:
  // `email` must outlive the channel.
  AdvisoryEmailChannel(EmailChannel& email, AdvisoryTextSource texts, std::string instance_name,
                       std::string public_url)
      : email_(email),
        texts_(std::move(texts)),
        instance_(std::move(instance_name)),
        public_url_(std::move(public_url)) {}

  // Renders and sends the row's mail. Fails for good (not retried) when the row is
  // malformed or its text is gone; with kUnavailable when the text cannot be read now or the
  // relay fails for a while.
  Status Send(const ports::OutboxMessage& message) override;

 private:
  using TextKey = std::tuple<int64_t, int, core::Language>;
  // Mails of one send share a few texts: keep the last ones read.
  static constexpr size_t kCachedTexts = 32;
  Result<core::AdvisoryText> Text(const TextKey& key);

  EmailChannel& email_;
  AdvisoryTextSource texts_;
  std::string instance_;
  std::string public_url_;
  Mutex mu_;
  std::map<TextKey, core::AdvisoryText> cache_ WR_GUARDED_BY(mu_);
};

}  // namespace warroom::delivery::email
