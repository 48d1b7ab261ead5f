// AdvisoryMailer: queues advisory messages, one per person and address, in the outbox
// inside the caller's transaction, and returns their outbox ids (the deliveries are
// recorded against them).
// The advisory service decides who gets what and when; the implementation renders the
// message in the recipient's language (app/: delivery::email::RenderAdvisoryMail and
// EnqueueEmail) and must honour TLP: for AMBER+STRICT and RED no title, body or action
// point leaves the app, only the reference and the acknowledgement link.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/advisory/model.h"
#include "server/ports/database.h"

namespace warroom::ports {

struct AdvisoryMessage {
  std::string to;  // a bare address
  core::Language language = core::Language::kNl;
  int64_t advisory_id = 0;
  std::string reference;  // "ADV-2026-0007"
  int revision = 1;
  bool update = false;         // a later revision of an advisory already received
  bool reacknowledge = false;  // the update asks for a new acknowledgement
  core::Severity severity = core::Severity::kInfo;
  core::Tlp tlp = core::Tlp::kClear;
  bool is_exercise = false;
  core::AdvisoryText text;                    // in `language`
  std::vector<std::string> attachment_names;  // listed in the mail, never attached
  std::string organisation_name;
  std::string recipient_name;
  std::string stage_label;  // "spoc", "deputy 2", "out-of-band", ...
  bool escalation = false;  // sent because nobody acknowledged in time
  std::string ack_url;
  std::string app_url;  // the advisory in the app
};

class AdvisoryMailer {
 public:
  virtual ~AdvisoryMailer() = default;
  // Returns the outbox ids in the order of `messages`. A send queues its messages a few
  // hundred at a time, so that an implementation can write them in few statements.
  virtual Result<std::vector<int64_t>> Queue(Tx& tx, const std::vector<AdvisoryMessage>& messages,
                                             int64_t now_ms) = 0;
  // Wakes the dispatcher after the transaction that queued messages has committed.
  virtual void Notify() {}
};

}  // namespace warroom::ports
