#include "server/core/webhook/webhook.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>

#include "server/core/auth/secrets.h"

namespace warroom::core::webhook {
namespace {

Status UrlError(std::string code, const std::string& message) {
  return Error::Invalid(message, {{"/url", 0, 0, std::move(code), message}});
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(b)) == a;
         });
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

enum class HostClass { kPublic, kLocal, kNever };

HostClass ClassifyV4(const std::array<unsigned char, 4>& a) {
  if (a[0] == 0 || (a[0] == 169 && a[1] == 254) || a[0] >= 224) return HostClass::kNever;
  if (a[0] == 127 || a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
      (a[0] == 192 && a[1] == 168) || (a[0] == 100 && (a[1] & 0xc0) == 64)) {
    return HostClass::kLocal;
  }
  return HostClass::kPublic;
}

HostClass ClassifyV6(const std::array<unsigned char, 16>& a) {
  static constexpr std::array<unsigned char, 16> kUnspecified{};
  std::array<unsigned char, 16> loopback{};
  loopback[15] = 1;
  if (a == kUnspecified) return HostClass::kNever;
  if (a == loopback) return HostClass::kLocal;
  if (a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)) return HostClass::kNever;
  if ((a[0] & 0xfe) == 0xfc) return HostClass::kLocal;
  // An IPv4 address in IPv6 clothes (::ffff:a.b.c.d, ::a.b.c.d) is judged as IPv4.
  const bool mapped =
      std::all_of(a.begin(), a.begin() + 10, [](unsigned char b) { return b == 0; }) &&
      ((a[10] == 0xff && a[11] == 0xff) || (a[10] == 0 && a[11] == 0));
  if (mapped) return ClassifyV4({a[12], a[13], a[14], a[15]});
  return HostClass::kPublic;
}

// Classifies a host (without brackets); kNever also for numeric forms curl would read as
// an address although they are no dotted quad ("2130706433", "127.1", "0x7f.0.0.1").
HostClass ClassifyHost(std::string_view host, bool bracketed) {
  const std::string h(host);
  if (bracketed) {
    std::array<unsigned char, 16> v6{};
    if (inet_pton(AF_INET6, h.c_str(), v6.data()) != 1) return HostClass::kNever;
    return ClassifyV6(v6);
  }
  std::string lower = h;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  if (lower == "localhost" || lower.ends_with(".localhost")) return HostClass::kLocal;
  std::array<unsigned char, 4> v4{};
  if (inet_pton(AF_INET, h.c_str(), v4.data()) == 1) return ClassifyV4(v4);
  // The last label of a real name is never numeric or hexadecimal-looking.
  const size_t dot = lower.rfind('.');
  const std::string_view last =
      std::string_view(lower).substr(dot == std::string::npos ? 0 : dot + 1);
  const bool numeric =
      !last.empty() &&
      (std::all_of(last.begin(), last.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) ||
       last.starts_with("0x"));
  return numeric ? HostClass::kNever : HostClass::kPublic;
}

}  // namespace

std::string_view Name(Outcome o) {
  switch (o) {
    case Outcome::kQueued:
      return "queued";
    case Outcome::kAccepted:
      return "accepted";
    case Outcome::kDeferred:
      return "deferred";
    case Outcome::kRefused:
      return "refused";
  }
  return "refused";
}

Result<Outcome> ParseOutcome(std::string_view text) {
  for (const Outcome o :
       {Outcome::kQueued, Outcome::kAccepted, Outcome::kDeferred, Outcome::kRefused}) {
    if (Name(o) == text) return o;
  }
  return Error::Internal("unknown webhook outcome '" + std::string(text) + "'");
}

bool CanManageEndpoints(const Principal& p, std::optional<int64_t> organisation_id) {
  switch (p.role) {
    case Role::kWarroomAdmin:
      return true;
    case Role::kSpoc:
      return organisation_id.has_value() && *organisation_id == p.organisation_id;
    default:
      return false;
  }
}

