#include "server/core/directory/search_text.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "libs/base/utf8.h"

namespace warroom::core {
namespace {

// Base letters for U+00C0..U+017F; "" keeps the lower-cased character itself.
// Built from the Unicode decompositions of Latin-1 Supplement and Latin Extended-A.
constexpr std::array<const char*, 0x180 - 0xC0> kFold = {
    // U+00C0
    "a",
    "a",
    "a",
    "a",
    "a",
    "a",
    "ae",
    "c",
    "e",
    "e",
    "e",
    "e",
    "i",
    "i",
    "i",
    "i",
    // U+00D0
    "d",
    "n",
    "o",
    "o",
    "o",
    "o",
    "o",
    "",
    "o",
    "u",
    "u",
    "u",
    "u",
    "y",
    "th",
    "ss",
    // U+00E0
    "a",
    "a",
    "a",
    "a",
    "a",
    "a",
    "ae",
    "c",
    "e",
    "e",
    "e",
    "e",
    "i",
    "i",
    "i",
    "i",
    // U+00F0
    "d",
    "n",
    "o",
    "o",
    "o",
    "o",
    "o",
    "",
    "o",
    "u",
    "u",
    "u",
    "u",
    "y",
    "th",
    "y",
    // U+0100
    "a",
    "a",
    "a",
    "a",
    "a",
    "a",
    "c",
    "c",
    "c",
    "c",
    "c",
    "c",
    "c",
    "c",
    "d",
    "d",
    // U+0110
    "d",
    "d",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "g",
    "g",
    "g",
    "g",
    // U+0120
    "g",
    "g",
    "g",
    "g",
    "h",
    "h",
    "h",
    "h",
    "i",
    "i",
    "i",
    "i",
    "i",
    "i",
    "i",
    "i",
    // U+0130
    "i",
    "i",
    "ij",
    "ij",
    "j",
    "j",
    "k",
    "k",
    "k",
    "l",
    "l",
    "l",
    "l",
    "l",
    "l",
    "l",
    // U+0140
    "l",
    "l",
    "l",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "o",
    "o",
    "o",
    "o",
    // U+0150
    "o",
    "o",
    "oe",
    "oe",
    "r",
    "r",
    "r",
    "r",
    "r",
    "r",
    "s",
    "s",
    "s",
    "s",
    "s",
    "s",
    // U+0160
    "s",
    "s",
    "t",
    "t",
    "t",
    "t",
    "t",
    "t",
    "u",
    "u",
    "u",
    "u",
    "u",
    "u",
    "u",
    "u",
    // U+0170
    "u",
    "u",
    "u",
    "u",
    "w",
    "w",
    "y",
    "y",
    "y",
    "z",
    "z",
    "z",
    "z",
    "z",
    "z",
    "s",
};

}  // namespace

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) {
      ++i;
      continue;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp >= U'A' && cp <= U'Z' ? cp + (U'a' - U'A') : cp));
    } else if (cp >= 0xC0 && cp < 0x180 && kFold[cp - 0xC0][0] != '\0') {
      out.append(kFold[cp - 0xC0]);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::vector<std::string> SearchTerms(std::string_view text) {
  const std::string folded = FoldForSearch(text);
  std::vector<std::string> terms;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      if (std::find(terms.begin(), terms.end(), word) == terms.end()) terms.push_back(word);
      word.clear();
    }
  };
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    const bool in_word = u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (in_word) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return terms;
}

namespace {

// Byte lengths of the first 1..kSearchKeyChars characters of `word` (valid UTF-8).
std::vector<std::size_t> CharacterEnds(std::string_view word) {
  std::vector<std::size_t> ends;
  for (std::size_t i = 1; i <= word.size() && ends.size() < kSearchKeyChars; ++i) {
    const bool boundary =
        i == word.size() || (static_cast<unsigned char>(word[i]) & 0xC0U) != 0x80U;
    if (boundary) ends.push_back(i);
  }
  return ends;
}

}  // namespace

std::vector<std::string> SearchKeys(const std::vector<std::string>& terms) {
  std::vector<std::string> keys;
  for (const std::string& term : terms) {
    for (std::size_t end : CharacterEnds(term)) keys.push_back(term.substr(0, end));
    if (keys.empty() || keys.back().size() != term.size()) keys.push_back(term);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string SearchKeyOf(std::string_view word) {
  const std::vector<std::size_t> ends = CharacterEnds(word);
  return std::string(word.substr(0, ends.empty() ? 0 : ends.back()));
}

std::string PrefixUpperBound(std::string_view prefix) {
  // U+10FFFF sorts after every valid UTF-8 sequence that can follow the prefix.
  std::string bound(prefix);
  bound.append("\xF4\x8F\xBF\xBF");
  return bound;
}

}  // namespace warroom::core
