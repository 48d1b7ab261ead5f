#include "server/core/auth/secrets.h"

#include <sodium.h>

#include <algorithm>
#include <set>

#include "server/core/auth/sodium_init.h"

namespace warroom::core::auth {
namespace {

constexpr std::size_t kMaxTokenBytes = 1024;
constexpr std::size_t kRecoveryCodeChars = 12;

std::string ToHex(const unsigned char* data, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();  // sodium_bin2hex writes a terminating NUL
  return hex;
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsBase64Url(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string RandomRecoveryCode() {
  std::string code;
  for (std::size_t i = 0; i < kRecoveryCodeChars; ++i) {
    if (i > 0 && i % 4 == 0) {
      code.push_back('-');
    }
    // randombytes_uniform avoids modulo bias.
    code.push_back(kRecoveryCodeAlphabet[randombytes_uniform(
        static_cast<std::uint32_t>(kRecoveryCodeAlphabet.size()))]);
  }
  return code;
}

}  // namespace

Result<std::string> RandomToken(std::size_t bytes) {
  WR_RETURN_IF_ERROR(EnsureSodiumInitialized());
  if (bytes == 0 || bytes > kMaxTokenBytes) {
    return Error::InvalidArgument("token length must be between 1 and 1024 bytes");
  }
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  const std::size_t encoded_len =
      sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string out(encoded_len, '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw.data(), raw.size());
  out.resize(encoded_len - 1);  // drop the terminating NUL
  return out;
}

std::string HashToken(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return ToHex(digest, sizeof digest);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  if (a.empty()) {
    return true;
  }
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::vector<std::string>> GenerateRecoveryCodes(int n) {
  WR_RETURN_IF_ERROR(EnsureSodiumInitialized());
  if (n < 1 || n > 100) {
    return Error::InvalidArgument("number of recovery codes must be between 1 and 100");
  }
  std::vector<std::string> codes;
  std::set<std::string> seen;
  while (codes.size() < static_cast<std::size_t>(n)) {
    std::string code = RandomRecoveryCode();
    if (seen.insert(code).second) {
      codes.push_back(std::move(code));
    }
  }
  return codes;
}

Result<std::string> NormalizeRecoveryCode(std::string_view input) {
  std::string compact;
  for (char c : input) {
    if (c == '-' || c == ' ' || c == '\t') {
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (kRecoveryCodeAlphabet.find(c) == std::string_view::npos ||
        compact.size() == kRecoveryCodeChars) {
      return Error::InvalidArgument("invalid_recovery_code");
    }
    compact.push_back(c);
  }
  if (compact.size() != kRecoveryCodeChars) {
    return Error::InvalidArgument("invalid_recovery_code");
  }
  return compact.substr(0, 4) + "-" + compact.substr(4, 4) + "-" + compact.substr(8, 4);
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return ToHex(mac, sizeof mac);
}

Result<ApiToken> NewApiToken() {
  WR_RETURN_IF_ERROR(EnsureSodiumInitialized());
  unsigned char id_bytes[kApiTokenIdChars / 2];
  randombytes_buf(id_bytes, sizeof id_bytes);
  WR_ASSIGN_OR_RETURN(std::string secret, RandomToken(32));
  return ApiToken{ToHex(id_bytes, sizeof id_bytes), std::move(secret)};
}

std::string FormatApiToken(const ApiToken& token) {
  return std::string(kApiTokenPrefix) + token.id + "_" + token.secret;
}

Result<ApiToken> ParseApiToken(std::string_view text) {
  const auto malformed = [] { return Error::Unauthenticated("malformed_api_token"); };
  if (text.size() != kApiTokenPrefix.size() + kApiTokenIdChars + 1 + kApiTokenSecretChars ||
      !text.starts_with(kApiTokenPrefix)) {
    return malformed();
  }
  text.remove_prefix(kApiTokenPrefix.size());
  const std::string_view id = text.substr(0, kApiTokenIdChars);
  // The secret may itself contain '_' (base64url), so split by position, not by search.
  const std::string_view secret = text.substr(kApiTokenIdChars + 1);
  if (text[kApiTokenIdChars] != '_' || !IsLowerHex(id) || !IsBase64Url(secret)) {
    return malformed();
  }
  return ApiToken{std::string(id), std::string(secret)};
}

}  // namespace warroom::core::auth
