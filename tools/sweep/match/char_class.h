// Byte classes shared by the IoC normaliser and the matcher. Every class is ASCII-only:
// bytes >= 0x80 (UTF-8 or binary junk) belong to no class and so always act as token
// boundaries.
#pragma once

#include <array>
#include <cstdint>

namespace warroom::sweep {

enum CharClass : uint8_t {
  kClsDigit = 1 << 0,    // 0-9
  kClsHex = 1 << 1,      // 0-9 a-f A-F
  kClsAlpha = 1 << 2,    // a-z A-Z
  kClsWord = 1 << 3,     // letters, digits, '.', '_', '-': domain and file-name token bytes
  kClsDot = 1 << 4,      // '.'
  kClsLocal = 1 << 5,    // e-mail local part: letters, digits, '.', '_', '%', '+', '-'
  kClsV6 = 1 << 6,       // IPv6 text: hex digits, ':' and '.'
  kClsUrlStop = 1 << 7,  // ends a URL: whitespace, control, quotes, brackets, '<', '>', '|', '\\'
};

constexpr std::array<uint8_t, 256> MakeCharClass() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t v = 0;
    const bool digit = c >= '0' && c <= '9';
    const bool lower = c >= 'a' && c <= 'z';
    const bool upper = c >= 'A' && c <= 'Z';
    if (digit) {
      v |= kClsDigit;
    }
    if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
      v |= kClsHex;
    }
    if (lower || upper) {
      v |= kClsAlpha;
    }
    if (digit || lower || upper || c == '.' || c == '_' || c == '-') {
      v |= kClsWord;
    }
    if (c == '.') {
      v |= kClsDot;
    }
    if (digit || lower || upper || c == '.' || c == '_' || c == '%' || c == '+' || c == '-') {
      v |= kClsLocal;
    }
    if ((v & kClsHex) != 0 || c == ':' || c == '.') {
      v |= kClsV6;
    }
    if (c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '`' || c == '<' || c == '>' ||
        c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' ||
        c == '\\' || c == '^') {
      v |= kClsUrlStop;
    }
    t[static_cast<size_t>(c)] = v;
  }
  return t;
}

constexpr std::array<unsigned char, 256> MakeLowerTable() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<size_t>(c)] =
        static_cast<unsigned char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  }
  return t;
}

inline constexpr std::array<uint8_t, 256> kCharClass = MakeCharClass();
inline constexpr std::array<unsigned char, 256> kLower = MakeLowerTable();

inline uint8_t ClassOf(char c) { return kCharClass[static_cast<unsigned char>(c)]; }
inline char ToLower(char c) { return static_cast<char>(kLower[static_cast<unsigned char>(c)]); }
inline bool IsAlnum(char c) { return (ClassOf(c) & (kClsDigit | kClsAlpha)) != 0; }
inline bool IsDigit(char c) { return (ClassOf(c) & kClsDigit) != 0; }
inline bool IsHex(char c) { return (ClassOf(c) & kClsHex) != 0; }

// Text hashing used both when indicators are loaded and while scanning, so the two must
// agree: FNV-1a over lower-cased bytes, then a final mix. Forward hashes run from the
// first byte, reverse hashes from the last one (so that every suffix of a token gets its
// hash in one right-to-left pass).
inline constexpr uint64_t kHashSeed = 0xcbf29ce484222325ULL;
inline uint64_t HashStep(uint64_t h, unsigned char c) { return (h ^ c) * 0x100000001b3ULL; }
inline uint64_t HashFinish(uint64_t h) {
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 29;
  return h;
}

}  // namespace warroom::sweep
