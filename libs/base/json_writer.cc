#include "libs/base/json_writer.h"

#include <algorithm>
#include <charconv>
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

JsonWriter::JsonWriter(std::size_t capacity) : buf_(capacity, '\0') {}

std::string JsonWriter::Take() {
  buf_.resize(len_);
  std::string out = std::move(buf_);
  buf_.clear();
  len_ = 0;
  need_comma_ = false;
  return out;
}

void JsonWriter::Grow(std::size_t n) { buf_.resize(std::max(buf_.size() * 2, len_ + n + 256)); }

void JsonWriter::Put(std::string_view s) {
  char* p = Room(s.size());
  std::memcpy(p, s.data(), s.size());
  len_ += s.size();
}

void JsonWriter::Separate() {
  if (need_comma_) Put(',');
  need_comma_ = true;
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  Put('{');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  Put('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  Put('[');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  Put(']');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  Separate();
  Escaped(name);
  Put(':');
  need_comma_ = false;  // the value follows without a comma
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  Escaped(value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  char* p = Room(20);  // "-9223372036854775808"
  Commit(std::to_chars(p, p + 20, value).ptr);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  Put(value ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  Put(std::string_view("null"));
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  Put(json);
  return *this;
}

void JsonWriter::Escaped(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Six bytes per input byte at most (\u00XX), plus the quotes.
  char* p = Room(text.size() * 6 + 2);
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
  Commit(p);
}

}  // namespace warroom
