// Sign-in throttling: how long the next attempt must wait, given the failures counted
// against a key. The rule only; the failures themselves live in the database
// (AccountStore's throttle methods), so that a restart or a second instance of the
// server neither forgets nor splits them.
//
// What is counted, and against what:
// - a failed sign-in (wrong password, unknown or disabled account, wrong second factor)
//   counts against the account (from any address) and against the pair (account,
//   address). Never against an address alone: colleagues behind one municipal NAT or
//   proxy must not lock each other out because one of them guesses. The pair has a small
//   budget (a user who mistypes, or one guesser), the account a larger one (a guess of
//   one account spread over many addresses);
// - a password-reset request is not a failed sign-in: it counts against the account's
//   own reset budget only, so that the form cannot flood an inbox.
//
// Once a key has `max_failures` failures inside its window, attempts are refused until
// last failure + backoff, where backoff = base_backoff * 2^(failures - max_failures),
// capped at max_backoff. After the wait one more attempt is allowed; if it fails too the
// wait doubles. Failures older than the window no longer count.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "libs/base/result.h"
#include "server/ports/clock.h"

namespace warroom::core::auth {

struct ThrottleLimit {
  int max_failures = 5;
  std::chrono::seconds window = std::chrono::minutes(15);
};

struct ThrottleConfig {
  ThrottleLimit pair{5, std::chrono::minutes(15)};
  ThrottleLimit account{20, std::chrono::minutes(15)};
  ThrottleLimit reset{5, std::chrono::hours(1)};
  std::chrono::seconds base_backoff = std::chrono::seconds(30);
  std::chrono::seconds max_backoff = std::chrono::minutes(15);
};

// What a key counts.
enum class ThrottleKind {
  kPair,     // failed sign-ins of one account from one address
  kAccount,  // failed sign-ins of one account from anywhere
  kReset,    // password-reset requests for one account
};

// The failures of one key inside its window.
struct FailureWindow {
  int64_t failures = 0;
  ports::TimePoint last{};  // the newest failure; meaningless when failures == 0
};

const ThrottleLimit& LimitOf(const ThrottleConfig& config, ThrottleKind kind);

// The longest window of the three: failures older than that no longer count anywhere.
std::chrono::seconds LongestWindow(const ThrottleConfig& config);

// The key under which failures of `kind` are stored: the hex SHA-256 of the kind, the
// account (ASCII lower-cased; pass the normalised e-mail) and, for kPair, the address
// as ThrottleAddress() groups it. Hashed, so that whatever a user typed into the e-mail
// field (sometimes a password) is never stored readable.
std::string ThrottleKey(ThrottleKind kind, std::string_view account, std::string_view address = {});

// The wait before the next attempt may proceed at `now`: zero when allowed, otherwise
// rounded up to whole seconds so that a client waiting exactly that long is allowed.
std::chrono::seconds ThrottleWait(const ThrottleConfig& config, const ThrottleLimit& limit,
                                  const FailureWindow& window, ports::TimePoint now);

// The error of a refused attempt: kTooManyRequests "too_many_attempts" carrying the wait
// in retry_after_s (at least 1), which the HTTP layer sends as Retry-After.
Error TooManyAttempts(std::chrono::seconds wait);

}  // namespace warroom::core::auth
