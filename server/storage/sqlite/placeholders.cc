#include "server/storage/sqlite/placeholders.h"

namespace warroom::storage::sqlite {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Copies the quoted run that starts at sql[i] and ends with `close`, and returns the
// index after it. A doubled closing quote ('it''s') stays inside the run.
size_t CopyQuoted(std::string_view sql, size_t i, char close, std::string& out) {
  size_t j = i + 1;
  while (j < sql.size()) {
    if (sql[j] == close) {
      if (close != ']' && j + 1 < sql.size() && sql[j + 1] == close) {
        j += 2;
        continue;
      }
      ++j;
      break;
    }
    ++j;
  }
  out.append(sql.substr(i, j - i));
  return j;
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = CopyQuoted(sql, i, c, out);
    } else if (c == '[') {
      i = CopyQuoted(sql, i, ']', out);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '$' && i + 1 < sql.size() && IsDigit(sql[i + 1])) {
      out.push_back('?');
      ++i;
      while (i < sql.size() && IsDigit(sql[i])) {
        out.push_back(sql[i]);
        ++i;
      }
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace warroom::storage::sqlite
