#include "server/app/config.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server/core/auth/client_address.h"

namespace warroom::app {

std::string Config::EffectiveDatabaseUrl() const {
  if (!database_url.empty()) return database_url;
  return "sqlite://" + std::filesystem::absolute(std::filesystem::path(data_dir) / "warroom.db")
                           .lexically_normal()
                           .string();
}

std::string Config::EffectivePublicUrl() const {
  if (!public_url.empty()) {
    std::string u = public_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u;
  }
  return "http://" + listen;
}

Status ApplyConfigFile(Config& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::InvalidArgument("cannot read config file " + path);
  auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error::InvalidArgument("config file " + path + " is not a JSON object");
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    auto text = [&](std::string& target) -> Status {
      if (!v.is_string()) return Error::InvalidArgument(key + " must be a string in " + path);
      target = v.get<std::string>();
      return Ok();
    };
    Status s = Ok();
    if (key == "listen") {
      s = text(config.listen);
    } else if (key == "data_dir") {
      s = text(config.data_dir);
    } else if (key == "database_url") {
      s = text(config.database_url);
    } else if (key == "smtp_url") {
      s = text(config.smtp_url);
    } else if (key == "mail_from") {
      s = text(config.mail_from);
    } else if (key == "public_url") {
      s = text(config.public_url);
    } else if (key == "reference_data") {
      s = text(config.reference_data);
    } else if (key == "web_root") {
      s = text(config.web_root);
    } else if (key == "insecure_cookies") {
      if (!v.is_boolean()) return Error::InvalidArgument(key + " must be true or false");
      config.insecure_cookies = v.get<bool>();
    } else if (key == "allow_http_webhooks") {
      if (!v.is_boolean()) return Error::InvalidArgument(key + " must be true or false");
      config.allow_http_webhooks = v.get<bool>();
    } else if (key == "worker_threads") {
      if (!v.is_number_unsigned() || v.get<size_t>() == 0 || v.get<size_t>() > 256) {
        return Error::InvalidArgument(key + " must be 1..256");
      }
      config.worker_threads = v.get<size_t>();
    } else if (key == "header_timeout_ms") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() < 100 || v.get<uint64_t>() > 600'000) {
        return Error::InvalidArgument(key + " must be 100..600000");
      }
      config.header_timeout_ms = v.get<int64_t>();
    } else if (key == "event_poll_ms") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() < 10 || v.get<uint64_t>() > 10'000) {
        return Error::InvalidArgument(key + " must be 10..10000");
      }
      config.event_poll_ms = v.get<int64_t>();
    } else if (key == "attachment_max_bytes") {
      if (!v.is_number_integer()) return Error::InvalidArgument(key + " must be a whole number");
      config.attachment_max_bytes = v.get<int64_t>();
    } else if (key == "attachment_max_count") {
      if (!v.is_number_integer()) return Error::InvalidArgument(key + " must be a whole number");
      config.attachment_max_count = v.get<int>();
    } else if (key == "max_connections_per_address") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() > 1'000'000) {
        return Error::InvalidArgument(key + " must be 0..1000000 (0: no cap)");
      }
      config.max_connections_per_address = v.get<size_t>();
    } else if (key == "trusted_proxies") {
      if (!v.is_array()) return Error::InvalidArgument(key + " must be an array of strings");
      config.trusted_proxies.clear();
      for (const auto& item : v) {
        if (!item.is_string()) return Error::InvalidArgument(key + " must be an array of strings");
        config.trusted_proxies.push_back(item.get<std::string>());
      }
    } else if (key == "session_idle_minutes") {
      if (!v.is_number_integer()) return Error::InvalidArgument(key + " must be a whole number");
      config.session_idle_minutes = v.get<int>();
    } else if (key == "session_lifetime_hours") {
      if (!v.is_number_integer()) return Error::InvalidArgument(key + " must be a whole number");
      config.session_lifetime_hours = v.get<int>();
    } else {
      return Error::InvalidArgument("unknown key '" + key + "' in " + path);
    }
    WR_RETURN_IF_ERROR(s);
  }
  return Ok();
}

Status ApplyEnvironment(Config& config) {
  auto env = [](const char* name, std::string& target) {
    if (const char* v = std::getenv(name); v && *v) target = v;
  };
  env("WARROOM_LISTEN", config.listen);
  env("WARROOM_DATA_DIR", config.data_dir);
  env("WARROOM_DATABASE_URL", config.database_url);
  env("WARROOM_SMTP_URL", config.smtp_url);
  env("WARROOM_MAIL_FROM", config.mail_from);
  env("WARROOM_PUBLIC_URL", config.public_url);
  env("WARROOM_REFERENCE_DATA", config.reference_data);
  env("WARROOM_WEB_ROOT", config.web_root);
  auto number = [](const char* name, int& target) -> Status {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == 0) return Ok();
    const std::string_view text(v);
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      return Error::InvalidArgument(std::string(name) + " must be a whole number");
    }
    target = value;
    return Ok();
  };
  if (const char* v = std::getenv("WARROOM_TRUSTED_PROXIES"); v && *v) {
    config.trusted_proxies.clear();
    std::string_view rest(v);
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string item(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (item.find_first_not_of(' ') != std::string::npos) config.trusted_proxies.push_back(item);
    }
  }
  WR_RETURN_IF_ERROR(number("WARROOM_SESSION_IDLE_MINUTES", config.session_idle_minutes));
  return number("WARROOM_SESSION_LIFETIME_HOURS", config.session_lifetime_hours);
}

Result<std::pair<std::string, uint16_t>> SplitListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= listen.size()) {
    return Error::InvalidArgument("listen must be HOST:PORT, not '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  for (size_t i = colon + 1; i < listen.size(); ++i) {
    if (listen[i] < '0' || listen[i] > '9' || port > 65535) {
      return Error::InvalidArgument("bad port in listen '" + listen + "'");
    }
    port = port * 10 + (listen[i] - '0');
  }
  if (port > 65535) return Error::InvalidArgument("bad port in listen '" + listen + "'");
  return std::make_pair(host, static_cast<uint16_t>(port));
}

Status Validate(const Config& config) {
  WR_ASSIGN_OR_RETURN(auto hp, SplitListen(config.listen));
  if (config.insecure_cookies && hp.first != "127.0.0.1" && hp.first != "::1" &&
      hp.first != "localhost") {
    return Error::InvalidArgument(
        "insecure cookies are only allowed when listening on a loopback address");
  }
  if (auto proxies = core::auth::ParseAddressRanges(config.trusted_proxies); !proxies) {
    return Error::InvalidArgument("trusted_proxies: " + proxies.error().message);
  }
  if (config.session_idle_minutes < 1 || config.session_idle_minutes > 1440) {
    return Error::InvalidArgument("session_idle_minutes must be 1..1440");
  }
  if (config.session_lifetime_hours < 1 || config.session_lifetime_hours > 168) {
    return Error::InvalidArgument("session_lifetime_hours must be 1..168");
  }
  if (int64_t{config.session_idle_minutes} > int64_t{config.session_lifetime_hours} * 60) {
    return Error::InvalidArgument("session_idle_minutes must not exceed the session lifetime");
  }
  if (config.attachment_max_bytes < 1 || config.attachment_max_bytes > int64_t{8} * 1024 * 1024) {
    return Error::InvalidArgument("attachment_max_bytes must be 1..8388608");
  }
  if (config.attachment_max_count < 1 || config.attachment_max_count > 50) {
    return Error::InvalidArgument("attachment_max_count must be 1..50");
  }
  return Ok();
}

}  // namespace warroom::app
