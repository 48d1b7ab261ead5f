// JsonInput: strict reading of a JSON request body. Every field is checked for its type
// and bounds; unknown fields are errors, and so is a key repeated in any object (named
// by its JSON pointer, code duplicate_field); all problems are collected so that one 400
// answer names every bad field (as JSON pointers).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::http {

class JsonInput {
 public:
  // Parses `body`; a body that is not a JSON object is an error reported by Finish().
  explicit JsonInput(std::string_view body);

  bool Has(const std::string& key) const;

  // Required fields: an error when absent, null or of another type.
  std::string String(const std::string& key, size_t max_bytes = 200);
  int64_t Int(const std::string& key);
  bool Bool(const std::string& key);

  // Optional fields: std::nullopt when absent (null is an error).
  std::optional<std::string> OptString(const std::string& key, size_t max_bytes = 200);
  std::optional<int64_t> OptInt(const std::string& key);
  std::optional<bool> OptBool(const std::string& key);
  std::optional<std::vector<std::string>> OptStringArray(const std::string& key,
                                                         size_t max_items = 50,
                                                         size_t max_bytes = 100);
  std::optional<std::vector<int64_t>> OptIntArray(const std::string& key, size_t max_items = 50);

  // Nullable fields: absent -> std::nullopt; null -> an empty inner optional.
  std::optional<std::optional<std::string>> NullableString(const std::string& key,
                                                           size_t max_bytes = 200);
  std::optional<std::optional<int64_t>> NullableInt(const std::string& key);

  // RFC 3339 times as ms since the epoch: absent -> std::nullopt; malformed -> a field
  // error "invalid_time". The nullable form gives an empty inner optional for null.
  std::optional<int64_t> OptTime(const std::string& key);
  std::optional<std::optional<int64_t>> NullableTime(const std::string& key);

  // Enumerations: `parse` maps a wire name to a value, std::nullopt when unknown.
  template <typename E, typename Parse>
  std::optional<E> OptEnum(const std::string& key, Parse parse) {
    auto s = OptString(key, 64);
    if (!s) return std::nullopt;
    auto v = parse(*s);
    if (!v) Fail(key, "unknown_value");
    return v;
  }

  void Fail(const std::string& key, const std::string& code);

  // A field of any JSON type, for nested input a capability reads itself (nullptr when
  // absent); the field counts as known.
  const nlohmann::json* Raw(const std::string& key) { return Field(key); }

  // Reports unknown fields and every error found; Ok() when the body was valid.
  Status Finish();

 private:
  const nlohmann::json* Field(const std::string& key);

  nlohmann::json doc_;
  bool parsed_ = false;
  std::optional<std::string> duplicate_;  // the first repeated key, as a JSON pointer
  std::set<std::string> seen_;
  std::vector<FieldError> errors_;
};

}  // namespace warroom::http
