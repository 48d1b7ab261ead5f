#include "server/core/csv/csv_reader.h"

#include <array>
#include <optional>
#include <unordered_set>
#include <utility>

#include "libs/base/utf8.h"

namespace warroom::core::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view StripBom(std::string_view input) {
  if (input.starts_with(kBom)) {
    input.remove_prefix(kBom.size());
  }
  return input;
}

std::string NormalizeName(std::string_view name) {
  while (!name.empty() && name.front() == ' ') {
    name.remove_prefix(1);
  }
  while (!name.empty() && name.back() == ' ') {
    name.remove_suffix(1);
  }
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// Reads records one at a time and tracks physical line numbers.
class Parser {
 public:
  Parser(std::string_view input, char delimiter, const CsvOptions& options,
         CsvErrorLocation* location)
      : in_(input), delimiter_(delimiter), options_(options), location_(location) {}

  void SetHeader(const std::vector<std::string>* header) { header_ = header; }

  // Reads the next non-blank record into `fields` (at most `max_fields`, else an error
  // for field max_fields + 1). Returns false at the end of input.
  Result<bool> Next(std::vector<std::string>& fields, std::int64_t& start_line,
                    std::size_t max_fields) {
    fields.clear();
    while (pos_ < in_.size() && (in_[pos_] == '\n' || in_[pos_] == '\r')) {
      EndLine();  // blank line
    }
    if (pos_ >= in_.size()) {
      return false;
    }
    start_line = line_;
    for (;;) {
      const std::int64_t column = static_cast<std::int64_t>(fields.size()) + 1;
      if (fields.size() == max_fields) {
        return Fail(line_, column, TooManyFieldsReason(max_fields));
      }
      const std::int64_t field_line = line_;
      std::string field;
      WR_RETURN_IF_ERROR(ReadField(field, field_line, column));
      if (!IsValidUtf8(field)) {
        return Fail(field_line, column,
                    "the text is not valid UTF-8 (save the file as \"CSV UTF-8\")");
      }
      if (field.find('\0') != std::string::npos) {
        return Fail(field_line, column, "the field contains a NUL byte");
      }
      fields.push_back(std::move(field));
      if (pos_ >= in_.size()) {
        return true;
      }
      if (in_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      EndLine();  // ReadField stops only at a delimiter, a line end or the end
      return true;
    }
  }

  Error Fail(std::int64_t line, std::int64_t column, const std::string& reason) const {
    std::string name;
    if (header_ != nullptr && column >= 1 && static_cast<std::size_t>(column) <= header_->size()) {
      name = (*header_)[static_cast<std::size_t>(column) - 1];
    }
    if (location_ != nullptr) {
      *location_ = CsvErrorLocation{line, column, name};
    }
    std::string message = "line " + std::to_string(line) + ", column " + std::to_string(column);
    if (!name.empty()) {
      message += " (\"" + name + "\")";
    }
    return Error::InvalidArgument(message + ": " + reason);
  }

 private:
  std::string TooManyFieldsReason(std::size_t max_fields) const {
    if (header_ == nullptr) {
      return "the header has more than " + std::to_string(max_fields) + " columns";
    }
    return "the row has more fields than the header (" + std::to_string(max_fields) + ")";
  }

  // Consumes one line end (CRLF, LF or lone CR) at pos_.
  void EndLine() {
    if (in_[pos_] == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') {
      ++pos_;
    }
    ++pos_;
    ++line_;
  }

  Status Append(std::string& field, char c, std::int64_t field_line, std::int64_t column) {
    if (field.size() >= options_.max_field_bytes) {
      return Fail(
          field_line, column,
          "the field is longer than " + std::to_string(options_.max_field_bytes) + " bytes");
    }
    field.push_back(c);
    return Ok();
  }

  Status ReadField(std::string& field, std::int64_t field_line, std::int64_t column) {
    if (pos_ < in_.size() && in_[pos_] == '"') {
      ++pos_;
      for (;;) {
        if (pos_ >= in_.size()) {
          return Fail(field_line, column, "a quoted field is not closed (missing '\"')");
        }
        const char c = in_[pos_];
        if (c == '"') {
          if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '"') {
            WR_RETURN_IF_ERROR(Append(field, '"', field_line, column));
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        // Line breaks inside quotes are content; count them for later line numbers.
        if (c == '\n' || (c == '\r' && (pos_ + 1 >= in_.size() || in_[pos_ + 1] != '\n'))) {
          ++line_;
        }
        WR_RETURN_IF_ERROR(Append(field, c, field_line, column));
        ++pos_;
      }
      if (pos_ < in_.size() && in_[pos_] != delimiter_ && in_[pos_] != '\n' && in_[pos_] != '\r') {
        return Fail(line_, column, "unexpected text after the closing quote of a field");
      }
      return Ok();
    }
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c == delimiter_ || c == '\n' || c == '\r') {
        break;
      }
      if (c == '"') {
        return Fail(field_line, column,
                    "a quote character appears in a field that does not start with a quote");
      }
      WR_RETURN_IF_ERROR(Append(field, c, field_line, column));
      ++pos_;
    }
    return Ok();
  }

  std::string_view in_;
  char delimiter_;
  const CsvOptions& options_;
  CsvErrorLocation* location_;
  const std::vector<std::string>* header_ = nullptr;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace

char DetectDelimiter(std::string_view input) {
  input = StripBom(input);
  constexpr std::array<char, 3> kCandidates = {',', ';', '\t'};
  std::array<std::size_t, 3> counts{};
  bool quoted = false;
  bool started = false;  // leading blank lines are skipped, as ParseCsv does
  for (char c : input) {
    if (c == '"') {
      quoted = !quoted;  // a doubled quote toggles twice, which is what we want
      started = true;
      continue;
    }
    if (quoted) {
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (started) {
        break;  // end of the header line
      }
      continue;
    }
    started = true;
    for (std::size_t k = 0; k < kCandidates.size(); ++k) {
      if (c == kCandidates[k]) {
        ++counts[k];
      }
    }
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < kCandidates.size(); ++k) {
    if (counts[k] > counts[best]) {
      best = k;
    }
  }
  return kCandidates[best];
}

Result<std::size_t> CsvTable::Column(std::string_view name) const {
  const std::string wanted = NormalizeName(name);
  if (!wanted.empty()) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (NormalizeName(header[i]) == wanted) {
        return i;
      }
    }
  }
  return Error::NotFound("the file has no column \"" + std::string(name) + "\"");
}

