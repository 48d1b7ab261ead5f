// UTF-8 decoding, strict: overlong forms, surrogates, code points beyond U+10FFFF and
// truncated sequences are invalid.
#pragma once

#include <cstddef>
#include <string_view>

namespace warroom {

// Decodes the sequence that starts at text[i] (i < text.size()): returns its length in
// bytes (1 to 4) and sets `cp`, or returns 0 when the bytes there are not valid UTF-8.
std::size_t DecodeUtf8(std::string_view text, std::size_t i, char32_t& cp);

// Returns true if all of `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace warroom
