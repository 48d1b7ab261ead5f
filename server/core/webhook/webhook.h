// Webhook rules without I/O: which URLs an endpoint may have, and the signature a
// receiver checks. A webhook is a JSON POST carrying
//   X-Warroom-Timestamp: <unix seconds at send time>
//   X-Warroom-Signature: v1=<lower-case hex HMAC-SHA256(secret, timestamp + "." + body)>
// so that a receiver holding the endpoint's secret can prove the sender and refuse a
// replay (an old timestamp) or an altered body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libs/base/result.h"
#include "server/core/access/access.h"

namespace warroom::core::webhook {

// Longest URL an endpoint may have.
inline constexpr size_t kMaxUrlLength = 2048;
// Longest description of an endpoint.
inline constexpr size_t kMaxDescriptionLength = 200;
// How old a timestamp a receiver should still accept (and how far ahead), in seconds.
inline constexpr int64_t kSignatureTolerance = 300;

// What became of one delivery attempt (webhook_attempts.outcome).
enum class Outcome {
  kQueued,    // written to the outbox (attempt 0)
  kAccepted,  // the receiver answered 2xx
  kDeferred,  // 408, 429, 5xx or a network failure: retried with the outbox backoff
  kRefused,   // any other answer, or the endpoint is gone or switched off: not retried
};
std::string_view Name(Outcome o);
// kInternal for a stored value that names no outcome.
Result<Outcome> ParseOutcome(std::string_view text);

// Whether `p` manages the endpoints of `organisation_id` (nullopt: the war room's own):
// the war room admin every endpoint, a SPOC her own organisation's. The role table
// (Resource::kWebhook) already keeps everyone else out.
bool CanManageEndpoints(const Principal& p, std::optional<int64_t> organisation_id);

// Checks `url` as an endpoint address. Accepted: https://host[:port][/path][?query]
// (http:// too when `allow_local`), ASCII only, no user name or password, no fragment,
// at most kMaxUrlLength. Refused always: IP literals that are unspecified, link-local
// (169.254.0.0/16 holds cloud metadata services), multicast or reserved, and numeric host
// forms other than a dotted quad. Refused unless `allow_local` (tests and the demo):
// loopback, private and shared address literals and "localhost". Host names are not
// resolved here. Fails with kInvalidArgument carrying one FieldError on "/url" whose code
// is url_malformed, url_not_https, url_has_credentials, url_too_long or
// url_host_not_allowed.
Status ValidateUrl(std::string_view url, bool allow_local);

// Whether a connection to the address `ip` (an IPv4 or IPv6 literal, as the resolver
// returned it) is allowed, by the address rules of ValidateUrl: the sender checks every
// address a host name resolves to, so that a public name pointing inside is refused too.
bool IsAllowedAddress(std::string_view ip, bool allow_local);

// Returns "v1=" + lower-case hex HMAC-SHA256 under `secret` of
// decimal(timestamp_s) + "." + body.
std::string Sign(std::string_view secret, int64_t timestamp_s, std::string_view body);

// The receiver's check: `signature` (the X-Warroom-Signature value) is Sign(secret,
// timestamp, body), compared in constant time, and the timestamp (the
// X-Warroom-Timestamp value, decimal seconds) is within kSignatureTolerance of `now_s`.
// Returns false for a malformed header, a stale or future timestamp or a wrong signature.
bool Verify(std::string_view secret, std::string_view timestamp, std::string_view body,
            std::string_view signature, int64_t now_s);

// Where and with which secret an endpoint is reached now.
struct Target {
  std::string url;
  std::string secret;
};

// One delivery attempt's outcome, as the webhook channel reports it.
struct Attempt {
  int64_t endpoint_id = 0;
  int64_t outbox_id = 0;
  int64_t attempt = 0;
  Outcome outcome = Outcome::kRefused;
  std::optional<int64_t> http_status;
  std::optional<std::string> error;
  int64_t at_ms = 0;
};

}  // namespace warroom::core::webhook
