#include "libs/base/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "libs/base/json_escape.h"

namespace warroom {

JsonWriter::JsonWriter(std::size_t capacity) : buf_(capacity, '\0') {}

std::string JsonWriter::Take() {
  buf_.resize(len_);
  std::string out = std::move(buf_);
  buf_.clear();
  len_ = 0;
  need_comma_ = false;
  return out;
}

void JsonWriter::Grow(std::size_t n) { buf_.resize(std::max(buf_.size() * 2, len_ + n + 256)); }

void JsonWriter::Put(std::string_view s) {
  char* p = Room(s.size());
  std::memcpy(p, s.data(), s.size());
  len_ += s.size();
}

void JsonWriter::Separate() {
  if (need_comma_) Put(',');
  need_comma_ = true;
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  Put('{');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  Put('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  Put('[');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  Put(']');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  Separate();
  Escaped(name);
  Put(':');
  need_comma_ = false;  // the value follows without a comma
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  Escaped(value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  char* p = Room(20);  // "-9223372036854775808"
  Commit(std::to_chars(p, p + 20, value).ptr);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  Put(value ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  Put(std::string_view("null"));
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  Put(json);
  return *this;
}

void JsonWriter::Escaped(std::string_view text) {
  Commit(WriteJsonString(Room(JsonStringMaxSize(text.size())), text));
}

}  // namespace warroom
