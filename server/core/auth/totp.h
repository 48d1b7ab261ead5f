// TOTP (RFC 6238) second factor: codes, verification with replay protection, base32
// secrets (RFC 4648) and otpauth:// provisioning URIs for authenticator apps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "libs/base/result.h"
#include "server/ports/clock.h"

namespace warroom::core::auth {

enum class TotpAlgorithm { kSha1, kSha256, kSha512 };

// Authenticator apps only reliably support the defaults (SHA-1, 6 digits, 30 s); the other
// values exist for the RFC test vectors and for completeness.
struct TotpParams {
  TotpAlgorithm algorithm = TotpAlgorithm::kSha1;
  int digits = 6;           // 6..9
  int period_seconds = 30;  // > 0
};

// Length in bytes of the secrets GenerateTotpSecret returns (160 bits, as RFC 4226 advises).
inline constexpr std::size_t kTotpSecretBytes = 20;

// Returns RFC 4648 base32 of `bytes`, upper case, without '=' padding.
std::string Base32Encode(std::string_view bytes);

// Decodes base32 (RFC 4648 alphabet, case-insensitive). Trailing '=' padding is accepted
// and ignored; spaces are not. Fails with kInvalidArgument on any other character or on a
// length that no encoding produces (1, 3 or 6 characters modulo 8), or if the unused
// trailing bits are not zero.
Result<std::string> Base32Decode(std::string_view text);

// Returns kTotpSecretBytes random bytes from libsodium (raw; Base32Encode them for users).
// Fails with kInternal only if libsodium cannot initialise.
Result<std::string> GenerateTotpSecret();

// Returns the time step containing `now`: floor(unix_seconds / period).
// Fails with kInvalidArgument for a time before 1970 or a non-positive period.
Result<std::int64_t> TotpStep(ports::TimePoint now, const TotpParams& params = {});

// Returns the code of `step` (HOTP, RFC 4226, with counter = step), zero-padded to
// params.digits. Fails with kInvalidArgument for an empty secret, digits outside 6..9,
// or a negative step.
Result<std::string> TotpCodeAt(std::string_view secret, std::int64_t step,
                               const TotpParams& params = {});

// Returns the code for the time `now` (TotpCodeAt of TotpStep(now)).
Result<std::string> TotpCode(std::string_view secret, ports::TimePoint now,
                             const TotpParams& params = {});

// Checks a code typed by the user. Accepts the codes of the current step and one step
// either side (clock drift). Returns the matched step, which the caller stores as the new
// `last_used_step`; pass -1 if no code was ever accepted for this secret.
// Fails with:
//   kInvalidArgument  "invalid_format": `code` is not exactly params.digits ASCII digits
//                      (also for bad secret or params);
//   kUnauthenticated  "wrong_code": the code matches none of the three steps;
//   kUnauthenticated  "code_already_used": it matches only steps <= last_used_step
//                      (replay of an accepted code, or of an older one).
// Codes are compared in constant time and all three candidates are always computed.
Result<std::int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                ports::TimePoint now, std::int64_t last_used_step,
                                const TotpParams& params = {});

// Returns the otpauth:// URI that authenticator apps read from a QR code:
//   otpauth://totp/<Issuer>:<account>?secret=<B32>&issuer=<Issuer>&algorithm=SHA1&digits=6&period=30
// Issuer and account are percent-encoded (RFC 3986: everything but A-Z a-z 0-9 - . _ ~).
// Fails with kInvalidArgument if issuer or account is empty or contains ':' (the label
// separator, which apps do not decode reliably), or `secret_b32` is not valid base32.
Result<std::string> OtpauthUri(std::string_view issuer, std::string_view account,
                               std::string_view secret_b32, const TotpParams& params = {});

}  // namespace warroom::core::auth
