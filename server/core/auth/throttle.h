// SignInThrottle: slows down password guessing, per account and per client address.
//
// Failed sign-ins are counted in a sliding window. Once a key (account or address) has
// `max_failures` failures inside the window, further attempts are refused until
// last failure + backoff, where backoff = base_backoff * 2^(failures - max_failures),
// capped at max_backoff. After the wait one more attempt is allowed; if it fails too the
// wait doubles. Failures older than the window are forgotten.
//
// A success resets the account's counter only: the address counter keeps counting, so an
// attacker who owns one valid account cannot use it to reset the budget of an address
// that is guessing other accounts' passwords.
//
// Memory is bounded: each of the two tables tracks at most `max_tracked_keys` keys and
// evicts the least recently updated one. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "libs/base/result.h"
#include "server/ports/clock.h"

namespace warroom::core::auth {

struct ThrottleLimit {
  int max_failures = 5;
  std::chrono::seconds window = std::chrono::minutes(15);
};

struct ThrottleConfig {
  ThrottleLimit account{5, std::chrono::minutes(15)};
  ThrottleLimit address{20, std::chrono::minutes(15)};
  std::chrono::seconds base_backoff = std::chrono::seconds(30);
  std::chrono::seconds max_backoff = std::chrono::minutes(15);
  std::size_t max_tracked_keys = 100'000;  // per table
};

// The outcome of an evaluation: allowed, or refused until `retry_after` has passed.
struct ThrottleDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // > 0 when !allowed (rounded up to whole seconds)
};

class SignInThrottle {
 public:
  // `clock` must outlive the throttle.
  explicit SignInThrottle(const ports::Clock& clock, ThrottleConfig config = {});

  // Returns whether an attempt for this account from this address may proceed now; when
  // both are throttled the longer wait is returned. Accounts are compared ASCII
  // case-insensitively (callers should still pass a normalised e-mail); the address is
  // used as given (pass the client IP, or a /64 prefix for IPv6).
  ThrottleDecision Evaluate(std::string_view account, std::string_view address) const;

  // Returns Ok() if Evaluate allows the attempt; otherwise fails with kTooManyRequests and
  // the message "too_many_attempts retry_after=<seconds>" (the HTTP layer sets
  // Retry-After from Evaluate or from RetryAfterSeconds()).
  Status Check(std::string_view account, std::string_view address) const;

  // Counts a failed sign-in against both the account and the address.
  void RecordFailure(std::string_view account, std::string_view address);

  // Forgets the account's failures (not the address's: see the file comment).
  void RecordSuccess(std::string_view account, std::string_view address);

  // Number of tracked keys (accounts + addresses), for metrics and tests.
  std::size_t TrackedKeys() const;

 private:
  struct Entry {
    std::deque<ports::TimePoint> failures;  // oldest first, bounded
    std::list<std::string>::iterator lru;   // position in Table::order
  };
  struct Table {
    std::unordered_map<std::string, Entry> entries;
    std::list<std::string> order;  // least recently updated first
  };

  std::chrono::seconds RetryAfterLocked(const Table& table, const std::string& key,
                                        const ThrottleLimit& limit, ports::TimePoint now) const;
  void AddFailureLocked(Table& table, const std::string& key, const ThrottleLimit& limit,
                        ports::TimePoint now);

  const ports::Clock& clock_;
  const ThrottleConfig config_;
  mutable std::mutex mu_;
  Table accounts_;   // guarded by mu_
  Table addresses_;  // guarded by mu_
};

// Extracts the seconds from an error produced by SignInThrottle::Check; returns 0 for any
// other error.
long long RetryAfterSeconds(const Error& error);  // NOLINT(google-runtime-int)

}  // namespace warroom::core::auth
