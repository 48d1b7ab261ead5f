#include "server/core/auth/throttle.h"

#include <algorithm>
#include <charconv>

namespace warroom::core::auth {
namespace {

constexpr std::string_view kRetryAfterKey = "retry_after=";
// 2^20 * base_backoff is far beyond any sensible cap; stop doubling there to avoid overflow.
constexpr int kMaxDoublings = 20;

std::string AccountKey(std::string_view account) {
  std::string key(account);
  std::transform(key.begin(), key.end(), key.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return key;
}

}  // namespace

SignInThrottle::SignInThrottle(const ports::Clock& clock, ThrottleConfig config)
    : clock_(clock), config_(config) {}

std::chrono::seconds SignInThrottle::RetryAfterLocked(const Table& table, const std::string& key,
                                                      const ThrottleLimit& limit,
                                                      ports::TimePoint now) const {
  const auto it = table.entries.find(key);
  if (it == table.entries.end() || limit.max_failures <= 0) {
    return std::chrono::seconds(0);
  }
  const auto& failures = it->second.failures;
  const auto recent = std::count_if(failures.begin(), failures.end(),
                                    [&](ports::TimePoint t) { return t > now - limit.window; });
  if (recent < limit.max_failures) {
    return std::chrono::seconds(0);
  }
  const int doublings = std::min(static_cast<int>(recent - limit.max_failures), kMaxDoublings);
  auto backoff = config_.base_backoff * (std::int64_t{1} << doublings);
  backoff = std::min(backoff, config_.max_backoff);
  const ports::TimePoint until = failures.back() + backoff;
  if (until <= now) {
    return std::chrono::seconds(0);
  }
  // Round up so that a client waiting exactly retry_after seconds is allowed.
  return std::chrono::ceil<std::chrono::seconds>(until - now);
}

ThrottleDecision SignInThrottle::Evaluate(std::string_view account,
                                          std::string_view address) const {
  const ports::TimePoint now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  const auto wait =
      std::max(RetryAfterLocked(accounts_, AccountKey(account), config_.account, now),
               RetryAfterLocked(addresses_, std::string(address), config_.address, now));
  return ThrottleDecision{wait.count() == 0, wait};
}

Status SignInThrottle::Check(std::string_view account, std::string_view address) const {
  const ThrottleDecision decision = Evaluate(account, address);
  if (decision.allowed) {
    return Ok();
  }
  return Error::TooManyRequests("too_many_attempts " + std::string(kRetryAfterKey) +
                                std::to_string(decision.retry_after.count()));
}

void SignInThrottle::AddFailureLocked(Table& table, const std::string& key,
                                      const ThrottleLimit& limit, ports::TimePoint now) {
  auto it = table.entries.find(key);
  if (it == table.entries.end()) {
    if (config_.max_tracked_keys == 0) {
      return;
    }
    while (table.entries.size() >= config_.max_tracked_keys) {
      table.entries.erase(table.order.front());
      table.order.pop_front();
    }
    table.order.push_back(key);
    it = table.entries.emplace(key, Entry{{}, std::prev(table.order.end())}).first;
  } else {
    table.order.splice(table.order.end(), table.order, it->second.lru);
  }
  auto& failures = it->second.failures;
  failures.push_back(now);
  // Drop what no longer matters: failures outside the window, and anything beyond the
  // count at which the backoff reaches its cap.
  while (!failures.empty() && failures.front() <= now - limit.window) {
    failures.pop_front();
  }
  const std::size_t keep = static_cast<std::size_t>(std::max(limit.max_failures, 0)) +
                           static_cast<std::size_t>(kMaxDoublings) + 1;
  while (failures.size() > keep) {
    failures.pop_front();
  }
}

void SignInThrottle::RecordFailure(std::string_view account, std::string_view address) {
  const ports::TimePoint now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  AddFailureLocked(accounts_, AccountKey(account), config_.account, now);
  AddFailureLocked(addresses_, std::string(address), config_.address, now);
}

void SignInThrottle::RecordSuccess(std::string_view account, std::string_view /*address*/) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = accounts_.entries.find(AccountKey(account));
  if (it != accounts_.entries.end()) {
    accounts_.order.erase(it->second.lru);
    accounts_.entries.erase(it);
  }
}

std::size_t SignInThrottle::TrackedKeys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return accounts_.entries.size() + addresses_.entries.size();
}

long long RetryAfterSeconds(const Error& error) {  // NOLINT(google-runtime-int)
  if (error.code != ErrorCode::kTooManyRequests) {
    return 0;
  }
  const auto pos = error.message.find(kRetryAfterKey);
  if (pos == std::string::npos) {
    return 0;
  }
  const char* begin = error.message.data() + pos + kRetryAfterKey.size();
  const char* end = error.message.data() + error.message.size();
  long long value = 0;  // NOLINT(google-runtime-int)
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  return (ec == std::errc() && ptr == end) ? value : 0;
}

}  // namespace warroom::core::auth
