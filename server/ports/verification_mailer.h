// VerificationMailer: queues the e-mail of one contact-verification request in the outbox,
// inside the caller's transaction (the round and its mails commit together). The
// implementation renders it in the recipient's language (app/: delivery::email::
// RenderVerificationRequest and EnqueueEmail).
#pragma once

#include <cstdint>
#include <string>

#include "libs/base/result.h"
#include "server/core/directory/entities.h"
#include "server/ports/database.h"

namespace warroom::ports {

struct VerificationMail {
  std::string to;  // a bare address
  core::Language language = core::Language::kNl;
  std::string recipient_name;
  std::string organisation_name;
  std::string link;  // <public_url>/verify/<token>
  int64_t expires_at = 0;
  bool is_exercise = false;
};

class VerificationMailer {
 public:
  virtual ~VerificationMailer() = default;
  virtual Status Queue(Tx& tx, const VerificationMail& mail, int64_t now_ms) = 0;
  // Wakes the dispatcher after the transaction that queued messages has committed.
  virtual void Notify() {}
};

}  // namespace warroom::ports
