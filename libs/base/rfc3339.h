// RFC 3339 UTC timestamps: the API's wire format for times (stored as milliseconds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warroom {

// Formats milliseconds since the epoch as "2026-11-27T17:33:12.123Z".
std::string FormatRfc3339(int64_t ms);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" into milliseconds since the
// epoch; std::nullopt when malformed or out of range (years 1970..9999).
std::optional<int64_t> ParseRfc3339(std::string_view text);

// Like ParseRfc3339, and also accepts a plain date "YYYY-MM-DD" (midnight UTC).
std::optional<int64_t> ParseRfc3339Date(std::string_view text);

}  // namespace warroom
