// Writes JSON text straight into a string, for responses built on every request (a page
// of organisations) where a nlohmann::json tree costs a std::map and a dozen allocations
// per object. Strings are escaped as nlohmann::json::dump() escapes them (ensure_ascii
// off); invalid UTF-8 becomes U+FFFD, so the output is always valid JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warroom {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Inside an object: the next member's name; the value follows.
  JsonWriter& Key(std::string_view name);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Copies `json`, which must be one complete JSON value, as it is.
  JsonWriter& Raw(std::string_view json);

  // A member: Key(name) followed by its value; std::nullopt writes null.
  JsonWriter& Field(std::string_view name, std::string_view value) {
    return Key(name).String(value);
  }
  JsonWriter& Field(std::string_view name, const char* value) { return Key(name).String(value); }
  JsonWriter& Field(std::string_view name, const std::string& value) {
    return Key(name).String(value);
  }
  JsonWriter& Field(std::string_view name, int64_t value) { return Key(name).Int(value); }
  JsonWriter& Field(std::string_view name, int value) { return Key(name).Int(value); }
  JsonWriter& Field(std::string_view name, bool value) { return Key(name).Bool(value); }
  JsonWriter& Field(std::string_view name, std::nullptr_t) { return Key(name).Null(); }
  JsonWriter& Field(std::string_view name, const std::optional<std::string>& value) {
    return value ? Key(name).String(*value) : Key(name).Null();
  }
  JsonWriter& Field(std::string_view name, const std::optional<int64_t>& value) {
    return value ? Key(name).Int(*value) : Key(name).Null();
  }

 private:
  void Separate();
  void Escaped(std::string_view text);

  std::string& out_;
  bool need_comma_ = false;  // a value was written at this level
};

}  // namespace warroom
