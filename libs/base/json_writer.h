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
  // `capacity`: the expected size of the text, to avoid growing the buffer.
  explicit JsonWriter(std::size_t capacity = 256);

  // Returns the text written so far and leaves the writer empty.
  std::string Take();

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
  // Room for `n` more bytes: returns where to write them; Commit then records how many
  // were written. The buffer grows geometrically, so writes are plain stores.
  char* Room(std::size_t n) {
    if (buf_.size() - len_ < n) Grow(n);
    return buf_.data() + len_;
  }
  void Grow(std::size_t n);
  void Commit(const char* end) { len_ = static_cast<std::size_t>(end - buf_.data()); }
  void Put(char c) {
    *Room(1) = c;
    ++len_;
  }
  void Put(std::string_view s);

  std::string buf_;  // buf_[0, len_) is the text; the rest is room
  std::size_t len_ = 0;
  bool need_comma_ = false;  // a value was written at this level
};

}  // namespace warroom
