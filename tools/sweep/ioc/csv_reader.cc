#include "tools/sweep/ioc/csv_reader.h"

namespace warroom::sweep {

char CsvReader::GuessDelimiter(std::string_view header_line) {
  if (header_line.find('\t') != std::string_view::npos) {
    return '\t';
  }
  if (header_line.find(',') == std::string_view::npos &&
      header_line.find(';') != std::string_view::npos) {
    return ';';
  }
  return ',';
}

bool CsvReader::Next(std::vector<std::string>* fields, size_t* line, bool* unterminated) {
  fields->clear();
  *unterminated = false;
  if (pos_ >= text_.size()) {
    return false;
  }
  *line = line_;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') {
          ++line_;
        }
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == delim_) {
      fields->push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n') {
      ++line_;
      break;
    } else if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
      continue;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) {
    *unterminated = true;
  }
  fields->push_back(std::move(field));
  return true;
}

}  // namespace warroom::sweep
