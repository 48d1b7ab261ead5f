// Result<T>: a value or an Error, shaped like std::expected<T, Error> so that the
// move to C++23 is a rename. Fallible functions return it instead of throwing.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace warroom {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kConflict,
  kPermissionDenied,
  kUnauthenticated,
  kPreconditionFailed,
  kTooManyRequests,
  kGone,
  kUnavailable,
  kInternal,
};

// Returns a stable lower-case name for a code, used in logs and problem types.
const char* ErrorCodeName(ErrorCode code);

// One bad field of a request, or one bad cell of an imported file.
struct FieldError {
  std::string field;  // JSON pointer ("/name_nl") or CSV column name
  int line = 0;       // CSV line, 1-based; 0 when not from a file
  int column = 0;     // CSV column, 1-based; 0 when not from a file
  std::string code;   // stable machine code ("required", "invalid_email", ...)
  std::string message;
};

struct Error {
  Error() = default;
  Error(ErrorCode c, std::string m, std::vector<FieldError> f = {})
      : code(c), message(std::move(m)), fields(std::move(f)) {}

  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;  // with kInvalidArgument: every bad field found
  int64_t retry_after_s = 0;       // with kTooManyRequests: seconds before a retry may succeed
  // With kConflict from a unique violation in storage: the columns that collided,
  // comma-separated ("nis_code", "organisation_id,service"), so that a caller can name the
  // field without reading the message.
  std::string conflict_on;

  static Error InvalidArgument(std::string m) {
    return {ErrorCode::kInvalidArgument, std::move(m)};
  }
  static Error Invalid(std::string m, std::vector<FieldError> fields) {
    return {ErrorCode::kInvalidArgument, std::move(m), std::move(fields)};
  }
  static Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Error Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
  static Error PermissionDenied(std::string m) {
    return {ErrorCode::kPermissionDenied, std::move(m)};
  }
  static Error Unauthenticated(std::string m) {
    return {ErrorCode::kUnauthenticated, std::move(m)};
  }
  static Error PreconditionFailed(std::string m) {
    return {ErrorCode::kPreconditionFailed, std::move(m)};
  }
  static Error TooManyRequests(std::string m) {
    return {ErrorCode::kTooManyRequests, std::move(m)};
  }
  static Error Gone(std::string m) { return {ErrorCode::kGone, std::move(m)}; }
  static Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }
  static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
};

// Wraps an Error so that `return Unexpected(err);` reads like std::unexpected.
struct Unexpected {
  explicit Unexpected(Error e) : error(std::move(e)) {}
  Error error;
};

// The member names are std::expected's (has_value, value, value_or, error), so that
// Result can become std::expected once the compilers we build with have it.
// NOLINTBEGIN(readability-identifier-naming)
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}     // NOLINT
  Result(Unexpected u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    assert(!has_value());
    return std::get<1>(v_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}     // NOLINT
  Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};
// NOLINTEND(readability-identifier-naming)

using Status = Result<void>;

inline Status Ok() { return {}; }

// Drops the value of a Result, keeping only success or its error.
template <typename T>
Status StatusOf(const Result<T>& r) {
  if (!r) {
    return r.error();
  }
  return Ok();
}

}  // namespace warroom

// Propagates an error from an expression returning Result<...>.
#define WR_RETURN_IF_ERROR(expr)                                       \
  do {                                                                 \
    auto&& wr_status_ = (expr);                                        \
    if (!wr_status_) return ::warroom::Unexpected(wr_status_.error()); \
  } while (0)

#define WR_CONCAT_INNER(a, b) a##b
#define WR_CONCAT(a, b) WR_CONCAT_INNER(a, b)
// Declares `lhs` from the value of a Result, or returns its error.
#define WR_ASSIGN_OR_RETURN(lhs, expr) \
  WR_ASSIGN_OR_RETURN_IMPL(WR_CONCAT(wr_result_, __LINE__), lhs, expr)
// `lhs` is a declaration and `tmp` a name, neither of which may be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define WR_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)       \
  auto tmp = (expr);                                   \
  if (!tmp) return ::warroom::Unexpected(tmp.error()); \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
