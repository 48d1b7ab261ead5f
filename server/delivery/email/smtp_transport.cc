#include "server/delivery/email/smtp_transport.h"

#include <curl/curl.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>

#include "server/delivery/email/mime.h"

namespace warroom::delivery::email {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

Result<std::string> PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || HexValue(s[i + 1]) < 0 || HexValue(s[i + 2]) < 0) {
      return Error::InvalidArgument("bad percent-encoding in SMTP URL");
    }
    out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
    i += 2;
  }
  return out;
}

Result<int64_t> ParseMillis(std::string_view key, std::string_view value) {
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr != value.data() + value.size() || v <= 0) {
    return Error::InvalidArgument("SMTP URL: " + std::string(key) + " must be a positive number");
  }
  return v;
}

// Feeds the message to curl in chunks.
struct Payload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadPayload(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* payload = static_cast<Payload*>(userdata);
  const size_t room = size * nitems;
  const size_t n = std::min(room, payload->data.size() - payload->offset);
  std::memcpy(buffer, payload->data.data() + payload->offset, n);
  payload->offset += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

Result<SmtpConfig> ParseSmtpUrl(std::string_view url) {
  SmtpConfig config;
  std::string_view rest;
  bool implicit_tls = false;
  if (url.starts_with("smtp://")) {
    rest = url.substr(7);
  } else if (url.starts_with("smtps://")) {
    rest = url.substr(8);
    implicit_tls = true;
  } else {
    return Error::InvalidArgument("SMTP URL must start with smtp:// or smtps://");
  }
  std::string_view query;
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  if (rest.find('/') != std::string_view::npos) {
    return Error::InvalidArgument("SMTP URL must not have a path");
  }
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const size_t colon = userinfo.find(':');
    WR_ASSIGN_OR_RETURN(config.username, PercentDecode(userinfo.substr(0, colon)));
    if (colon != std::string_view::npos) {
      WR_ASSIGN_OR_RETURN(config.password, PercentDecode(userinfo.substr(colon + 1)));
    }
  }
  std::string_view host = rest;
  std::string_view port = implicit_tls ? "465" : "25";
  // Bracketed IPv6 literal: [::1]:25.
  const size_t close = rest.find(']');
  const size_t colon = rest.find(':', close == std::string_view::npos ? 0 : close);
  if (colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty()) {
    return Error::InvalidArgument("SMTP URL has no host");
  }
  int port_number = 0;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), port_number);
  if (ec != std::errc() || ptr != port.data() + port.size() || port_number <= 0 ||
      port_number > 65535) {
    return Error::InvalidArgument("SMTP URL has a bad port");
  }
  config.url = std::string(implicit_tls ? "smtps://" : "smtp://") + std::string(host) + ":" +
               std::string(port);
  config.starttls = implicit_tls ? StartTls::kRequired : StartTls::kOptional;

  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    WR_ASSIGN_OR_RETURN(
        std::string value,
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1)));
    if (key == "starttls") {
      if (implicit_tls) {
        if (value != "required") {
          return Error::InvalidArgument("SMTP URL: smtps:// is always encrypted");
        }
      } else if (value == "off") {
        config.starttls = StartTls::kOff;
      } else if (value == "optional") {
        config.starttls = StartTls::kOptional;
      } else if (value == "required") {
        config.starttls = StartTls::kRequired;
      } else {
        return Error::InvalidArgument("SMTP URL: starttls must be off, optional or required");
      }
    } else if (key == "from") {
      if (!IsValidMailAddress(value)) {
        return Error::InvalidArgument("SMTP URL: from is not a valid address");
      }
      config.from = value;
    } else if (key == "verify") {
      if (value != "0" && value != "1") {
        return Error::InvalidArgument("SMTP URL: verify must be 0 or 1");
      }
      config.verify_peer = value == "1";
    } else if (key == "connect_timeout_ms") {
      WR_ASSIGN_OR_RETURN(const int64_t ms, ParseMillis(key, value));
      config.connect_timeout = std::chrono::milliseconds(ms);
    } else if (key == "timeout_ms") {
      WR_ASSIGN_OR_RETURN(const int64_t ms, ParseMillis(key, value));
      config.total_timeout = std::chrono::milliseconds(ms);
    } else {
      return Error::InvalidArgument("SMTP URL: unknown parameter " + std::string(key));
    }
  }
  return config;
}

Error ClassifySmtpFailure(int curl_code, long smtp_code, std::string_view detail) {
  std::string message = "SMTP: ";
  message += curl_easy_strerror(static_cast<CURLcode>(curl_code));
  if (smtp_code > 0) {
    message += " (reply " + std::to_string(smtp_code) + ")";
  }
  if (!detail.empty()) {
    message += ": ";
    message += detail;
  }
  // A refused login (535) or a TLS failure is the operator's to fix: keep retrying.
  if (curl_code == CURLE_LOGIN_DENIED || curl_code == CURLE_USE_SSL_FAILED) {
    return Error::Unavailable(std::move(message));
  }
  if (smtp_code >= 500 && smtp_code < 600) {
    return Error::InvalidArgument(std::move(message));
  }
  return Error::Unavailable(std::move(message));
}

SmtpTransport::SmtpTransport(SmtpConfig config, const ports::Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  GlobalInitOnce();
}

Status SmtpTransport::Send(const ports::MailMessage& message) {
  WR_ASSIGN_OR_RETURN(const std::string data, BuildMimeMessage(message, clock_.Now()));

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    return Error::Unavailable("SMTP: cannot create a curl handle");
  }
  CURL* c = curl.get();
  const std::string from = "<" + message.from + ">";
  std::unique_ptr<curl_slist, SlistDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + message.to + ">").c_str()));
  Payload payload{data, 0};
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(c, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadPayload);
  curl_easy_setopt(c, CURLOPT_READDATA, &payload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.total_timeout.count()));
  switch (config_.starttls) {
    case StartTls::kOff:
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_NONE));
      break;
    case StartTls::kOptional:
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
      break;
    case StartTls::kRequired:
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
      break;
  }
  if (!config_.verify_peer) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!config_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }

  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    return Ok();
  }
  long smtp_code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &smtp_code);
  return Unexpected(ClassifySmtpFailure(rc, smtp_code, error_buffer));
}

}  // namespace warroom::delivery::email
