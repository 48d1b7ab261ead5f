#include "tools/sweep/ioc/stix_pattern.h"

#include <cctype>

namespace warroom::sweep {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsIdent(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<std::vector<StixComparison>> Run() {
    while (true) {
      SkipSpace();
      if (i_ >= s_.size()) {
        break;
      }
      const char c = s_[i_];
      if (c == '[') {
        ++i_;
        WR_RETURN_IF_ERROR(Observation());
      } else if (c == '(' || c == ')') {
        ++i_;
      } else if (c == '\'') {
        WR_RETURN_IF_ERROR(ReadString().ErrorOrOk());
      } else if (IsIdent(c)) {
        const std::string_view word = Ident();
        // t'...' timestamps after START/STOP.
        if (word.size() == 1 && i_ < s_.size() && s_[i_] == '\'') {
          WR_RETURN_IF_ERROR(ReadString().ErrorOrOk());
        }
      } else {
        return Fail("unexpected character");
      }
    }
    if (out_.empty()) {
      return Fail("no comparison");
    }
    return std::move(out_);
  }

 private:
  // Wraps Result<std::string> so WR_RETURN_IF_ERROR can drop the value.
  struct StringResult {
    Result<std::string> r;
    Status ErrorOrOk() const {
      if (r) {
        return Ok();
      }
      return r.error();
    }
  };

  Error Fail(const std::string& what) const {
    return Error::InvalidArgument("STIX pattern: " + what + " at offset " + std::to_string(i_));
  }

  void SkipSpace() {
    while (i_ < s_.size() && IsSpace(s_[i_])) {
      ++i_;
    }
  }

  std::string_view Ident() {
    const size_t start = i_;
    while (i_ < s_.size() && IsIdent(s_[i_])) {
      ++i_;
    }
    return s_.substr(start, i_ - start);
  }

  StringResult ReadString() {
    // s_[i_] == '\''
    ++i_;
    std::string out;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '\\' && i_ < s_.size()) {
        out.push_back(s_[i_++]);
      } else if (c == '\'') {
        return {std::move(out)};
      } else {
        out.push_back(c);
      }
    }
    return {Fail("unterminated string")};
  }

  Status Observation() {
    while (true) {
      SkipSpace();
      if (i_ >= s_.size()) {
        return Fail("missing ']'");
      }
      const char c = s_[i_];
      if (c == ']') {
        ++i_;
        return Ok();
      }
      if (c == '(' || c == ')') {
        ++i_;
        continue;
      }
      const size_t save = i_;
      const std::string word = Upper(Ident());
      if (word == "AND" || word == "OR") {
        continue;
      }
      i_ = save;
      WR_RETURN_IF_ERROR(Comparison());
    }
  }

  Status Comparison() {
    StixComparison cmp;
    SkipSpace();
    const size_t save = i_;
    if (Upper(Ident()) == "EXISTS") {
      cmp.op = "EXISTS";
      SkipSpace();
    } else {
      i_ = save;
    }
    // object-type ':' property path (may hold 'quoted' parts and [*] indexes)
    const size_t type_start = i_;
    while (i_ < s_.size() && IsIdent(s_[i_])) {
      ++i_;
    }
    if (i_ == type_start || i_ >= s_.size() || s_[i_] != ':') {
      return Fail("expected object path");
    }
    cmp.object_type = std::string(s_.substr(type_start, i_ - type_start));
    ++i_;
    const size_t prop_start = i_;
    while (i_ < s_.size() && !IsSpace(s_[i_]) && s_[i_] != '=' && s_[i_] != '!' && s_[i_] != '<' &&
           s_[i_] != '>' && s_[i_] != ']') {
      if (s_[i_] == '\'') {
        const size_t close = s_.find('\'', i_ + 1);
        if (close == std::string_view::npos) {
          return Fail("unterminated quoted property");
        }
        i_ = close + 1;
      } else if (s_[i_] == '[') {
        const size_t close = s_.find(']', i_ + 1);
        if (close == std::string_view::npos) {
          return Fail("unterminated index");
        }
        i_ = close + 1;
      } else {
        ++i_;
      }
    }
    if (i_ == prop_start) {
      return Fail("empty property");
    }
    cmp.property = std::string(s_.substr(prop_start, i_ - prop_start));
    if (cmp.op == "EXISTS") {
      out_.push_back(std::move(cmp));
      return Ok();
    }
    SkipSpace();
    const size_t op_save = i_;
    if (Upper(Ident()) == "NOT") {
      cmp.negated = true;
      SkipSpace();
    } else {
      i_ = op_save;
    }
    if (i_ >= s_.size()) {
      return Fail("missing operator");
    }
    if (s_[i_] == '=' || s_[i_] == '!' || s_[i_] == '<' || s_[i_] == '>') {
      const size_t start = i_++;
      if (i_ < s_.size() && s_[i_] == '=') {
        ++i_;
      }
      cmp.op = std::string(s_.substr(start, i_ - start));
      if (cmp.op == "!") {
        return Fail("bad operator");
      }
    } else {
      cmp.op = Upper(Ident());
      if (cmp.op.empty()) {
        return Fail("missing operator");
      }
    }
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == '(') {
      ++i_;
      while (true) {
        SkipSpace();
        if (i_ >= s_.size()) {
          return Fail("unterminated list");
        }
        if (s_[i_] == ')') {
          ++i_;
          break;
        }
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        auto v = Value();
        if (!v) {
          return v.error();
        }
        cmp.values.push_back(std::move(*v));
      }
    } else {
      auto v = Value();
      if (!v) {
        return v.error();
      }
      cmp.values.push_back(std::move(*v));
    }
    out_.push_back(std::move(cmp));
    return Ok();
  }

  Result<std::string> Value() {
    SkipSpace();
    if (i_ >= s_.size()) {
      return Fail("missing value");
    }
    // Typed literals: t'...', h'...', b'...'.
    if (i_ + 1 < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_])) != 0 &&
        s_[i_ + 1] == '\'') {
      ++i_;
    }
    if (s_[i_] == '\'') {
      return ReadString().r;
    }
    const size_t start = i_;
    while (i_ < s_.size() && !IsSpace(s_[i_]) && s_[i_] != ']' && s_[i_] != ')' && s_[i_] != ',') {
      ++i_;
    }
    if (i_ == start) {
      return Fail("missing value");
    }
    return std::string(s_.substr(start, i_ - start));
  }

  std::string_view s_;
  size_t i_ = 0;
  std::vector<StixComparison> out_;
};

}  // namespace

Result<std::vector<StixComparison>> ParseStixPattern(std::string_view pattern) {
  return Parser(pattern).Run();
}

}  // namespace warroom::sweep
