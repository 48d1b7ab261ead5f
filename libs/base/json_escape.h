// JSON string literals: the one escaping of the server and the scanner. Escapes as
// nlohmann::json::dump() does with ensure_ascii off: the quote, the backslash, the short
// escapes (b f n r t) and other control characters as u00XX; bytes that are not valid
// UTF-8 (libs/base/utf8.h) become U+FFFD, so the output is always valid JSON.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace warroom {

// The most bytes WriteJsonString writes for a text of `size` bytes: six per byte
// (an escaped control character) plus the two quotes.
constexpr std::size_t JsonStringMaxSize(std::size_t size) { return size * 6 + 2; }

// Writes `text` as a quoted JSON string at `out`, which has room for
// JsonStringMaxSize(text.size()) bytes; returns the end of what was written. Plain runs
// are copied eight bytes at a time.
char* WriteJsonString(char* out, std::string_view text);

// Appends `text` as a quoted JSON string to `out`.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace warroom