Result<CsvTable> ParseCsv(std::string_view input, const CsvOptions& options,
                          CsvErrorLocation* location) {
  input = StripBom(input);
  CsvTable table;
  table.delimiter = options.delimiter != '\0' ? options.delimiter : DetectDelimiter(input);
  Parser parser(input, table.delimiter, options, location);

  std::int64_t header_line = 1;
  WR_ASSIGN_OR_RETURN(const bool has_header,
                      parser.Next(table.header, header_line, options.max_columns));
  if (!has_header) {
    return parser.Fail(1, 1, "the file is empty; the first line must name the columns");
  }
  parser.SetHeader(&table.header);
  std::unordered_set<std::string> names;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const std::string normalized = NormalizeName(table.header[i]);
    if (!normalized.empty() && !names.insert(normalized).second) {
      return parser.Fail(header_line, static_cast<std::int64_t>(i) + 1,
                         "the column name appears more than once in the header");
    }
  }

  std::vector<std::string> fields;
  for (;;) {
    std::int64_t line = 0;
    WR_ASSIGN_OR_RETURN(const bool more, parser.Next(fields, line, table.header.size()));
    if (!more) {
      break;
    }
    if (fields.size() != table.header.size()) {
      return parser.Fail(line, static_cast<std::int64_t>(fields.size()) + 1,
                         "the row has " + std::to_string(fields.size()) +
                             " field(s) but the header has " + std::to_string(table.header.size()));
    }
    if (table.rows.size() >= options.max_rows) {
      return parser.Fail(line, 1,
                         "the file has more than " + std::to_string(options.max_rows) + " rows");
    }
    table.rows.push_back(CsvRow{line, fields});
  }
  return table;
}

}  // namespace warroom::core::csv
