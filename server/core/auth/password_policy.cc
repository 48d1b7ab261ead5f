#include "server/core/auth/password_policy.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/utf8.h"

namespace warroom::core::auth {
namespace {

// The most common passwords of at least 12 characters (shorter ones already fail
// too_short), lower case. Sources: public breach-corpus top lists.
constexpr std::array<std::string_view, 40> kCommonPasswords = {
    "123456789012",  "1234567890123",  "12345678901234",   "123456789123",     "password1234",
    "password12345", "password123456", "password123!",     "passwordpassword", "qwertyuiopasdf",
    "qwertyuiop12",  "qwerty123456",   "qwertyqwerty",     "1q2w3e4r5t6y",     "1qaz2wsx3edc",
    "zaq12wsxcde3",  "iloveyou1234",   "letmein12345",     "welcome12345",     "welcome123456",
    "administrator", "administrator1", "admin1234567",     "abcdefghijkl",     "abc123456789",
    "abcd12345678",  "changeme1234",   "trustno1trustno1", "football1234",     "baseball1234",
    "monkey123456",  "sunshine1234",   "princess1234",     "dragon123456",     "starwars1234",
    "superman1234",  "asdfghjkl123",   "987654321098",     "11223344556677",   "passw0rd1234",
};

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits on whitespace and common name punctuation.
std::vector<std::string> NameParts(const std::string& lower_name) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : lower_name) {
    if (IsSpace(c) || c == '-' || c == '.' || c == ',' || c == '\'') {
      if (!current.empty()) {
        parts.push_back(current);
      }
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) {
    parts.push_back(current);
  }
  return parts;
}

Status Reject(std::string_view reason) { return Error::InvalidArgument(std::string(reason)); }

}  // namespace

Status CheckPassword(std::string_view password, std::string_view email,
                     std::string_view display_name) {
  std::vector<char32_t> code_points;
  for (std::size_t i = 0; i < password.size();) {
    char32_t cp = 0;
    const std::size_t len = DecodeUtf8(password, i, cp);
    if (len == 0) {
      return Reject(kReasonInvalidUtf8);
    }
    code_points.push_back(cp);
    i += len;
  }
  if (password.size() > kMaxPasswordBytes) {
    return Reject(kReasonTooLong);
  }
  if (code_points.size() < kMinPasswordCodePoints) {
    return Reject(kReasonTooShort);
  }
  if (std::all_of(code_points.begin(), code_points.end(),
                  [&](char32_t c) { return c == code_points.front(); })) {
    return Reject(kReasonRepeatedCharacter);
  }
  const std::string lower = AsciiLower(password);
  if (std::find(kCommonPasswords.begin(), kCommonPasswords.end(), lower) !=
      kCommonPasswords.end()) {
    return Reject(kReasonTooCommon);
  }
  const std::size_t at = email.rfind('@');
  const std::string local = AsciiLower(email.substr(0, at == std::string_view::npos ? 0 : at));
  if (local.size() >= 3 && lower.find(local) != std::string::npos) {
    return Reject(kReasonContainsEmail);
  }
  const std::string lower_name = AsciiLower(display_name);
  std::string compact;
  for (char c : lower_name) {
    if (!IsSpace(c)) {
      compact.push_back(c);
    }
  }
  if (compact.size() >= 3 && lower.find(compact) != std::string::npos) {
    return Reject(kReasonContainsName);
  }
  for (const std::string& part : NameParts(lower_name)) {
    if (part.size() >= 3 && lower.find(part) != std::string::npos) {
      return Reject(kReasonContainsName);
    }
  }
  return Ok();
}

std::string_view PasswordReasonText(std::string_view reason) {
  if (reason == kReasonInvalidUtf8) {
    return "The password contains characters that cannot be read. Please type it again.";
  }
  if (reason == kReasonTooShort) {
    return "The password is too short. Use at least 12 characters; a few unrelated words "
           "work well.";
  }
  if (reason == kReasonTooLong) {
    return "The password is too long. Use at most 256 characters.";
  }
  if (reason == kReasonRepeatedCharacter) {
    return "The password repeats a single character. Choose something harder to guess.";
  }
  if (reason == kReasonTooCommon) {
    return "This password is one of the most common passwords and is easy to guess. "
           "Choose another one.";
  }
  if (reason == kReasonContainsEmail) {
    return "The password must not contain your e-mail address.";
  }
  if (reason == kReasonContainsName) {
    return "The password must not contain your name.";
  }
  return "The password cannot be used. Please choose another one.";
}

}  // namespace warroom::core::auth
