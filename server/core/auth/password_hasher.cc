#include "server/core/auth/password_hasher.h"

#include <sodium.h>

#include <algorithm>

#include "server/core/auth/sodium_init.h"

namespace warroom::core::auth {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

bool IsUsablePassword(std::string_view password) {
  return password.size() <= PasswordHasher::kMaxPasswordBytes &&
         password.find('\0') == std::string_view::npos;
}

}  // namespace

PasswordHashParams PasswordHashParams::Production() { return PasswordHashParams{}; }

PasswordHashParams PasswordHashParams::ForTesting() {
  return PasswordHashParams{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

// Holds one hashing slot for the lifetime of a Hash/Verify call.
class PasswordHasher::SlotGuard {
 public:
  explicit SlotGuard(const PasswordHasher& hasher) : hasher_(hasher) {
    hasher_.slots_.acquire();
    const int now = hasher_.in_flight_.fetch_add(1) + 1;
    int peak = hasher_.peak_.load();
    while (now > peak && !hasher_.peak_.compare_exchange_weak(peak, now)) {
    }
  }
  ~SlotGuard() {
    hasher_.in_flight_.fetch_sub(1);
    hasher_.slots_.release();
  }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  const PasswordHasher& hasher_;
};

PasswordHasher::PasswordHasher(PasswordHashParams params, int max_concurrent)
    : params_(params),
      max_concurrent_(std::max(1, max_concurrent)),
      slots_(std::max(1, max_concurrent)) {}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  WR_RETURN_IF_ERROR(EnsureSodiumInitialized());
  if (!IsUsablePassword(password)) {
    return Error::InvalidArgument("password is too long or contains a NUL byte");
  }
  char out[crypto_pwhash_STRBYTES] = {};
  int rc = 0;
  {
    SlotGuard slot(*this);
    rc = crypto_pwhash_str_alg(out, password.data(), password.size(), params_.opslimit,
                               params_.memlimit, crypto_pwhash_ALG_ARGON2ID13);
  }
  if (rc != 0) {
    return Error::Internal("argon2id hashing failed (out of memory?)");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  if (!EnsureSodiumInitialized() || !IsUsablePassword(password)) {
    return false;
  }
  // Only argon2id hashes are accepted; libsodium would also verify argon2i ones.
  if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with(kArgon2idPrefix) ||
      hash.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string terminated(hash);  // libsodium wants a NUL-terminated string
  SlotGuard slot(*this);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
  if (!EnsureSodiumInitialized()) {
    return true;
  }
  if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with(kArgon2idPrefix) ||
      hash.find('\0') != std::string_view::npos) {
    return true;
  }
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), params_.opslimit, params_.memlimit) !=
         0;
}

}  // namespace warroom::core::auth
