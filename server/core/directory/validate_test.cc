#include "server/core/directory/validate.h"

#include <gtest/gtest.h>

namespace warroom::core {
namespace {

TEST(ValidateTest, NamesAreTrimmedAndBounded) {
  EXPECT_EQ(NormaliseName("  Oefenstad ").value(), "Oefenstad");
  EXPECT_EQ(NormaliseName("   ").error().message, "required");
  EXPECT_EQ(NormaliseName(std::string(201, 'a')).error().message, "too_long");
  EXPECT_EQ(NormaliseName("a\nb").error().message, "invalid_text");
  EXPECT_EQ(NormaliseName(std::string("bad\xff")).error().message, "invalid_text");
  // Script payloads are plain text to the directory: stored as given, encoded on output.
  EXPECT_TRUE(NormaliseName("<script>alert(1)</script>").has_value());
}

TEST(ValidateTest, NisCodesAreFiveDigits) {
  EXPECT_TRUE(IsNisCode("11002"));
  EXPECT_TRUE(IsNisCode("02000"));
  EXPECT_FALSE(IsNisCode("1100"));
  EXPECT_FALSE(IsNisCode("110021"));
  EXPECT_FALSE(IsNisCode("1100a"));
  EXPECT_FALSE(IsNisCode("11 02"));
}

TEST(ValidateTest, EmailsAreNormalisedToLowerCase) {
  EXPECT_EQ(NormaliseEmail(" Jan.Peeters@Oefenstad.Example ").value(),
            "jan.peeters@oefenstad.example");
  for (const char* bad : {"", "jan", "@x.be", "jan@", "jan@be", "jan@x..be", "jan@.x.be",
                          "a b@x.be", "jan@x.be@y.be", "jan@x.be\r\nBcc: a@b.c", "<a@b.be>"}) {
    EXPECT_FALSE(NormaliseEmail(bad).has_value()) << bad;
  }
  EXPECT_FALSE(NormaliseEmail(std::string(65, 'a') + "@x.be").has_value());
}

TEST(ValidateTest, PhonesBecomeE164) {
  EXPECT_EQ(NormalisePhone("+32 499 00 12 34").value(), "+32499001234");
  EXPECT_EQ(NormalisePhone("0499/00.12.34").value(), "+32499001234");
  EXPECT_EQ(NormalisePhone("011 23 45 67").value(), "+3211234567");
  EXPECT_EQ(NormalisePhone("0031 20 123 4567").value(), "+31201234567");
  for (const char* bad : {"", "12345", "+32 abc", "+0123456789", "+1234567890123456", "49900"}) {
    EXPECT_FALSE(NormalisePhone(bad).has_value()) << bad;
  }
}

TEST(ValidateTest, CleanTextRejectsControlCharacters) {
  EXPECT_TRUE(IsCleanText("Province de Liège"));
  EXPECT_FALSE(IsCleanText("a\tb"));
  EXPECT_TRUE(IsCleanText("a\tb", /*allow_tab=*/true));
  EXPECT_FALSE(IsCleanText(std::string("a\0b", 3)));
  EXPECT_FALSE(
      IsCleanText("a\xc2\x85"
                  "b"));                      // NEL, a C1 control
  EXPECT_FALSE(IsCleanText("\xed\xa0\x80"));  // a UTF-16 surrogate
}

}  // namespace
}  // namespace warroom::core
