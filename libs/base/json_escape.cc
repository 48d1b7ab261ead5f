#include "libs/base/json_escape.h"

#include <cstdint>
#include <cstring>

#include "libs/base/utf8.h"

namespace warroom {
namespace {

uint64_t Load8(const char* p) {
  uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// True when one of the eight bytes of `v` is a control character, '"', '\\' or not
// ASCII: the "has a byte below n" and "has a zero byte" bit tricks, which never miss
// such a byte (the byte loop after them decides exactly).
bool NeedsEscape(uint64_t v) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t quote = v ^ (kOnes * '"');
  const uint64_t backslash = v ^ (kOnes * '\\');
  return (((v - kOnes * 0x20) & ~v) | ((quote - kOnes) & ~quote) |
          ((backslash - kOnes) & ~backslash) | v) &
         kHigh;
}

bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

}  // namespace

char* WriteJsonString(char* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  char* p = out;
  *p++ = '"';
  const char* s = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Copy the longest run that needs no escape, eight bytes per step while they are
    // all plain.
    std::size_t run = i;
    while (run + 8 <= n && !NeedsEscape(Load8(s + run))) run += 8;
    while (run < n && !NeedsEscape(static_cast<unsigned char>(s[run]))) ++run;
    std::memcpy(p, s + i, run - i);
    p += run - i;
    i = run;
    if (i == n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      char32_t cp = 0;
      const std::size_t len = DecodeUtf8(text, i, cp);
      if (len == 0) {
        // U+FFFD for the invalid byte.
        *p++ = '\xEF';
        *p++ = '\xBF';
        *p++ = '\xBD';
        ++i;
      } else {
        std::memcpy(p, s + i, len);
        p += len;
        i += len;
      }
      continue;
    }
    *p++ = '\\';
    switch (c) {
      case '"':
        *p++ = '"';
        break;
      case '\\':
        *p++ = '\\';
        break;
      case '\b':
        *p++ = 'b';
        break;
      case '\f':
        *p++ = 'f';
        break;
      case '\n':
        *p++ = 'n';
        break;
      case '\r':
        *p++ = 'r';
        break;
      case '\t':
        *p++ = 't';
        break;
      default:
        *p++ = 'u';
        *p++ = '0';
        *p++ = '0';
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 0xF];
    }
    ++i;
  }
  *p++ = '"';
  return p;
}

void AppendJsonString(std::string& out, std::string_view text) {
  const std::size_t old = out.size();
  out.resize(old + JsonStringMaxSize(text.size()));
  char* end = WriteJsonString(out.data() + old, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace warroom
