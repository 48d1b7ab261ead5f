#include "server/core/auth/throttle.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "server/testing/fake_clock.h"

namespace warroom::core::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class ThrottleTest : public ::testing::Test {
 protected:
  testing::FakeClock clock_;
};

void Fail(SignInThrottle& t, std::string_view account, std::string_view address, int n) {
  for (int i = 0; i < n; ++i) {
    t.RecordFailure(account, address);
  }
}

TEST_F(ThrottleTest, AllowsUntilAccountLimit) {
  SignInThrottle throttle(clock_);
  for (int i = 0; i < 4; ++i) {
    throttle.RecordFailure("alice@example.org", "10.0.0.1");
    EXPECT_TRUE(throttle.Check("alice@example.org", "10.0.0.1").has_value()) << i;
  }
  throttle.RecordFailure("alice@example.org", "10.0.0.1");
  const Status s = throttle.Check("alice@example.org", "10.0.0.1");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(s.error().message, "too_many_attempts retry_after=30");
  EXPECT_EQ(RetryAfterSeconds(s.error()), 30);
  const ThrottleDecision d = throttle.Evaluate("alice@example.org", "10.0.0.1");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(30));
  // The account is throttled from any address; other accounts are not.
  EXPECT_FALSE(throttle.Check("alice@example.org", "10.9.9.9").has_value());
  EXPECT_TRUE(throttle.Check("bob@example.org", "10.0.0.1").has_value());
}

TEST_F(ThrottleTest, AccountIsCaseInsensitive) {
  SignInThrottle throttle(clock_);
  Fail(throttle, "Alice@Example.org", "a", 3);
  Fail(throttle, "alice@example.org", "b", 2);
  EXPECT_FALSE(throttle.Check("ALICE@EXAMPLE.ORG", "c").has_value());
}

