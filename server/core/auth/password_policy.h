// Password policy: the rules a new password must meet before it is hashed.
//
// On failure the Error (code kInvalidArgument) carries a stable reason code in
// Error.message, not prose: the web app translates the code into the user's language.
// PasswordReasonText() gives the English sentence for logs, the CLI and as a fallback.
//
//   reason code          meaning
//   invalid_utf8         the password is not valid UTF-8 text
//   too_long             more than kMaxPasswordBytes bytes
//   too_short            fewer than kMinPasswordCodePoints characters (UTF-8 code points)
//   repeated_character   every character is the same ("aaaaaaaaaaaa")
//   too_common           one of the most common passwords (case-insensitive)
//   contains_email       contains the local part of the user's e-mail (case-insensitive)
//   contains_name        contains the user's display name or a part of it (case-insensitive)
//
// Checks run in the order of this table and the first failure is returned.
#pragma once

#include <cstddef>
#include <string_view>

#include "libs/base/result.h"

namespace warroom::core::auth {

inline constexpr std::size_t kMinPasswordCodePoints = 12;
inline constexpr std::size_t kMaxPasswordBytes = 256;

// Stable reason codes (the values of Error.message).
inline constexpr std::string_view kReasonInvalidUtf8 = "invalid_utf8";
inline constexpr std::string_view kReasonTooShort = "too_short";
inline constexpr std::string_view kReasonTooLong = "too_long";
inline constexpr std::string_view kReasonRepeatedCharacter = "repeated_character";
inline constexpr std::string_view kReasonTooCommon = "too_common";
inline constexpr std::string_view kReasonContainsEmail = "contains_email";
inline constexpr std::string_view kReasonContainsName = "contains_name";

// Returns Ok() if `password` is acceptable for the user with this e-mail and display name.
// Otherwise fails with kInvalidArgument and a reason code (above) as the message.
// The e-mail's local part (before the last '@') is only checked when it has at least 3
// characters; the display name is checked whole (ignoring spaces) and word by word, for
// words of at least 3 characters, so that short names like "Li" do not ban common letters.
// Case-insensitivity is ASCII-only.
Status CheckPassword(std::string_view password, std::string_view email,
                     std::string_view display_name);

// Returns a plain-English explanation of a reason code, for people who are not technical;
// an unknown code gives a generic sentence.
std::string_view PasswordReasonText(std::string_view reason);

}  // namespace warroom::core::auth
