// Validation and normalisation of directory input, shared by the API and CSV import,
// so that both accept and reject exactly the same values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libs/base/result.h"

namespace warroom::core {

// True when `s` is well-formed UTF-8 without control characters (tab excepted when
// `allow_tab`). Line breaks are not allowed in single-line fields.
bool IsCleanText(std::string_view s, bool allow_tab = false);

// Trims surrounding white space, checks it is clean text of 1..max_bytes bytes.
// Fails with kInvalidArgument and code "required", "too_long" or "invalid_text".
Result<std::string> NormaliseName(std::string_view s, size_t max_bytes = 200);

// True for a Belgian NIS (REFNIS) code: exactly five ASCII digits.
bool IsNisCode(std::string_view s);

// Lower-cases and trims an e-mail address and checks its shape (one '@', a local part
// of 1..64 and a domain with a dot, no spaces or control characters, at most 254 bytes).
// Fails with kInvalidArgument, code "invalid_email".
Result<std::string> NormaliseEmail(std::string_view s);

// Normalises a phone number to E.164: separators (space . / - ( )) removed; a national
// Belgian number (0 followed by 8 or 9 digits) gets +32; "00" becomes "+". The result
// is "+" and 8..15 digits. Fails with kInvalidArgument, code "invalid_phone".
Result<std::string> NormalisePhone(std::string_view s);

}  // namespace warroom::core
