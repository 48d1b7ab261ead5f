#include "server/core/auth/secrets.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace warroom::core::auth {
namespace {

using ::testing::MatchesRegex;

TEST(SecretsTest, RandomTokenIsBase64UrlWithoutPadding) {
  auto token = RandomToken();
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->size(), 43u);
  EXPECT_THAT(*token, MatchesRegex("[A-Za-z0-9_-]+"));
  auto one = RandomToken(1);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->size(), 2u);
  auto three = RandomToken(3);
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(three->size(), 4u);
}

TEST(SecretsTest, RandomTokensDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto token = RandomToken();
    ASSERT_TRUE(token.has_value());
    seen.insert(*token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(SecretsTest, RandomTokenRejectsBadLengths) {
  EXPECT_EQ(RandomToken(0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(RandomToken(1025).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(RandomToken(1024).has_value());
}

TEST(SecretsTest, HashTokenIsHexSha256) {
  EXPECT_EQ(HashToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(HashToken("abc"), HashToken("abd"));
}

TEST(SecretsTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
}

TEST(SecretsTest, HmacSha256Rfc4231Vectors) {
  // RFC 4231 test case 1 and 2.
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size.
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(SecretsTest, RecoveryCodesHaveTheDocumentedFormat) {
  auto codes = GenerateRecoveryCodes();
  ASSERT_TRUE(codes.has_value());
  ASSERT_EQ(codes->size(), 10u);
  std::set<std::string> unique(codes->begin(), codes->end());
  EXPECT_EQ(unique.size(), 10u);
  for (const std::string& code : *codes) {
    EXPECT_THAT(code, MatchesRegex("[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}"));
    auto normalized = NormalizeRecoveryCode(code);
    ASSERT_TRUE(normalized.has_value());
    EXPECT_EQ(*normalized, code);
  }
}

TEST(SecretsTest, RecoveryCodeAlphabetHasNoAmbiguousCharacters) {
  for (char c : std::string_view("01ilo")) {
    EXPECT_EQ(kRecoveryCodeAlphabet.find(c), std::string_view::npos) << c;
  }
  EXPECT_EQ(kRecoveryCodeAlphabet.size(), 31u);
}

TEST(SecretsTest, RecoveryCodeCountLimits) {
  EXPECT_EQ(GenerateRecoveryCodes(0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(GenerateRecoveryCodes(101).error().code, ErrorCode::kInvalidArgument);
  auto one = GenerateRecoveryCodes(1);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->size(), 1u);
}

TEST(SecretsTest, NormalizeRecoveryCodeAcceptsUserVariants) {
  for (std::string_view typed : {"abcd-efgh-jkmn", "ABCD-EFGH-JKMN", "abcdefghjkmn",
                                 " abcd efgh jkmn ", "abcd--efgh\tjkmn", "AbCd-eFgH-jKmN"}) {
    auto n = NormalizeRecoveryCode(typed);
    ASSERT_TRUE(n.has_value()) << typed;
    EXPECT_EQ(*n, "abcd-efgh-jkmn") << typed;
  }
}

TEST(SecretsTest, NormalizeRecoveryCodeRejectsBadInput) {
  for (std::string_view bad : {"", "abcd-efgh-jkm", "abcd-efgh-jkmnp", "abcd-efgh-jkm0",
                               "abcd-efgh-jkml", "abcd_efgh_jkmn", "abcd-efgh-jkmn\n",
                               "abcd-efgh-jkm\xc3\xa9", "abcdefghjkmnabcdefghjkmn"}) {
    auto n = NormalizeRecoveryCode(bad);
    ASSERT_FALSE(n.has_value()) << bad;
    EXPECT_EQ(n.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(n.error().message, "invalid_recovery_code");
  }
}

TEST(SecretsTest, ApiTokenRoundTrip) {
  auto token = NewApiToken();
  ASSERT_TRUE(token.has_value());
  EXPECT_THAT(token->id, MatchesRegex("[0-9a-f]{16}"));
  EXPECT_EQ(token->secret.size(), kApiTokenSecretChars);
  const std::string text = FormatApiToken(*token);
  EXPECT_THAT(text, MatchesRegex("wr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"));
  auto parsed = ParseApiToken(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, token->id);
  EXPECT_EQ(parsed->secret, token->secret);
}

TEST(SecretsTest, ApiTokenSecretMayContainUnderscores) {
  const ApiToken token{"0123456789abcdef", "___________________________________________"};
  auto parsed = ParseApiToken(FormatApiToken(token));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, token.id);
  EXPECT_EQ(parsed->secret, token.secret);
}

TEST(SecretsTest, ParseApiTokenRejectsMalformed) {
  const std::string secret(43, 'A');
  const std::string good = "wr_0123456789abcdef_" + secret;
  ASSERT_TRUE(ParseApiToken(good).has_value());
  for (const std::string& bad :
       {std::string(""), std::string("wr_"), "xx_0123456789abcdef_" + secret,
        "WR_0123456789abcdef_" + secret, "wr_0123456789ABCDEF_" + secret,
        "wr_0123456789abcdeg_" + secret, "wr_0123456789abcdef-" + secret,
        "wr_0123456789abcde_" + secret + "A", "wr_0123456789abcdef_" + secret.substr(1),
        "wr_0123456789abcdef_" + secret + "A", "wr_0123456789abcdef_" + secret.substr(1) + "=",
        "wr_0123456789abcdef_" + secret.substr(1) + "+", " " + good.substr(1)}) {
    auto parsed = ParseApiToken(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(parsed.error().message, "malformed_api_token");
  }
}

TEST(SecretsTest, StoredHashLookupFlow) {
  auto token = NewApiToken();
  ASSERT_TRUE(token.has_value());
  const std::string stored_hash = HashToken(token->secret);
  auto presented = ParseApiToken(FormatApiToken(*token));
  ASSERT_TRUE(presented.has_value());
  EXPECT_TRUE(ConstantTimeEquals(HashToken(presented->secret), stored_hash));
  EXPECT_FALSE(ConstantTimeEquals(HashToken(presented->secret + "x"), stored_hash));
}

}  // namespace
}  // namespace warroom::core::auth
