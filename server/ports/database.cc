#include "server/ports/database.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace warroom::ports {
namespace {

// Doubles print in the shortest form that reads back exactly, the same on both engines
// (PostgreSQL's float8 output does the same since version 12).
std::string FormatDouble(double d) {
  if (std::isnan(d)) {
    return "NaN";
  }
  if (std::isinf(d)) {
    return d > 0 ? "Infinity" : "-Infinity";
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

// Text as SQLite's sqlite3_column_int64 reads it: a leading integer, or a real that is
// truncated ("42.5" -> 42), else 0. PostgreSQL NUMERIC results (SUM) arrive this way.
int64_t ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && ptr == s.data() + s.size()) {
    return v;
  }
  if (s == "t") {
    return 1;  // a PostgreSQL boolean that was not converted
  }
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(d)) {
    return ec == std::errc() ? v : 0;
  }
  if (d >= 9.2233720368547758e18) {
    return INT64_MAX;
  }
  if (d <= -9.2233720368547758e18) {
    return INT64_MIN;
  }
  return static_cast<int64_t>(d);
}

}  // namespace

bool Row::IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return *n;
  }
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) {
      return 0;
    }
    if (*d >= 9.2233720368547758e18) {
      return INT64_MAX;
    }
    if (*d <= -9.2233720368547758e18) {
      return INT64_MIN;
    }
    return static_cast<int64_t>(*d);
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    return ParseInt(*s);
  }
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return std::to_string(*n);
  }
  if (const auto* d = std::get_if<double>(&v)) {
    return FormatDouble(*d);
  }
  return "";
}

double Row::Real(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) {
    return *d;
  }
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return static_cast<double>(*n);
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    return std::strtod(s->c_str(), nullptr);
  }
  return 0.0;
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) {
    return std::nullopt;
  }
  return Int(i);
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) {
    return std::nullopt;
  }
  return Text(i);
}

std::string Row::TakeText(size_t i) {
  if (auto* s = std::get_if<std::string>(&values_.at(i))) return std::move(*s);
  return Text(i);
}

std::optional<std::string> Row::TakeOptText(size_t i) {
  if (IsNull(i)) return std::nullopt;
  return TakeText(i);
}

Result<Row> Tx::QueryOne(std::string_view sql, const Params& params) {
  WR_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) {
    return Error::NotFound("no row");
  }
  return std::move(rows.front());
}

Result<std::vector<Rows>> Tx::QueryBatch(const std::vector<Statement>& batch) {
  if (batch.size() > kMaxBatch) {
    return Error::InvalidArgument("a batch holds at most " + std::to_string(kMaxBatch) +
                                  " statements, " + std::to_string(batch.size()) + " given");
  }
  std::vector<Rows> out;
  out.reserve(batch.size());
  for (const Statement& s : batch) {
    WR_ASSIGN_OR_RETURN(Rows rows, Query(s.sql, s.params));
    out.push_back(std::move(rows));
  }
  return out;
}

Result<std::optional<Row>> Tx::QueryOptional(std::string_view sql, const Params& params) {
  WR_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) {
    return std::optional<Row>();
  }
  return std::optional<Row>(std::move(rows.front()));
}

}  // namespace warroom::ports
