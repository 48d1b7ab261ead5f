#include "server/core/auth/password_hasher.h"

#include <sodium.h>

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace warroom::core::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

PasswordHasher& TestHasher() {
  static PasswordHasher hasher(PasswordHashParams::ForTesting());
  return hasher;
}

TEST(PasswordHasherTest, HashThenVerifySucceeds) {
  auto hash = TestHasher().Hash("correct horse battery staple");
  ASSERT_TRUE(hash.has_value());
  EXPECT_THAT(*hash, StartsWith("$argon2id$v=19$"));
  EXPECT_TRUE(TestHasher().Verify(*hash, "correct horse battery staple"));
}

TEST(PasswordHasherTest, WrongPasswordFails) {
  auto hash = TestHasher().Hash("correct horse battery staple");
  ASSERT_TRUE(hash.has_value());
  EXPECT_FALSE(TestHasher().Verify(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(TestHasher().Verify(*hash, "Correct horse battery staple"));
  EXPECT_FALSE(TestHasher().Verify(*hash, ""));
}

TEST(PasswordHasherTest, SaltMakesHashesDiffer) {
  auto a = TestHasher().Hash("same password here");
  auto b = TestHasher().Hash("same password here");
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(TestHasher().Verify(*a, "same password here"));
  EXPECT_TRUE(TestHasher().Verify(*b, "same password here"));
}

TEST(PasswordHasherTest, TestParamsAreEncodedInHash) {
  auto hash = TestHasher().Hash("x");
  ASSERT_TRUE(hash.has_value());
  const std::string expected =
      "$argon2id$v=19$m=" + std::to_string(crypto_pwhash_MEMLIMIT_MIN / 1024) +
      ",t=" + std::to_string(crypto_pwhash_OPSLIMIT_MIN) + ",p=1$";
  EXPECT_THAT(*hash, StartsWith(expected));
}

TEST(PasswordHasherTest, ProductionParamsProduceExpectedPrefix) {
  // The only test with the real cost (64 MiB, t=2).
  const PasswordHashParams params = PasswordHashParams::Production();
  EXPECT_EQ(params.opslimit, 2u);
  EXPECT_EQ(params.memlimit, 64u * 1024 * 1024);
  PasswordHasher hasher(params);
  auto hash = hasher.Hash("a production password");
  ASSERT_TRUE(hash.has_value());
  EXPECT_THAT(*hash, StartsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
  EXPECT_FALSE(hasher.NeedsRehash(*hash));
  EXPECT_TRUE(TestHasher().NeedsRehash(*hash));
}

TEST(PasswordHasherTest, EmptyPasswordHashesAndVerifies) {
  auto hash = TestHasher().Hash("");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(TestHasher().Verify(*hash, ""));
  EXPECT_FALSE(TestHasher().Verify(*hash, " "));
}

TEST(PasswordHasherTest, Utf8PasswordRoundTrips) {
  const std::string pw = "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91 pass";
  auto hash = TestHasher().Hash(pw);
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(TestHasher().Verify(*hash, pw));
}

TEST(PasswordHasherTest, RejectsOverlongPassword) {
  const std::string max(PasswordHasher::kMaxPasswordBytes, 'a');
  auto ok = TestHasher().Hash(max);
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(TestHasher().Verify(*ok, max));

  const std::string too_long(PasswordHasher::kMaxPasswordBytes + 1, 'a');
  auto hash = TestHasher().Hash(too_long);
  ASSERT_FALSE(hash.has_value());
  EXPECT_EQ(hash.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(TestHasher().Verify(*ok, too_long));
}

TEST(PasswordHasherTest, RejectsEmbeddedNul) {
  const std::string pw("abc\0def", 7);
  auto hash = TestHasher().Hash(pw);
  ASSERT_FALSE(hash.has_value());
  EXPECT_EQ(hash.error().code, ErrorCode::kInvalidArgument);
  auto good = TestHasher().Hash("abc");
  ASSERT_TRUE(good.has_value());
  EXPECT_FALSE(TestHasher().Verify(*good, pw));
}

TEST(PasswordHasherTest, MalformedHashesNeverVerify) {
  auto hash = TestHasher().Hash("password password");
  ASSERT_TRUE(hash.has_value());
  EXPECT_FALSE(TestHasher().Verify("", "password password"));
  EXPECT_FALSE(TestHasher().Verify("not a hash", "password password"));
  EXPECT_FALSE(TestHasher().Verify(hash->substr(0, hash->size() - 5), "password password"));
  std::string with_nul = *hash;
  with_nul[20] = '\0';
  EXPECT_FALSE(TestHasher().Verify(with_nul, "password password"));
  EXPECT_FALSE(TestHasher().Verify(std::string(500, '$'), "password password"));
}

TEST(PasswordHasherTest, RejectsArgon2iHashes) {
  char out[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(out, "pw", 2, crypto_pwhash_argon2i_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2I13),
            0);
  ASSERT_THAT(std::string(out), StartsWith("$argon2i$"));
  EXPECT_FALSE(TestHasher().Verify(out, "pw"));
  EXPECT_TRUE(TestHasher().NeedsRehash(out));
}

TEST(PasswordHasherTest, NeedsRehashWhenParametersChange) {
  auto hash = TestHasher().Hash("rehash me please");
  ASSERT_TRUE(hash.has_value());
  EXPECT_FALSE(TestHasher().NeedsRehash(*hash));
  PasswordHashParams stronger = PasswordHashParams::ForTesting();
  stronger.opslimit += 1;
  PasswordHasher other(stronger);
  EXPECT_TRUE(other.NeedsRehash(*hash));
  // Verification still works with a hasher of other parameters: they are in the string.
  EXPECT_TRUE(other.Verify(*hash, "rehash me please"));
}

TEST(PasswordHasherTest, NeedsRehashForGarbage) {
  EXPECT_TRUE(TestHasher().NeedsRehash(""));
  EXPECT_TRUE(TestHasher().NeedsRehash("$argon2id$garbage"));
  EXPECT_TRUE(TestHasher().NeedsRehash("$2y$10$abcdefghijklmnopqrstuv"));
}

TEST(PasswordHasherTest, ConcurrencyIsCapped) {
  PasswordHasher hasher(PasswordHashParams::ForTesting(), /*max_concurrent=*/1);
  EXPECT_EQ(hasher.MaxConcurrent(), 1);
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&hasher, &ok, t] {
      for (int i = 0; i < 3; ++i) {
        auto hash = hasher.Hash("thread password");
        if (hash.has_value() && hasher.Verify(*hash, "thread password")) {
          ++ok[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(hasher.PeakConcurrency(), 1);
  for (int n : ok) {
    EXPECT_EQ(n, 3);
  }
}

TEST(PasswordHasherTest, ConcurrencyBelowOneBecomesOne) {
  PasswordHasher hasher(PasswordHashParams::ForTesting(), 0);
  EXPECT_EQ(hasher.MaxConcurrent(), 1);
  auto hash = hasher.Hash("still works");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(hasher.Verify(*hash, "still works"));
  EXPECT_EQ(hasher.PeakConcurrency(), 1);
}

}  // namespace
}  // namespace warroom::core::auth
