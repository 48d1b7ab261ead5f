#include "server/http/json_input.h"

#include "libs/base/rfc3339.h"
#include "server/core/directory/validate.h"

namespace warroom::http {
namespace {

// Finds the first key that an object repeats, at any depth. nlohmann::json keeps the
// last value of a repeated key, while other parsers (a proxy, an audit tool) may keep
// the first: a body that means different things to different readers is refused.
class DuplicateKeyFinder : public nlohmann::json_sax<nlohmann::json> {
 public:
  // The JSON pointer of the first repeated key; std::nullopt when there is none.
  const std::optional<std::string>& duplicate() const { return duplicate_; }

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override {
    frames_.push_back({true, {}, {}, 0});
    return true;
  }
  bool key(string_t& key) override {
    Frame& f = frames_.back();
    f.key = key;
    if (!f.keys.insert(key).second) {
      duplicate_ = Pointer();
      return false;  // stops the parse: one answer is enough
    }
    return true;
  }
  bool end_object() override {
    frames_.pop_back();
    return Value();
  }
  bool start_array(std::size_t) override {
    frames_.push_back({false, {}, {}, 0});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    return Value();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool object = false;
    std::set<std::string> keys;  // objects: the keys seen so far
    std::string key;             // objects: the current key
    size_t index = 0;            // arrays: the current index
  };

  // A value ended: in an array, the next one has the next index.
  bool Value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }

  // RFC 6901: "~" and "/" in a key are escaped as "~0" and "~1".
  std::string Pointer() const {
    std::string out;
    for (const Frame& f : frames_) {
      out += '/';
      if (!f.object) {
        out += std::to_string(f.index);
        continue;
      }
      for (char c : f.key) {
        if (c == '~') {
          out += "~0";
        } else if (c == '/') {
          out += "~1";
        } else {
          out += c;
        }
      }
    }
    return out;
  }

  std::vector<Frame> frames_;
  std::optional<std::string> duplicate_;
};

}  // namespace

JsonInput::JsonInput(std::string_view body) {
  doc_ = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  parsed_ = !doc_.is_discarded() && doc_.is_object();
  if (parsed_) {
    DuplicateKeyFinder finder;
    (void)nlohmann::json::sax_parse(body, &finder);
    duplicate_ = finder.duplicate();
  }
}

bool JsonInput::Has(const std::string& key) const { return parsed_ && doc_.contains(key); }

void JsonInput::Fail(const std::string& key, const std::string& code) {
  errors_.push_back({"/" + key, 0, 0, code, code});
}

const nlohmann::json* JsonInput::Field(const std::string& key) {
  seen_.insert(key);
  if (!parsed_) return nullptr;
  auto it = doc_.find(key);
  return it == doc_.end() ? nullptr : &*it;
}

std::optional<std::string> JsonInput::OptString(const std::string& key, size_t max_bytes) {
  const nlohmann::json* v = Field(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "must_be_string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    Fail(key, "too_long");
    return std::nullopt;
  }
  if (!core::IsCleanText(s)) {
    Fail(key, "invalid_text");
    return std::nullopt;
  }
  return s;
}

std::string JsonInput::String(const std::string& key, size_t max_bytes) {
  if (parsed_ && !doc_.contains(key)) {
    Field(key);
    Fail(key, "required");
    return {};
  }
  return OptString(key, max_bytes).value_or("");
}

std::optional<int64_t> JsonInput::OptInt(const std::string& key) {
  const nlohmann::json* v = Field(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(key, "must_be_integer");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

int64_t JsonInput::Int(const std::string& key) {
  if (parsed_ && !doc_.contains(key)) {
    Field(key);
    Fail(key, "required");
    return 0;
  }
  return OptInt(key).value_or(0);
}

std::optional<bool> JsonInput::OptBool(const std::string& key) {
  const nlohmann::json* v = Field(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(key, "must_be_boolean");
    return std::nullopt;
  }
  return v->get<bool>();
}

bool JsonInput::Bool(const std::string& key) {
  if (parsed_ && !doc_.contains(key)) {
    Field(key);
    Fail(key, "required");
    return false;
  }
  return OptBool(key).value_or(false);
}

std::optional<std::vector<std::string>> JsonInput::OptStringArray(const std::string& key,
                                                                  size_t max_items,
                                                                  size_t max_bytes) {
  const nlohmann::json* v = Field(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    Fail(key, "must_be_array");
    return std::nullopt;
  }
  if (v->size() > max_items) {
    Fail(key, "too_many_items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().size() > max_bytes ||
        !core::IsCleanText(item.get_ref<const std::string&>())) {
      Fail(key + "/" + std::to_string(i), "must_be_string");
      continue;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::vector<int64_t>> JsonInput::OptIntArray(const std::string& key,
                                                           size_t max_items) {
  const nlohmann::json* v = Field(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    Fail(key, "must_be_array");
    return std::nullopt;
  }
  if (v->size() > max_items) {
    Fail(key, "too_many_items");
    return std::nullopt;
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_number_integer()) {
      Fail(key + "/" + std::to_string(i), "must_be_integer");
      continue;
    }
    out.push_back((*v)[i].get<int64_t>());
  }
  return out;
}

std::optional<std::optional<std::string>> JsonInput::NullableString(const std::string& key,
                                                                    size_t max_bytes) {
  const nlohmann::json* v = Field(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  auto s = OptString(key, max_bytes);
  if (!s) return std::nullopt;
  return std::optional<std::string>(*s);
}

std::optional<std::optional<int64_t>> JsonInput::NullableInt(const std::string& key) {
  const nlohmann::json* v = Field(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>();
  auto i = OptInt(key);
  if (!i) return std::nullopt;
  return std::optional<int64_t>(*i);
}

std::optional<int64_t> JsonInput::OptTime(const std::string& key) {
  auto s = OptString(key, 64);
  if (!s) return std::nullopt;
  auto ms = ParseRfc3339(*s);
  if (!ms) Fail(key, "invalid_time");
  return ms;
}

std::optional<std::optional<int64_t>> JsonInput::NullableTime(const std::string& key) {
  auto s = NullableString(key, 64);
  if (!s) return std::nullopt;
  if (!*s) return std::optional<int64_t>{};
  auto ms = ParseRfc3339(**s);
  if (!ms) {
    Fail(key, "invalid_time");
    return std::nullopt;
  }
  return std::optional<int64_t>{*ms};
}

Status JsonInput::Finish() {
  if (!parsed_) {
    return Error::Invalid("the body must be a JSON object",
                          {{"", 0, 0, "malformed_json", "the body must be a JSON object"}});
  }
  if (duplicate_) {
    errors_.push_back({*duplicate_, 0, 0, "duplicate_field", "duplicate_field"});
  }
  for (auto it = doc_.begin(); it != doc_.end(); ++it) {
    if (!seen_.contains(it.key())) {
      errors_.push_back({"/" + it.key(), 0, 0, "unknown_field", "unknown_field"});
    }
  }
  if (!errors_.empty()) return Error::Invalid("the request has invalid fields", errors_);
  return Ok();
}

}  // namespace warroom::http
