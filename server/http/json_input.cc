#include "server/http/json_input.h"

#include "server/core/directory/validate.h"

namespace warroom::http {

JsonInput::JsonInput(std::string_view body) {
  doc_ = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  parsed_ = !doc_.is_discarded() && doc_.is_object();
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

Status JsonInput::Finish() {
  if (!parsed_) {
    return Error::Invalid("the body must be a JSON object",
                          {{"", 0, 0, "malformed_json", "the body must be a JSON object"}});
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
