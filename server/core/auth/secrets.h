// Secrets: random tokens, their at-rest hashes, recovery codes, signed-link HMACs and the
// API-token format. Tokens are shown to the user once and stored only as HashToken().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core::auth {

// Returns `bytes` random bytes (libsodium) as base64url without padding; 32 bytes give a
// 43-character token. Fails with kInvalidArgument for bytes == 0 or bytes > 1024, and
// kInternal if libsodium cannot initialise.
Result<std::string> RandomToken(std::size_t bytes = 32);

// Returns the lower-case hex SHA-256 of `token` (64 characters): the form stored at rest.
std::string HashToken(std::string_view token);

// Returns true if `a` and `b` are equal. The time taken depends only on the lengths, never
// on where the contents differ (the length itself is not secret: hashes are fixed-size).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// The alphabet of recovery codes: lower-case letters and digits without 0/o, 1/l/i.
inline constexpr std::string_view kRecoveryCodeAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

// Returns `n` random recovery codes "xxxx-xxxx-xxxx" (12 characters of
// kRecoveryCodeAlphabet, ~59 bits each). Fails with kInvalidArgument if n < 1 or n > 100,
// kInternal if libsodium cannot initialise. Codes in one batch are distinct.
Result<std::vector<std::string>> GenerateRecoveryCodes(int n = 10);

// Normalises a recovery code as typed by a user: case is ignored, and dashes, spaces and
// tabs anywhere are dropped. Returns the canonical "xxxx-xxxx-xxxx" form (hash that with
// HashToken to look it up). Fails with kInvalidArgument ("invalid_recovery_code") if
// anything else remains or the length is not 12 characters of the alphabet.
Result<std::string> NormalizeRecoveryCode(std::string_view input);

// Returns the lower-case hex HMAC-SHA-256 of `message` under `key` (for signed links).
// Compare a received signature with ConstantTimeEquals.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// API tokens look like "wr_<id>_<secret>": the prefix makes leaked tokens recognisable to
// secret scanners; <id> (16 lower-case hex characters) lets the server find the row
// without a hash index; <secret> (43 base64url characters, 256 bits) is stored only as
// HashToken(secret) and compared with ConstantTimeEquals.
inline constexpr std::string_view kApiTokenPrefix = "wr_";
inline constexpr std::size_t kApiTokenIdChars = 16;
inline constexpr std::size_t kApiTokenSecretChars = 43;

struct ApiToken {
  std::string id;
  std::string secret;
};

// Returns a fresh random API token. Fails with kInternal if libsodium cannot initialise.
Result<ApiToken> NewApiToken();

// Returns "wr_" + id + "_" + secret.
std::string FormatApiToken(const ApiToken& token);

// Splits a presented token into id and secret. Fails with kUnauthenticated
// ("malformed_api_token") unless the prefix, the id (16 lower-case hex) and the secret
// (43 base64url characters) are exactly as FormatApiToken produces them.
Result<ApiToken> ParseApiToken(std::string_view text);

}  // namespace warroom::core::auth
