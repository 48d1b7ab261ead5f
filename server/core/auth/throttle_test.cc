#include "server/core/auth/throttle.h"

#include <chrono>
#include <set>
#include <string>

#include "gtest/gtest.h"

namespace warroom::core::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const ports::TimePoint kNow{std::chrono::seconds(1'700'000'000)};

TEST(ThrottleTest, AllowsUntilTheLimitThenWaitsTheBaseBackoff) {
  const ThrottleConfig config;
  for (int64_t n = 0; n < 5; ++n) {
    EXPECT_EQ(ThrottleWait(config, config.pair, {n, kNow}, kNow), seconds(0)) << n;
  }
  EXPECT_EQ(ThrottleWait(config, config.pair, {5, kNow}, kNow), seconds(30));
  EXPECT_EQ(ThrottleWait(config, config.pair, {5, kNow}, kNow + seconds(29)), seconds(1));
  EXPECT_EQ(ThrottleWait(config, config.pair, {5, kNow}, kNow + seconds(30)), seconds(0));
}

TEST(ThrottleTest, TheWaitDoublesWithEachFurtherFailureUpToTheCap) {
  const ThrottleConfig config;
  EXPECT_EQ(ThrottleWait(config, config.pair, {6, kNow}, kNow), seconds(60));
  EXPECT_EQ(ThrottleWait(config, config.pair, {7, kNow}, kNow), seconds(120));
  EXPECT_EQ(ThrottleWait(config, config.pair, {10, kNow}, kNow), minutes(15));
  EXPECT_EQ(ThrottleWait(config, config.pair, {1'000'000, kNow}, kNow), minutes(15))
      << "no overflow however many failures";
}

TEST(ThrottleTest, RoundsPartialSecondsUp) {
  const ThrottleConfig config;
  const auto last = kNow - std::chrono::milliseconds(200);
  EXPECT_EQ(ThrottleWait(config, config.pair, {5, last}, kNow), seconds(30));
}

TEST(ThrottleTest, TheAccountHasALargerBudgetThanThePair) {
  const ThrottleConfig config;
  EXPECT_EQ(ThrottleWait(config, config.account, {19, kNow}, kNow), seconds(0));
  EXPECT_GT(ThrottleWait(config, config.account, {20, kNow}, kNow), seconds(0));
  EXPECT_EQ(&LimitOf(config, ThrottleKind::kAccount), &config.account);
  EXPECT_EQ(&LimitOf(config, ThrottleKind::kPair), &config.pair);
  EXPECT_EQ(&LimitOf(config, ThrottleKind::kReset), &config.reset);
  EXPECT_EQ(LongestWindow(config), std::chrono::hours(1));
}

TEST(ThrottleTest, ALimitOfZeroNeverThrottles) {
  ThrottleConfig config;
  config.pair.max_failures = 0;
  EXPECT_EQ(ThrottleWait(config, config.pair, {100, kNow}, kNow), seconds(0));
}

TEST(ThrottleTest, KeysSeparateKindsAccountsAndAddressesButNotCase) {
  const std::string pair = ThrottleKey(ThrottleKind::kPair, "alice@example.org", "10.0.0.1");
  EXPECT_EQ(pair.size(), 64u);
  EXPECT_EQ(pair, ThrottleKey(ThrottleKind::kPair, "Alice@Example.ORG", "10.0.0.1"));
  const std::set<std::string> keys = {
      pair,
      ThrottleKey(ThrottleKind::kPair, "alice@example.org", "10.0.0.2"),
      ThrottleKey(ThrottleKind::kPair, "bob@example.org", "10.0.0.1"),
      ThrottleKey(ThrottleKind::kAccount, "alice@example.org"),
      ThrottleKey(ThrottleKind::kReset, "alice@example.org"),
  };
  EXPECT_EQ(keys.size(), 5u);
  // The account key does not depend on the address.
  EXPECT_EQ(ThrottleKey(ThrottleKind::kAccount, "alice@example.org", "10.0.0.1"),
            ThrottleKey(ThrottleKind::kAccount, "alice@example.org", "10.0.0.2"));
  // One IPv6 /64 is one address.
  EXPECT_EQ(ThrottleKey(ThrottleKind::kPair, "a@example.org", "2001:db8:0:1::1"),
            ThrottleKey(ThrottleKind::kPair, "a@example.org", "2001:db8:0:1::ffff"));
  // Nothing typed is stored readable.
  EXPECT_EQ(pair.find("alice"), std::string::npos);
}

TEST(ThrottleTest, TooManyAttemptsCarriesTheWait) {
  const Error e = TooManyAttempts(seconds(42));
  EXPECT_EQ(e.code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(e.message, "too_many_attempts");
  EXPECT_EQ(e.retry_after_s, 42);
  EXPECT_EQ(TooManyAttempts(seconds(0)).retry_after_s, 1);
}

}  // namespace
}  // namespace warroom::core::auth