TEST_F(ThrottleTest, RetryAfterCountsDownAndThenAllowsOneAttempt) {
  SignInThrottle throttle(clock_);
  Fail(throttle, "a", "ip", 5);
  clock_.Advance(seconds(10));
  EXPECT_EQ(throttle.Evaluate("a", "ip").retry_after, seconds(20));
  clock_.Advance(std::chrono::milliseconds(19'500));
  EXPECT_EQ(throttle.Evaluate("a", "ip").retry_after, seconds(1));  // rounded up
  clock_.Advance(std::chrono::milliseconds(500));
  EXPECT_TRUE(throttle.Check("a", "ip").has_value());
}

TEST_F(ThrottleTest, BackoffDoublesAndIsCapped) {
  // A one-hour window keeps every failure of this test counted.
  ThrottleConfig config;
  config.account.window = std::chrono::hours(1);
  SignInThrottle throttle(clock_, config);
  Fail(throttle, "a", "ip", 5);
  EXPECT_EQ(throttle.Evaluate("a", "ip").retry_after, seconds(30));
  // Each further failure (after waiting) doubles the wait: 60, 120, 240, 480, then the cap.
  const std::vector<seconds> expected = {seconds(60),  seconds(120), seconds(240),
                                         seconds(480), seconds(900), seconds(900)};
  for (seconds want : expected) {
    clock_.Advance(throttle.Evaluate("a", "ip").retry_after);
    ASSERT_TRUE(throttle.Check("a", "ip").has_value());
    throttle.RecordFailure("a", "ip");
    EXPECT_EQ(throttle.Evaluate("a", "ip").retry_after, want);
  }
}

TEST_F(ThrottleTest, BackoffShrinksAsFailuresLeaveTheWindow) {
  SignInThrottle throttle(clock_);  // 15-minute window
  Fail(throttle, "a", "ip", 7);     // 2 over the limit: 120 s
  EXPECT_EQ(throttle.Evaluate("a", "ip").retry_after, seconds(120));
  clock_.Advance(minutes(14));
  throttle.RecordFailure("a", "ip");  // 8 in the window: 240 s
  EXPECT_EQ(throttle.Evaluate("a", "ip").retry_after, seconds(240));
  clock_.Advance(minutes(1));  // the first 7 leave the window; 1 failure remains
  EXPECT_TRUE(throttle.Check("a", "ip").has_value());
}

TEST_F(ThrottleTest, SlidingWindowForgetsOldFailures) {
  SignInThrottle throttle(clock_);
  Fail(throttle, "a", "ip", 4);
  clock_.Advance(minutes(15));  // the four failures are now exactly one window old
  throttle.RecordFailure("a", "ip");
  EXPECT_TRUE(throttle.Check("a", "ip").has_value());
  clock_.Advance(minutes(5));
  Fail(throttle, "a", "ip", 3);
  EXPECT_TRUE(throttle.Check("a", "ip").has_value());  // 4 in the window
  throttle.RecordFailure("a", "ip");
  EXPECT_FALSE(throttle.Check("a", "ip").has_value());  // 5 in the window
}

TEST_F(ThrottleTest, SuccessResetsAccountButNotAddress) {
  ThrottleConfig config;
  config.address.max_failures = 6;
  SignInThrottle throttle(clock_, config);
  Fail(throttle, "a", "ip", 4);
  throttle.RecordSuccess("A", "ip");
  Fail(throttle, "a", "ip", 1);
  EXPECT_TRUE(throttle.Check("a", "ip").has_value());  // account: 1, address: 5
  throttle.RecordFailure("b", "ip");                   // address: 6
  EXPECT_FALSE(throttle.Check("c", "ip").has_value());
  EXPECT_TRUE(throttle.Check("c", "other-ip").has_value());
}

TEST_F(ThrottleTest, AddressLimitAcrossManyAccounts) {
  SignInThrottle throttle(clock_);
  for (int i = 0; i < 19; ++i) {
    throttle.RecordFailure("user" + std::to_string(i), "203.0.113.7");
  }
  EXPECT_TRUE(throttle.Check("new-user", "203.0.113.7").has_value());
  throttle.RecordFailure("user19", "203.0.113.7");
  const ThrottleDecision d = throttle.Evaluate("new-user", "203.0.113.7");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(30));
  EXPECT_TRUE(throttle.Check("new-user", "203.0.113.8").has_value());
}

TEST_F(ThrottleTest, LongerOfBothWaitsWins) {
  ThrottleConfig config;
  config.address.max_failures = 5;
  SignInThrottle throttle(clock_, config);
  Fail(throttle, "a", "ip", 5);  // both at the limit: 30 s
  clock_.Advance(seconds(30));
  Fail(throttle, "b", "ip", 1);  // address now 6 failures: 60 s; account "a" at 30 s (expired)
  EXPECT_EQ(throttle.Evaluate("a", "ip").retry_after, seconds(60));
  EXPECT_EQ(throttle.Evaluate("a", "elsewhere").retry_after, seconds(0));
}

TEST_F(ThrottleTest, TrackedKeysAreBoundedEvictingOldest) {
  ThrottleConfig config;
  config.max_tracked_keys = 3;
  SignInThrottle throttle(clock_, config);
  Fail(throttle, "a", "ip-a", 5);
  Fail(throttle, "b", "ip-b", 1);
  Fail(throttle, "c", "ip-c", 1);
  EXPECT_EQ(throttle.TrackedKeys(), 6u);
  EXPECT_FALSE(throttle.Check("a", "x").has_value());
  Fail(throttle, "d", "ip-d", 1);  // evicts "a" and "ip-a", the least recently updated
  EXPECT_EQ(throttle.TrackedKeys(), 6u);
  EXPECT_TRUE(throttle.Check("a", "x").has_value());
}

TEST_F(ThrottleTest, UpdatingAKeyProtectsItFromEviction) {
  ThrottleConfig config;
  config.max_tracked_keys = 2;
  SignInThrottle throttle(clock_, config);
  Fail(throttle, "a", "ip", 4);
  Fail(throttle, "b", "ip", 1);
  Fail(throttle, "a", "ip", 1);  // "a" becomes most recent, at its limit
  Fail(throttle, "c", "ip", 1);  // evicts "b"
  EXPECT_FALSE(throttle.Check("a", "other").has_value());
}

TEST_F(ThrottleTest, SuccessForUnknownAccountIsHarmless) {
  SignInThrottle throttle(clock_);
  throttle.RecordSuccess("nobody", "ip");
  EXPECT_EQ(throttle.TrackedKeys(), 0u);
  EXPECT_TRUE(throttle.Check("nobody", "ip").has_value());
}

TEST_F(ThrottleTest, RetryAfterSecondsIgnoresOtherErrors) {
  EXPECT_EQ(RetryAfterSeconds(Error::NotFound("retry_after=5")), 0);
  EXPECT_EQ(RetryAfterSeconds(Error::TooManyRequests("slow down")), 0);
  EXPECT_EQ(RetryAfterSeconds(Error::TooManyRequests("retry_after=12x")), 0);
  EXPECT_EQ(RetryAfterSeconds(Error::TooManyRequests("too_many_attempts retry_after=12")), 12);
}

TEST_F(ThrottleTest, ConcurrentUseIsSafe) {
  SignInThrottle throttle(clock_, ThrottleConfig{{1000, minutes(15)}, {1000, minutes(15)}});
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&throttle, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string account = "user" + std::to_string(i % 10);
        const std::string address = "ip" + std::to_string(t);
        (void)throttle.Evaluate(account, address);
        throttle.RecordFailure(account, address);
        if (i % 50 == 0) {
          throttle.RecordSuccess(account, address);
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(throttle.TrackedKeys(), 14u);
}

}  // namespace
}  // namespace warroom::core::auth
