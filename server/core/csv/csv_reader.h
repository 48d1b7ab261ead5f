// CSV reader (RFC 4180) for imports of untrusted files.
//
// Accepted: ',' ';' or TAB as delimiter (given, or detected from the header line), an
// optional UTF-8 byte-order mark, quoted fields containing delimiters, doubled quotes ("")
// and line breaks, CRLF, LF or lone CR line ends. Blank lines (no bytes at all) are
// skipped wherever they are, which covers the trailing empty line most editors write.
// The first record is the header; every other record must have as many fields.
//
// Rejected, with an error naming the line and column: invalid UTF-8 and NUL bytes, a
// quote inside an unquoted field, text after a closing quote, an unterminated quote,
// fields over the size limit, more rows or columns than the limits, duplicate column
// names, and rows with the wrong number of fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core::csv {

struct CsvOptions {
  char delimiter = '\0';  // '\0': detect from the header line (',' ';' '\t')
  std::size_t max_field_bytes = std::size_t{64} * 1024;
  std::size_t max_rows = 100'000;  // data rows, not counting the header
  std::size_t max_columns = 1'000;
};

struct CsvRow {
  std::int64_t line = 0;  // physical line where the record starts (header is line 1)
  std::vector<std::string> fields;
};

struct CsvTable {
  char delimiter = ',';             // the delimiter used (given or detected)
  std::vector<std::string> header;  // as written in the file
  std::vector<CsvRow> rows;

  // Returns the 0-based index of the column called `name`, compared ASCII
  // case-insensitively and ignoring surrounding spaces. Fails with kNotFound (message
  // names the column) if there is none; empty names never match.
  Result<std::size_t> Column(std::string_view name) const;
};

// Where a parse error was found, for the import screen to highlight.
struct CsvErrorLocation {
  std::int64_t line = 0;    // 1-based physical line where the offending field starts
  std::int64_t column = 0;  // 1-based field index within the record
  std::string column_name;  // the header name of that column, if known
};

// Parses the whole of `input`. Fails with kInvalidArgument and a message of the form
//   line 3, column 2 ("email"): <reason>
// (without the name where none is known). If `location` is given, it also receives the
// line, column and name on failure.
Result<CsvTable> ParseCsv(std::string_view input, const CsvOptions& options = {},
                          CsvErrorLocation* location = nullptr);

// Returns the delimiter ParseCsv would detect for `input`: the one of ',' ';' '\t' that
// occurs most often outside quotes on the header line (ties in that order), ',' if none.
char DetectDelimiter(std::string_view input);

}  // namespace warroom::core::csv
