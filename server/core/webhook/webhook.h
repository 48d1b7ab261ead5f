// Webhook rules without I/O: which URLs an endpoint may have, and the signature a
// receiver checks. A webhook is a JSON POST carrying
//   X-Warroom-Timestamp: <unix seconds at send time>
//   X-Warroom-Signature: v1=<lower-case hex HMAC-SHA256(secret, timestamp + "." + body)>
// so that a receiver holding the endpoint's secret can prove the sender and refuse a
// replay (an old timestamp) or an altered body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "libs/base/result.h"

namespace warroom::core::webhook {

// Longest URL an endpoint may have.
inline constexpr size_t kMaxUrlLength = 2048;
// Longest description of an endpoint.
inline constexpr size_t kMaxDescriptionLength = 200;
// How old a timestamp a receiver should still accept (and how far ahead), in seconds.
inline constexpr int64_t kSignatureTolerance = 300;

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

// Returns "v1=" + lower-case hex HMAC-SHA256 under `secret` of
// decimal(timestamp_s) + "." + body.
std::string Sign(std::string_view secret, int64_t timestamp_s, std::string_view body);

// The receiver's check: `signature` (the X-Warroom-Signature value) is Sign(secret,
// timestamp, body), compared in constant time, and the timestamp (the
// X-Warroom-Timestamp value, decimal seconds) is within kSignatureTolerance of `now_s`.
// Returns false for a malformed header, a stale or future timestamp or a wrong signature.
bool Verify(std::string_view secret, std::string_view timestamp, std::string_view body,
            std::string_view signature, int64_t now_s);

}  // namespace warroom::core::webhook
