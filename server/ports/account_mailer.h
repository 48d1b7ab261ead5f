// AccountMailer: queues the e-mails of the account life cycle (invitation, password
// reset, set-up link) inside the caller's transaction, so that a mail exists exactly
// when the change that causes it commits. Implemented over the persistent outbox.
#pragma once

#include <cstdint>
#include <string>

#include "libs/base/result.h"
#include "server/core/auth/account_state.h"
#include "server/core/directory/model.h"
#include "server/ports/database.h"

namespace warroom::ports {

struct AccountMail {
  core::auth::LinkPurpose purpose = core::auth::LinkPurpose::kInvitation;
  std::string to;
  std::string display_name;
  std::string organisation_name;
  core::Language language = core::Language::kNl;
  std::string link;        // absolute URL with the single-use token
  int64_t expires_at = 0;  // ms since the epoch
  bool exercise = false;   // part of the demo exercise: marked in the subject
};

class AccountMailer {
 public:
  virtual ~AccountMailer() = default;
  virtual Status Queue(ports::Tx& tx, const AccountMail& mail, int64_t now_ms) = 0;
};

}  // namespace warroom::ports
