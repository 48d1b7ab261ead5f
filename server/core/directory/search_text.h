// Folding of names for search: lower case, accents removed, so that "Liège", "LIEGE"
// and "liege" find the same organisation on both database engines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warroom::core {

// Returns `text` in lower case with the accents of Latin letters removed (U+00C0 to
// U+017F fold to their base letter; "ß" to "ss", "æ" to "ae", "œ" to "oe"). Other
// characters are kept as they are. Invalid UTF-8 bytes are dropped.
std::string FoldForSearch(std::string_view text);

// Returns the distinct words of the folded text: runs of letters and digits (any
// non-ASCII character counts as a letter). "Sint-Niklaas" gives {"sint", "niklaas"}.
std::vector<std::string> SearchTerms(std::string_view text);

// Search keys are the prefixes of each word up to kSearchKeyChars characters, plus
// the whole word when it is longer, so that a search word of up to that length is one
// equality lookup in an index ordered by name.
inline constexpr std::size_t kSearchKeyChars = 10;

// Returns the distinct search keys of `terms` (words as SearchTerms gives them),
// sorted. {"sint"} gives {"s", "si", "sin", "sint"}.
std::vector<std::string> SearchKeys(const std::vector<std::string>& terms);

// Returns the key a search word is looked up by: the word itself, or its first
// kSearchKeyChars characters when it is longer (the caller then also checks the whole
// word as a prefix of the stored words).
std::string SearchKeyOf(std::string_view word);

// Returns the exclusive upper bound of the byte range of strings that start with
// `prefix`, for `term >= prefix AND term < bound` range scans.
std::string PrefixUpperBound(std::string_view prefix);

}  // namespace warroom::core
