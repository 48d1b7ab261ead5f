#include "server/delivery/webhook/webhook_channel.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

namespace warroom::delivery::webhook {
namespace {

using core::webhook::Outcome;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// The answer's body is not read: a receiver has nothing to tell us but its status.
size_t DiscardBody(char*, size_t size, size_t nitems, void*) { return size * nitems; }

// Refuses, before connecting, an address the URL rules would refuse: a public host name
// may resolve to a private or link-local address.
struct SocketGuard {
  bool allow_local = false;
  bool refused = false;
};

curl_socket_t OpenCheckedSocket(void* clientp, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(clientp);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  char text[INET6_ADDRSTRLEN] = {0};
  const void* raw = nullptr;
  if (address->family == AF_INET) {
    raw = &reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr;
  } else if (address->family == AF_INET6) {
    raw = &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr;
  }
  if (raw == nullptr || inet_ntop(address->family, raw, text, sizeof text) == nullptr ||
      !core::webhook::IsAllowedAddress(text, guard->allow_local)) {
    guard->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

// The endpoint id and the other X-Warroom-* headers of the message.
struct Routing {
  int64_t endpoint_id = 0;
  std::vector<std::string> headers;  // "Name: value"
};

Result<Routing> RoutingOf(const ports::OutboxMessage& message) {
  if (!message.headers_json) return Error::InvalidArgument("webhook message names no endpoint");
  const auto doc = nlohmann::json::parse(*message.headers_json, nullptr, false);
  if (!doc.is_object()) return Error::InvalidArgument("webhook message headers are not JSON");
  Routing r;
  for (const auto& [name, value] : doc.items()) {
    if (!value.is_string()) continue;
    const auto& text = value.get_ref<const std::string&>();
    // Only our own headers travel, and never with a line break in them.
    if (!name.starts_with("X-Warroom-") || text.find_first_of("\r\n") != std::string::npos) {
      continue;
    }
    if (name == storage::kWebhookEndpointHeader) {
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), r.endpoint_id);
      if (ec != std::errc() || ptr != text.data() + text.size()) r.endpoint_id = 0;
    }
    r.headers.push_back(name + ": " + text);
  }
  if (r.endpoint_id <= 0) return Error::InvalidArgument("webhook message names no endpoint");
  return r;
}

int64_t ToMillis(ports::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

Outcome ClassifyHttpStatus(int64_t status) {
  if (status >= 200 && status < 300) return Outcome::kAccepted;
  if (status == 408 || status == 429 || (status >= 500 && status < 600)) return Outcome::kDeferred;
  return Outcome::kRefused;
}

WebhookChannel::WebhookChannel(const ports::Clock& clock, TargetLookup lookup,
                               AttemptRecorder record, ChannelOptions options)
    : clock_(clock), lookup_(std::move(lookup)), record_(std::move(record)), options_(options) {}

Status WebhookChannel::Send(const ports::OutboxMessage& message) {
  WR_ASSIGN_OR_RETURN(Routing routing, RoutingOf(message));
  Attempt attempt;
  attempt.endpoint_id = routing.endpoint_id;
  attempt.outbox_id = message.id;
  attempt.attempt = message.attempts;
  // Records the attempt and returns its status: deferred is kUnavailable (retried),
  // refused any other code (failed for good).
  const auto finish = [&](Outcome outcome, std::optional<int64_t> http_status,
                          std::string error) -> Status {
    attempt.outcome = outcome;
    attempt.http_status = http_status;
    if (!error.empty()) attempt.error = error;
    attempt.at_ms = ToMillis(clock_.Now());
    if (record_) record_(attempt);
    switch (outcome) {
      case Outcome::kAccepted:
        return Ok();
      case Outcome::kDeferred:
        return Error::Unavailable(std::move(error));
      case Outcome::kQueued:
      case Outcome::kRefused:
        break;
    }
    return Error::InvalidArgument(std::move(error));
  };

  auto target = lookup_(routing.endpoint_id);
  if (!target) {
    if (target.error().code == ErrorCode::kUnavailable) return target.error();
    return finish(Outcome::kRefused, std::nullopt, "the endpoint was deleted or switched off");
  }
  if (auto valid = core::webhook::ValidateUrl(target->url, options_.allow_local); !valid) {
    return finish(Outcome::kRefused, std::nullopt,
                  "the endpoint's URL is not allowed: " + valid.error().message);
  }

  GlobalInitOnce();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Error::Unavailable("webhook: cannot create a curl handle");
  CURL* c = curl.get();
  const int64_t timestamp =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  std::vector<std::string> lines = {
      "Content-Type: application/json",
      "User-Agent: warroom-webhook/1",
      "Expect:",  // send the body at once rather than waiting for 100-continue
      "X-Warroom-Delivery: " + std::to_string(message.id),
      "X-Warroom-Timestamp: " + std::to_string(timestamp),
      "X-Warroom-Signature: " + core::webhook::Sign(target->secret, timestamp, message.body_text)};
  for (auto& h : routing.headers) lines.push_back(std::move(h));
  curl_slist* list = nullptr;
  for (const auto& line : lines) list = curl_slist_append(list, line.c_str());
  std::unique_ptr<curl_slist, SlistDeleter> headers(list);
  SocketGuard guard{options_.allow_local, false};
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(c, CURLOPT_URL, target->url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, options_.allow_local ? "http,https" : "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, message.body_text.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(message.body_text.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &DiscardBody);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &OpenCheckedSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
  curl_easy_setopt(
      c, CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(options_.connect_timeout.count()));  // NOLINT(google-runtime-int)
  curl_easy_setopt(
      c, CURLOPT_TIMEOUT_MS,
      static_cast<long>(options_.total_timeout.count()));  // NOLINT(google-runtime-int)

  const CURLcode rc = curl_easy_perform(c);
  if (guard.refused) {
    return finish(Outcome::kRefused, std::nullopt,
                  "the endpoint's host resolves to an address webhooks may not reach");
  }
  if (rc != CURLE_OK) {
    std::string detail = curl_easy_strerror(rc);
    if (error_buffer[0] != '\0') detail += std::string(" (") + error_buffer + ")";
    return finish(Outcome::kDeferred, std::nullopt, "webhook: " + detail);
  }
  long status = 0;  // NOLINT(google-runtime-int): libcurl's type
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  const Outcome outcome = ClassifyHttpStatus(status);
  std::string error;
  if (outcome == Outcome::kDeferred) {
    error = "webhook: the receiver answered " + std::to_string(status) + "; retrying";
  } else if (outcome == Outcome::kRefused) {
    error = status >= 300 && status < 400
                ? "webhook: the receiver answered a redirect (" + std::to_string(status) +
                      "), which is not followed; set the final URL"
                : "webhook: the receiver refused the delivery with " + std::to_string(status);
  }
  return finish(outcome, status, error);
}

}  // namespace warroom::delivery::webhook
