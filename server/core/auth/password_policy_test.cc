#include "server/core/auth/password_policy.h"

#include <string>

#include "gtest/gtest.h"

namespace warroom::core::auth {
namespace {

constexpr std::string_view kEmail = "jane.doe@stadt-beispiel.de";
constexpr std::string_view kName = "Jane Doe";

std::string ReasonOf(std::string_view password, std::string_view email = kEmail,
                     std::string_view name = kName) {
  const Status s = CheckPassword(password, email, name);
  if (s.has_value()) {
    return "ok";
  }
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  return s.error().message;
}

TEST(PasswordPolicyTest, AcceptsGoodPassphrase) {
  EXPECT_EQ(ReasonOf("river candle orbit mango"), "ok");
  EXPECT_EQ(ReasonOf("Tr0ub4dor&3xyz"), "ok");
}

TEST(PasswordPolicyTest, LengthBoundaryInCodePoints) {
  EXPECT_EQ(ReasonOf("abcdefghijk"), "too_short");  // 11
  EXPECT_EQ(ReasonOf("abcdefghijkm"), "ok");        // 12
  EXPECT_EQ(ReasonOf(""), "too_short");
  // 11 two-byte characters = 22 bytes but only 11 characters.
  std::string eleven;
  for (int i = 0; i < 11; ++i) {
    eleven += "\xc3\xa9";  // é
  }
  EXPECT_EQ(ReasonOf(eleven + "x"), "ok");
  EXPECT_EQ(ReasonOf(eleven), "too_short");
  // 4-byte emoji count as one character each.
  std::string emoji;
  for (int i = 0; i < 11; ++i) {
    emoji += (i % 2 == 0) ? "\xf0\x9f\x94\x91" : "\xf0\x9f\x94\x92";
  }
  EXPECT_EQ(ReasonOf(emoji), "too_short");
  EXPECT_EQ(ReasonOf(emoji + "!"), "ok");
}

TEST(PasswordPolicyTest, MaximumBytes) {
  std::string at_limit;
  while (at_limit.size() < kMaxPasswordBytes) {
    at_limit += static_cast<char>('a' + at_limit.size() % 26);
  }
  EXPECT_EQ(ReasonOf(at_limit), "ok");
  EXPECT_EQ(ReasonOf(at_limit + "z"), "too_long");
  // 129 two-byte characters = 258 bytes: too long although under 256 characters.
  std::string wide;
  for (int i = 0; i < 129; ++i) {
    wide += (i % 2 == 0) ? "\xc3\xa9" : "\xc3\xa8";
  }
  EXPECT_EQ(ReasonOf(wide), "too_long");
}

TEST(PasswordPolicyTest, RejectsInvalidUtf8) {
  EXPECT_EQ(ReasonOf("abcdefghijkl\xff"), "invalid_utf8");
  EXPECT_EQ(ReasonOf("abcdefghijkl\xc3"), "invalid_utf8");              // truncated
  EXPECT_EQ(ReasonOf("abcdefghijkl\xc0\xaf"), "invalid_utf8");          // overlong
  EXPECT_EQ(ReasonOf("abcdefghijkl\xed\xa0\x80"), "invalid_utf8");      // surrogate
  EXPECT_EQ(ReasonOf("abcdefghijkl\xf4\x90\x80\x80"), "invalid_utf8");  // > U+10FFFF
  EXPECT_EQ(ReasonOf("abcdefghijkl\x80"), "invalid_utf8");              // lone continuation
}

TEST(PasswordPolicyTest, RejectsSingleRepeatedCharacter) {
  EXPECT_EQ(ReasonOf("aaaaaaaaaaaa"), "repeated_character");
  EXPECT_EQ(ReasonOf("000000000000000"), "repeated_character");
  std::string euros;
  for (int i = 0; i < 12; ++i) {
    euros += "\xe2\x82\xac";
  }
  EXPECT_EQ(ReasonOf(euros), "repeated_character");
  EXPECT_EQ(ReasonOf("aaaaaaaaaaab"), "ok");
}

TEST(PasswordPolicyTest, RejectsCommonPasswordsCaseInsensitively) {
  EXPECT_EQ(ReasonOf("password1234"), "too_common");
  EXPECT_EQ(ReasonOf("PASSWORD1234"), "too_common");
  EXPECT_EQ(ReasonOf("Qwerty123456"), "too_common");
  EXPECT_EQ(ReasonOf("123456789012"), "too_common");
  EXPECT_EQ(ReasonOf("password12345x"), "ok");
}

TEST(PasswordPolicyTest, RejectsEmailLocalPart) {
  EXPECT_EQ(ReasonOf("xxjane.doexx-1234"), "contains_email");
  EXPECT_EQ(ReasonOf("xxJANE.DOExx-1234"), "contains_email");
  // The domain is not the local part.
  EXPECT_EQ(ReasonOf("stadt-beispiel-99"), "ok");
}

TEST(PasswordPolicyTest, ShortLocalPartIsIgnored) {
  EXPECT_EQ(ReasonOf("my jolly jumper!", "jo@example.org", "X Y"), "ok");
  EXPECT_EQ(ReasonOf("my joe jumper!!", "joe@example.org", "X Y"), "contains_email");
  // Local part is what comes before the last '@'.
  EXPECT_EQ(ReasonOf("xx\"a@b\"xx-1234", "\"a@b\"@example.org", "X Y"), "contains_email");
  EXPECT_EQ(ReasonOf("no at sign here", "not-an-email", "X Y"), "ok");
}

TEST(PasswordPolicyTest, RejectsNameWholeAndParts) {
  EXPECT_EQ(ReasonOf("i am janedoe 99", "x@example.org", kName), "contains_name");
  EXPECT_EQ(ReasonOf("hello JANE 12345", "x@example.org", kName), "contains_name");
  EXPECT_EQ(ReasonOf("hello doe! 12345", "x@example.org", kName), "contains_name");
  EXPECT_EQ(ReasonOf("Ali went to 9 places", "x@example.org", "Li Wu"), "ok");
  EXPECT_EQ(ReasonOf("mueller-schmidt!", "x@example.org", "Anna Müller-Schmidt"), "contains_name");
  EXPECT_EQ(ReasonOf("anything goes 12", "x@example.org", ""), "ok");
}

TEST(PasswordPolicyTest, OrderOfChecks) {
  // Invalid UTF-8 wins over length; length over content rules.
  EXPECT_EQ(ReasonOf("\xff"), "invalid_utf8");
  EXPECT_EQ(ReasonOf("jane"), "too_short");
  EXPECT_EQ(ReasonOf("aaaaaaaaaaaaaaaa", "aaaa@example.org", "aaaa"), "repeated_character");
}

TEST(PasswordPolicyTest, EveryReasonHasReadableText) {
  for (std::string_view reason :
       {kReasonInvalidUtf8, kReasonTooShort, kReasonTooLong, kReasonRepeatedCharacter,
        kReasonTooCommon, kReasonContainsEmail, kReasonContainsName}) {
    const std::string_view text = PasswordReasonText(reason);
    EXPECT_NE(text, PasswordReasonText("unknown")) << reason;
    EXPECT_GT(text.size(), 20u);
  }
  EXPECT_EQ(PasswordReasonText("nonsense"),
            "The password cannot be used. Please choose another one.");
}

}  // namespace
}  // namespace warroom::core::auth
