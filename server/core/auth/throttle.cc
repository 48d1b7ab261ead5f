#include "server/core/auth/throttle.h"

#include <algorithm>

#include "server/core/auth/client_address.h"
#include "server/core/auth/secrets.h"

namespace warroom::core::auth {
namespace {

// 2^20 * base_backoff is far beyond any sensible cap; stop doubling there to avoid overflow.
constexpr int kMaxDoublings = 20;

}  // namespace

const ThrottleLimit& LimitOf(const ThrottleConfig& config, ThrottleKind kind) {
  switch (kind) {
    case ThrottleKind::kPair:
      return config.pair;
    case ThrottleKind::kAccount:
      return config.account;
    case ThrottleKind::kReset:
      return config.reset;
  }
  return config.pair;
}

std::chrono::seconds LongestWindow(const ThrottleConfig& config) {
  return std::max({config.pair.window, config.account.window, config.reset.window});
}

std::string ThrottleKey(ThrottleKind kind, std::string_view account, std::string_view address) {
  std::string text;
  switch (kind) {
    case ThrottleKind::kPair:
      text = "pair\n";
      break;
    case ThrottleKind::kAccount:
      text = "account\n";
      break;
    case ThrottleKind::kReset:
      text = "reset\n";
      break;
  }
  for (char c : account) {
    text.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (kind == ThrottleKind::kPair) {
    text.push_back('\n');
    text += ThrottleAddress(address);
  }
  return HashToken(text);
}

std::chrono::seconds ThrottleWait(const ThrottleConfig& config, const ThrottleLimit& limit,
                                  const FailureWindow& window, ports::TimePoint now) {
  if (limit.max_failures <= 0 || window.failures < limit.max_failures) {
    return std::chrono::seconds(0);
  }
  const int doublings =
      static_cast<int>(std::min<int64_t>(window.failures - limit.max_failures, kMaxDoublings));
  auto backoff = config.base_backoff * (std::int64_t{1} << doublings);
  backoff = std::min(backoff, config.max_backoff);
  const ports::TimePoint until = window.last + backoff;
  if (until <= now) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(until - now);
}

Error TooManyAttempts(std::chrono::seconds wait) {
  Error e = Error::TooManyRequests("too_many_attempts");
  e.retry_after_s = std::max<int64_t>(1, static_cast<int64_t>(wait.count()));
  return e;
}

}  // namespace warroom::core::auth