Status ValidateUrl(std::string_view url, bool allow_local) {
  if (url.size() > kMaxUrlLength) {
    return UrlError("url_too_long",
                    "the URL is longer than " + std::to_string(kMaxUrlLength) + " characters");
  }
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return UrlError("url_malformed", "the URL has a space, control or non-ASCII character");
    }
  }
  std::string_view rest;
  if (StartsWithNoCase(url, "https://")) {
    rest = url.substr(8);
  } else if (StartsWithNoCase(url, "http://")) {
    if (!allow_local) return UrlError("url_not_https", "the URL must start with https://");
    rest = url.substr(7);
  } else {
    return UrlError("url_not_https", "the URL must start with https://");
  }
  if (rest.find('#') != std::string_view::npos) {
    return UrlError("url_malformed", "the URL must not have a fragment (#)");
  }
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('@') != std::string_view::npos) {
    return UrlError("url_has_credentials",
                    "the URL must not carry a user name or password; the signature "
                    "authenticates the sender");
  }
  std::string_view host = authority;
  std::string_view port;
  bool bracketed = false;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return UrlError("url_malformed", "unclosed [ in the host");
    host = authority.substr(1, close - 1);
    bracketed = true;
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return UrlError("url_malformed", "bad text after the host");
      port = after.substr(1);
    }
  } else if (const size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return UrlError("url_malformed", "the URL has no host");
  if (!bracketed && !std::all_of(host.begin(), host.end(), IsHostChar)) {
    return UrlError("url_malformed", "the host has characters a host name cannot have");
  }
  if (!bracketed &&
      (host.front() == '.' || host.front() == '-' || host.find("..") != std::string_view::npos)) {
    return UrlError("url_malformed", "the host is not a valid name");
  }
  if (authority.find(':') != std::string_view::npos && !bracketed && port.empty()) {
    return UrlError("url_malformed", "the port is empty");
  }
  if (!port.empty()) {
    int n = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
    if (ec != std::errc() || ptr != port.data() + port.size() || n < 1 || n > 65535) {
      return UrlError("url_malformed", "the port must be a number from 1 to 65535");
    }
  }
  switch (ClassifyHost(host, bracketed)) {
    case HostClass::kNever:
      return UrlError("url_host_not_allowed",
                      "the host is an address webhooks never go to (link-local, "
                      "unspecified, multicast or an unusual numeric form)");
    case HostClass::kLocal:
      if (!allow_local) {
        return UrlError("url_host_not_allowed",
                        "the host is a loopback or private address; use a public host");
      }
      break;
    case HostClass::kPublic:
      break;
  }
  return Ok();
}

bool IsAllowedAddress(std::string_view ip, bool allow_local) {
  const bool v6 = ip.find(':') != std::string_view::npos;
  std::array<unsigned char, 4> v4{};
  if (!v6 && inet_pton(AF_INET, std::string(ip).c_str(), v4.data()) != 1) return false;
  const HostClass c = ClassifyHost(ip, v6);
  return c == HostClass::kPublic || (c == HostClass::kLocal && allow_local);
}

std::string Sign(std::string_view secret, int64_t timestamp_s, std::string_view body) {
  std::string message = std::to_string(timestamp_s);
  message += '.';
  message.append(body);
  return "v1=" + auth::HmacSha256Hex(secret, message);
}

bool Verify(std::string_view secret, std::string_view timestamp, std::string_view body,
            std::string_view signature, int64_t now_s) {
  int64_t ts = 0;
  const auto [ptr, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
  if (timestamp.empty() || ec != std::errc() || ptr != timestamp.data() + timestamp.size()) {
    return false;
  }
  if (ts < now_s - kSignatureTolerance || ts > now_s + kSignatureTolerance) return false;
  return auth::ConstantTimeEquals(Sign(secret, ts, body), signature);
}

}  // namespace warroom::core::webhook
