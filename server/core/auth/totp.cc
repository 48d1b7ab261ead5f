#include "server/core/auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <limits>

#include "server/core/auth/sodium_init.h"

namespace warroom::core::auth {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a';
  }
  if (c >= '2' && c <= '7') {
    return c - '2' + 26;
  }
  return -1;
}

const EVP_MD* Digest(TotpAlgorithm algorithm) {
  switch (algorithm) {
    case TotpAlgorithm::kSha1:
      return EVP_sha1();
    case TotpAlgorithm::kSha256:
      return EVP_sha256();
    case TotpAlgorithm::kSha512:
      return EVP_sha512();
  }
  return EVP_sha1();
}

std::string_view AlgorithmName(TotpAlgorithm algorithm) {
  switch (algorithm) {
    case TotpAlgorithm::kSha1:
      return "SHA1";
    case TotpAlgorithm::kSha256:
      return "SHA256";
    case TotpAlgorithm::kSha512:
      return "SHA512";
  }
  return "SHA1";
}

Status CheckParams(const TotpParams& params) {
  if (params.digits < 6 || params.digits > 9) {
    return Error::InvalidArgument("TOTP digits must be between 6 and 9");
  }
  if (params.period_seconds <= 0) {
    return Error::InvalidArgument("TOTP period must be positive");
  }
  return Ok();
}

bool IsAsciiDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

void PercentEncode(std::string_view in, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : in) {
    const auto b = static_cast<unsigned char>(c);
    const bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                            (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0x0F]);
    }
  }
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 0x1F]);
    }
    buffer &= (1u << bits) - 1;  // keep only the bits not yet emitted
  }
  if (bits > 0) {
    out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1F]);
  }
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  const std::size_t rem = text.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6) {
    return Error::InvalidArgument("base32 text has an impossible length");
  }
  std::string out;
  out.reserve(text.size() * 5 / 8);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = Base32Value(c);
    if (v < 0) {
      return Error::InvalidArgument("base32 text contains a character outside A-Z, 2-7");
    }
    buffer = (buffer << 5) | static_cast<unsigned>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
      buffer &= (1u << bits) - 1;
    }
  }
  if (buffer != 0) {
    // Canonical encodings pad the last character with zero bits.
    return Error::InvalidArgument("base32 text has non-zero trailing bits");
  }
  return out;
}

Result<std::string> GenerateTotpSecret() {
  WR_RETURN_IF_ERROR(EnsureSodiumInitialized());
  std::string secret(kTotpSecretBytes, '\0');
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

Result<std::int64_t> TotpStep(ports::TimePoint now, const TotpParams& params) {
  WR_RETURN_IF_ERROR(CheckParams(params));
  const std::int64_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (seconds < 0) {
    return Error::InvalidArgument("TOTP time is before 1970");
  }
  return seconds / params.period_seconds;
}

Result<std::string> TotpCodeAt(std::string_view secret, std::int64_t step,
                               const TotpParams& params) {
  WR_RETURN_IF_ERROR(CheckParams(params));
  if (secret.empty() || secret.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Error::InvalidArgument("TOTP secret is empty");
  }
  if (step < 0) {
    return Error::InvalidArgument("TOTP step is negative");
  }
  std::array<unsigned char, 8> counter{};
  auto c = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i) {
    counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(c & 0xFF);
    c >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(Digest(params.algorithm), secret.data(), static_cast<int>(secret.size()), counter.data(),
           counter.size(), mac.data(), &mac_len) == nullptr ||
      mac_len < 20) {
    return Error::Internal("HMAC computation failed");
  }
  // Dynamic truncation (RFC 4226 section 5.3).
  const std::size_t offset = mac[mac_len - 1] & 0x0F;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < params.digits; ++i) {
    modulus *= 10;
  }
  std::uint32_t value = binary % modulus;
  std::string code(static_cast<std::size_t>(params.digits), '0');
  for (std::size_t i = code.size(); i-- > 0;) {
    code[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

Result<std::string> TotpCode(std::string_view secret, ports::TimePoint now,
                             const TotpParams& params) {
  WR_ASSIGN_OR_RETURN(const std::int64_t step, TotpStep(now, params));
  return TotpCodeAt(secret, step, params);
}

Result<std::int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                ports::TimePoint now, std::int64_t last_used_step,
                                const TotpParams& params) {
  if (!CheckParams(params) || code.size() != static_cast<std::size_t>(params.digits) ||
      !IsAsciiDigits(code) || secret.empty()) {
    return Error::InvalidArgument("invalid_format");
  }
  WR_ASSIGN_OR_RETURN(const std::int64_t current, TotpStep(now, params));
  bool matched_any = false;
  std::int64_t accepted = -1;
  for (std::int64_t step = current - 1; step <= current + 1; ++step) {
    if (step < 0) {
      continue;
    }
    WR_ASSIGN_OR_RETURN(const std::string expected, TotpCodeAt(secret, step, params));
    // Same length by construction; sodium_memcmp runs in time independent of content.
    const bool match = sodium_memcmp(expected.data(), code.data(), code.size()) == 0;
    matched_any = matched_any || match;
    // The lowest acceptable step wins, so a later code of the user is not blocked.
    if (match && step > last_used_step && accepted < 0) {
      accepted = step;
    }
  }
  if (accepted >= 0) {
    return accepted;
  }
  if (matched_any) {
    return Error::Unauthenticated("code_already_used");
  }
  return Error::Unauthenticated("wrong_code");
}

Result<std::string> OtpauthUri(std::string_view issuer, std::string_view account,
                               std::string_view secret_b32, const TotpParams& params) {
  WR_RETURN_IF_ERROR(CheckParams(params));
  if (issuer.empty() || account.empty()) {
    return Error::InvalidArgument("issuer and account must not be empty");
  }
  if (issuer.find(':') != std::string_view::npos || account.find(':') != std::string_view::npos) {
    return Error::InvalidArgument("issuer and account must not contain ':'");
  }
  WR_ASSIGN_OR_RETURN(const std::string secret, Base32Decode(secret_b32));
  if (secret.empty()) {
    return Error::InvalidArgument("secret is empty");
  }
  std::string uri = "otpauth://totp/";
  PercentEncode(issuer, uri);
  uri += ':';
  PercentEncode(account, uri);
  uri += "?secret=";
  uri += Base32Encode(secret);  // canonical: upper case, no padding
  uri += "&issuer=";
  PercentEncode(issuer, uri);
  uri += "&algorithm=";
  uri += AlgorithmName(params.algorithm);
  uri += "&digits=" + std::to_string(params.digits);
  uri += "&period=" + std::to_string(params.period_seconds);
  return uri;
}

}  // namespace warroom::core::auth
