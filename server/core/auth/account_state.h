// The states of the account life cycle as enums: an account's status, a session's
// stage and a single-use link's purpose. The database keeps the text of Name(); stores
// convert at the edge (Parse on read, Name on write) so that services and the HTTP
// layer compare enums, never strings, and a mistyped value fails to compile.
#pragma once

#include <optional>
#include <string_view>

#include "libs/base/result.h"

namespace warroom::core::auth {

// An account's status.
enum class AccountStatus {
  kInvited,   // created, no password set yet
  kActive,    // may sign in
  kDisabled,  // may not sign in; its sessions and tokens are gone
};

// How far a session has come through sign-in.
enum class SessionStage {
  kTotp,           // password accepted, second factor needed
  kTotpEnrolment,  // password accepted, the second factor must be registered first
  kFull,           // signed in: reaches the rest of the API
};

// What a single-use account link is for.
enum class LinkPurpose {
  kInvitation,     // a new account sets its first password
  kPasswordReset,  // the user forgot the password
  kSetup,          // the admin's set-up link: a new password and a new second factor
};

// The stored text of each value: "invited", "active", "disabled"; "totp",
// "totp_enrolment", "full"; "invitation", "password_reset", "setup".
std::string_view Name(AccountStatus v);
std::string_view Name(SessionStage v);
std::string_view Name(LinkPurpose v);

// The value whose Name() is `s` (exact, case-sensitive); std::nullopt for anything else.
std::optional<AccountStatus> ParseAccountStatus(std::string_view s);
std::optional<SessionStage> ParseSessionStage(std::string_view s);
std::optional<LinkPurpose> ParseLinkPurpose(std::string_view s);

// As the Parse functions, for text read from the database: an unknown value is
// kInternal naming the column and the value, never a silent default (a default could
// turn a corrupt "disabled" into a usable account).
Result<AccountStatus> StoredAccountStatus(std::string_view s);
Result<SessionStage> StoredSessionStage(std::string_view s);
Result<LinkPurpose> StoredLinkPurpose(std::string_view s);

}  // namespace warroom::core::auth
