// CsvReader: splits CSV (RFC 4180: quoted fields may hold the delimiter, doubled quotes
// and line breaks) or TSV text into records.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warroom::sweep {

class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {}

  // Reads the next record into `fields` and the 1-based line it starts on into `line`.
  // Returns false at the end of the text. An unterminated quote takes the rest of the
  // text and sets `unterminated`.
  bool Next(std::vector<std::string>* fields, size_t* line, bool* unterminated);

  // Guesses the delimiter of a header line: tab, then ';' if it has no comma, else ','.
  static char GuessDelimiter(std::string_view header_line);

 private:
  std::string_view text_;
  char delim_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

}  // namespace warroom::sweep
