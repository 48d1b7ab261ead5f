// PasswordHasher: argon2id password hashing (libsodium) with a cap on concurrent hashes.
//
// Hashing with the production parameters takes ~64 MiB and 100-180 ms per call, so a
// flood of sign-in attempts could exhaust memory. Every Hash/Verify call therefore takes
// one of a fixed number of slots (a counting semaphore) and waits while all are in use.
// Callers run these functions on a worker pool, never on I/O threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <semaphore>
#include <string>
#include <string_view>

#include "libs/base/result.h"

namespace warroom::core::auth {

// Cost parameters of argon2id (libsodium's opslimit = iterations t, memlimit in bytes).
struct PasswordHashParams {
  unsigned long long opslimit = 2;  // NOLINT(google-runtime-int): libsodium's type
  std::size_t memlimit = std::size_t{64} * 1024 * 1024;

  // t=2, m=64 MiB: the values the server uses (hash strings start `$argon2id$v=19$m=65536,t=2`).
  static PasswordHashParams Production();
  // libsodium's minimum cost (t=1, m=8 KiB): only for fast unit tests.
  static PasswordHashParams ForTesting();
};

class PasswordHasher {
 public:
  // Passwords longer than this are refused (Hash fails, Verify returns false), so that a
  // huge request body cannot be fed to the hash function. The policy allows far fewer.
  static constexpr std::size_t kMaxPasswordBytes = 1024;

  // `max_concurrent` is the number of hashes that may run at the same time (at least 1;
  // values below 1 are treated as 1).
  explicit PasswordHasher(PasswordHashParams params = PasswordHashParams::Production(),
                          int max_concurrent = 2);

  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Returns the encoded argon2id hash of `password` (a `$argon2id$v=19$m=...,t=...,p=1$...`
  // string, which embeds the salt and the parameters). Blocks while all slots are taken.
  // Fails with kInvalidArgument if the password is longer than kMaxPasswordBytes or
  // contains a NUL byte, and kInternal if libsodium fails (e.g. out of memory).
  Result<std::string> Hash(std::string_view password) const;

  // Returns true if `password` matches the encoded `hash`. Returns false for a wrong
  // password and for a malformed, truncated or non-argon2id hash. Blocks like Hash.
  bool Verify(std::string_view hash, std::string_view password) const;

  // Returns true if `hash` was not produced by argon2id with this hasher's parameters
  // (older cost, another algorithm, or malformed) and should be replaced by a fresh Hash
  // of the password after the next successful Verify.
  bool NeedsRehash(std::string_view hash) const;

  const PasswordHashParams& Params() const { return params_; }
  int MaxConcurrent() const { return max_concurrent_; }
  // The highest number of hashes that ever ran at the same time (for metrics and tests).
  int PeakConcurrency() const { return peak_.load(); }

 private:
  class SlotGuard;

  PasswordHashParams params_;
  int max_concurrent_;
  mutable std::counting_semaphore<> slots_;
  mutable std::atomic<int> in_flight_{0};
  mutable std::atomic<int> peak_{0};
};

}  // namespace warroom::core::auth
