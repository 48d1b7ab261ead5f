#include "server/core/auth/totp.h"

#include <chrono>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace warroom::core::auth {
namespace {

using std::chrono::seconds;

ports::TimePoint At(std::int64_t unix_seconds) { return ports::TimePoint(seconds(unix_seconds)); }

// RFC 6238 Appendix B seeds.
constexpr std::string_view kSeed20 = "12345678901234567890";
constexpr std::string_view kSeed32 = "12345678901234567890123456789012";
constexpr std::string_view kSeed64 =
    "1234567890123456789012345678901234567890123456789012345678901234";

struct Vector {
  std::int64_t time;
  const char* sha1;
  const char* sha256;
  const char* sha512;
};

constexpr Vector kRfc6238Vectors[] = {
    {59, "94287082", "46119246", "90693936"},
    {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"},
    {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"},
    {20000000000, "65353130", "77737706", "47863826"},
};

TEST(TotpTest, Rfc6238AppendixBVectors) {
  const TotpParams sha1{TotpAlgorithm::kSha1, 8, 30};
  const TotpParams sha256{TotpAlgorithm::kSha256, 8, 30};
  const TotpParams sha512{TotpAlgorithm::kSha512, 8, 30};
  for (const Vector& v : kRfc6238Vectors) {
    // T = floor(time / 30), as in the RFC's reference implementation.
    const std::int64_t step = v.time / 30;
    EXPECT_EQ(TotpCodeAt(kSeed20, step, sha1).value_or(""), v.sha1) << v.time;
    EXPECT_EQ(TotpCodeAt(kSeed32, step, sha256).value_or(""), v.sha256) << v.time;
    EXPECT_EQ(TotpCodeAt(kSeed64, step, sha512).value_or(""), v.sha512) << v.time;
    // system_clock counts nanoseconds in 64 bits and ends in 2262, so the year-2603
    // vector can only be checked by step.
    if (v.time < 10'000'000'000) {
      EXPECT_EQ(TotpCode(kSeed20, At(v.time), sha1).value_or(""), v.sha1) << v.time;
      EXPECT_EQ(TotpCode(kSeed32, At(v.time), sha256).value_or(""), v.sha256) << v.time;
      EXPECT_EQ(TotpCode(kSeed64, At(v.time), sha512).value_or(""), v.sha512) << v.time;
    }
  }
}

TEST(TotpTest, Rfc4226HotpVectors) {
  constexpr const char* kExpected[] = {"755224", "287082", "359152", "969429", "338314",
                                       "254676", "287922", "162583", "399871", "520489"};
  for (std::int64_t counter = 0; counter < 10; ++counter) {
    auto code = TotpCodeAt(kSeed20, counter);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, kExpected[counter]) << counter;
  }
}

TEST(TotpTest, DefaultIsSixDigitsSha1ThirtySeconds) {
  auto code = TotpCode(kSeed20, At(59));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, "287082");  // last 6 digits of 94287082
  auto step = TotpStep(At(59));
  ASSERT_TRUE(step.has_value());
  EXPECT_EQ(*step, 1);
  EXPECT_EQ(*TotpStep(At(60)), 2);
  EXPECT_EQ(*TotpStep(At(0)), 0);
}

TEST(TotpTest, InvalidParameters) {
  EXPECT_EQ(TotpCodeAt(kSeed20, 1, {TotpAlgorithm::kSha1, 5, 30}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(TotpCodeAt(kSeed20, 1, {TotpAlgorithm::kSha1, 10, 30}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(TotpCodeAt(kSeed20, 1, {TotpAlgorithm::kSha1, 9, 30}).has_value());
  EXPECT_EQ(TotpStep(At(10), {TotpAlgorithm::kSha1, 6, 0}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(TotpStep(At(-1)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(TotpCodeAt("", 1).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(TotpCodeAt(kSeed20, -1).error().code, ErrorCode::kInvalidArgument);
}

TEST(TotpTest, VerifyAcceptsCurrentAndAdjacentSteps) {
  const std::int64_t now = 1'700'000'015;  // step 56666667
  const std::int64_t step = now / 30;
  for (std::int64_t delta : {-1, 0, 1}) {
    auto code = TotpCodeAt(kSeed20, step + delta);
    ASSERT_TRUE(code.has_value());
    auto verified = VerifyTotp(kSeed20, *code, At(now), -1);
    ASSERT_TRUE(verified.has_value()) << delta;
    EXPECT_EQ(*verified, step + delta);
  }
}

TEST(TotpTest, VerifyRejectsStepsOutsideDrift) {
  const std::int64_t now = 1'700'000'015;
  const std::int64_t step = now / 30;
  for (std::int64_t delta : {-3, -2, 2, 3}) {
    auto code = TotpCodeAt(kSeed20, step + delta);
    ASSERT_TRUE(code.has_value());
    auto verified = VerifyTotp(kSeed20, *code, At(now), -1);
    ASSERT_FALSE(verified.has_value()) << delta;
    EXPECT_EQ(verified.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(verified.error().message, "wrong_code");
  }
}

TEST(TotpTest, VerifyRejectsReplay) {
  const std::int64_t now = 1'700'000'015;
  const std::int64_t step = now / 30;
  auto code = TotpCodeAt(kSeed20, step);
  ASSERT_TRUE(code.has_value());
  auto first = VerifyTotp(kSeed20, *code, At(now), -1);
  ASSERT_TRUE(first.has_value());
  auto replay = VerifyTotp(kSeed20, *code, At(now + 5), *first);
  ASSERT_FALSE(replay.has_value());
  EXPECT_EQ(replay.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(replay.error().message, "code_already_used");
  // An older code (previous step) is refused after a newer one was accepted.
  auto older = TotpCodeAt(kSeed20, step - 1);
  ASSERT_TRUE(older.has_value());
  EXPECT_EQ(VerifyTotp(kSeed20, *older, At(now), step).error().message, "code_already_used");
  // The next step's code is still accepted.
  auto next = TotpCodeAt(kSeed20, step + 1);
  ASSERT_TRUE(next.has_value());
  auto accepted = VerifyTotp(kSeed20, *next, At(now), step);
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(*accepted, step + 1);
}

TEST(TotpTest, VerifyRejectsBadFormat) {
  const auto now = At(1'700'000'015);
  for (std::string_view bad : {"", "12345", "1234567", "12345a", "12 345", " 123456", "123456 ",
                               "+12345", "-12345", "１２３４５６"}) {
    auto verified = VerifyTotp(kSeed20, bad, now, -1);
    ASSERT_FALSE(verified.has_value()) << bad;
    EXPECT_EQ(verified.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(verified.error().message, "invalid_format") << bad;
  }
  EXPECT_EQ(VerifyTotp("", "123456", now, -1).error().message, "invalid_format");
  const std::string with_nul("12345\0", 6);
  EXPECT_EQ(VerifyTotp(kSeed20, with_nul, now, -1).error().message, "invalid_format");
}

TEST(TotpTest, VerifyAtEpochOnlyChecksNonNegativeSteps) {
  auto code0 = TotpCodeAt(kSeed20, 0);
  ASSERT_TRUE(code0.has_value());
  auto verified = VerifyTotp(kSeed20, *code0, At(10), -1);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(*verified, 0);
}

TEST(TotpTest, VerifyWithEightDigitParams) {
  const TotpParams p{TotpAlgorithm::kSha256, 8, 30};
  auto ok = VerifyTotp(kSeed32, "67062674", At(1111111111), -1, p);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 1111111111 / 30);
  EXPECT_EQ(VerifyTotp(kSeed32, "670626", At(1111111111), -1, p).error().message, "invalid_format");
}

TEST(TotpTest, Base32Rfc4648Vectors) {
  EXPECT_EQ(Base32Encode(""), "");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Encode("fo"), "MZXQ");
  EXPECT_EQ(Base32Encode("foo"), "MZXW6");
  EXPECT_EQ(Base32Encode("foob"), "MZXW6YQ");
  EXPECT_EQ(Base32Encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode(kSeed20), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  for (std::string_view plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto back = Base32Decode(Base32Encode(plain));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, plain);
  }
}

TEST(TotpTest, Base32DecodeIsCaseInsensitiveAndAcceptsPadding) {
  EXPECT_EQ(*Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(*Base32Decode("MzXw6YtBoI"), "foobar");
  EXPECT_EQ(*Base32Decode("MZXW6YQ="), "foob");
  EXPECT_EQ(*Base32Decode("MY======"), "f");
}

TEST(TotpTest, Base32DecodeRejectsBadInput) {
  for (std::string_view bad : std::initializer_list<std::string_view>{
           "MZXW6YT1", "MZXW 6YTB", "MZXW-6YTB", "M", "MZX", "MZXW6Y", "MZ=XW", "MZ\xc3\xa9",
           std::string_view("MZ\0X", 4)}) {
    auto r = Base32Decode(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
  // "MZ" would be "f" but "M3" has non-zero trailing bits.
  EXPECT_FALSE(Base32Decode("M3").has_value());
}

TEST(TotpTest, Base32RoundTripsAllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
  }
  for (std::size_t len = 0; len <= bytes.size(); len += 7) {
    const std::string part = bytes.substr(0, len);
    auto back = Base32Decode(Base32Encode(part));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, part);
  }
}

TEST(TotpTest, GeneratedSecretsAreRandomAndTwentyBytes) {
  auto a = GenerateTotpSecret();
  auto b = GenerateTotpSecret();
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->size(), kTotpSecretBytes);
  EXPECT_EQ(b->size(), kTotpSecretBytes);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(Base32Encode(*a).size(), 32u);
}

TEST(TotpTest, OtpauthUriIsPercentEncoded) {
  auto uri = OtpauthUri("Stadt Musterhausen", "jane.doe+cert@example.org",
                        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(*uri,
            "otpauth://totp/Stadt%20Musterhausen:jane.doe%2Bcert%40example.org"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Stadt%20Musterhausen"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(TotpTest, OtpauthUriEncodesUtf8AndReservedCharacters) {
  auto uri = OtpauthUri("K\xc3\xb6ln & Co/IT?", "a#b", "mzxw6ytboi");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(*uri,
            "otpauth://totp/K%C3%B6ln%20%26%20Co%2FIT%3F:a%23b?secret=MZXW6YTBOI"
            "&issuer=K%C3%B6ln%20%26%20Co%2FIT%3F&algorithm=SHA1&digits=6&period=30");
  auto sha512 = OtpauthUri("I", "a", "MZXW6YTBOI", {TotpAlgorithm::kSha512, 8, 60});
  ASSERT_TRUE(sha512.has_value());
  EXPECT_THAT(*sha512, ::testing::EndsWith("&algorithm=SHA512&digits=8&period=60"));
}

TEST(TotpTest, OtpauthUriRejectsBadInput) {
  EXPECT_EQ(OtpauthUri("", "a", "MZXW6YTBOI").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(OtpauthUri("I", "", "MZXW6YTBOI").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(OtpauthUri("I:x", "a", "MZXW6YTBOI").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(OtpauthUri("I", "a:b", "MZXW6YTBOI").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(OtpauthUri("I", "a", "not base32!").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(OtpauthUri("I", "a", "").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace warroom::core::auth
