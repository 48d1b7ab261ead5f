// Folding of names for search: lower case, accents removed, so that "Liège", "LIEGE"
// and "liege" find the same organisation on both database engines.
#pragma once

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

// Returns the exclusive upper bound of the byte range of strings that start with
// `prefix`, for `term >= prefix AND term < bound` range scans.
std::string PrefixUpperBound(std::string_view prefix);

}  // namespace warroom::core
