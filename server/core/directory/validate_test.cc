#include "server/core/directory/validate.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

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

TEST(ValidateTest, TheLeadingDigitsOfANisCodePlaceItInAProvinceAndRegion) {
  const auto liege = GeographyOfNisCode("62063");  // Luik
  ASSERT_TRUE(liege.has_value());
  EXPECT_EQ(liege->province_nis, "60000");
  EXPECT_EQ(liege->region_nis, "03000");
  EXPECT_EQ(GeographyOfNisCode("24062")->province_nis, "20001");  // Leuven
  EXPECT_EQ(GeographyOfNisCode("25005")->province_nis, "20002");  // Bevekom
  EXPECT_EQ(GeographyOfNisCode("20002")->region_nis, "03000");    // the province itself
  const auto brussels = GeographyOfNisCode("21004");
  ASSERT_TRUE(brussels.has_value());
  EXPECT_EQ(brussels->province_nis, std::nullopt);
  EXPECT_EQ(brussels->region_nis, "04000");
  // Exercise codes and region codes lie nowhere the REFNIS knows.
  EXPECT_FALSE(GeographyOfNisCode("99001").has_value());
  EXPECT_FALSE(GeographyOfNisCode("02000").has_value());
  EXPECT_FALSE(GeographyOfNisCode("6206").has_value());
}

TEST(ValidateTest, ANisCodeOutsideTheGivenProvinceOrRegionIsAnError) {
  EXPECT_TRUE(CheckNisGeography("62063", "60000", "03000").empty());
  EXPECT_TRUE(CheckNisGeography("62063", std::nullopt, std::nullopt).empty());
  EXPECT_TRUE(CheckNisGeography("99001", "10000", "02000").empty());
  EXPECT_TRUE(CheckNisGeography("21004", std::nullopt, "04000").empty());
  const auto wrong = CheckNisGeography("62063", "10000", "02000");
  ASSERT_EQ(wrong.size(), 2u);
  EXPECT_EQ(wrong[0].field, "/province_nis");
  EXPECT_EQ(wrong[0].code, "nis_code_outside_province");
  EXPECT_EQ(wrong[1].field, "/region_nis");
  EXPECT_EQ(wrong[1].code, "nis_code_outside_region");
  const auto brussels = CheckNisGeography("21004", "20001", std::nullopt);
  ASSERT_EQ(brussels.size(), 1u);
  EXPECT_EQ(brussels[0].code, "nis_code_outside_province");
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

// "One SPOC, ordered deputies", as the API and the people import both check it.
std::vector<std::string> Codes(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back(e.field + ":" + e.code);
  return out;
}

TEST(ValidateAssignmentTest, ASpocAndDistinctDeputiesOfTheOrganisationHold) {
  const std::vector<int64_t> members{1, 2, 3, 4};
  EXPECT_TRUE(ValidateAssignment(1, std::vector<int64_t>{3, 2}, members).empty());
  EXPECT_TRUE(ValidateAssignment(std::nullopt, std::vector<int64_t>{4}, members).empty());
  EXPECT_TRUE(ValidateAssignment(std::nullopt, {}, members).empty());
}

TEST(ValidateAssignmentTest, TheSpocIsNotAlsoADeputy) {
  const std::vector<int64_t> members{1, 2};
  EXPECT_EQ(Codes(ValidateAssignment(1, std::vector<int64_t>{2, 1}, members)),
            std::vector<std::string>{"/deputy_ids/1:duplicate"});
}

TEST(ValidateAssignmentTest, APersonIsADeputyOnce) {
  const std::vector<int64_t> members{1, 2, 3};
  EXPECT_EQ(Codes(ValidateAssignment(std::nullopt, std::vector<int64_t>{2, 3, 2}, members)),
            std::vector<std::string>{"/deputy_ids/2:duplicate"});
}

TEST(ValidateAssignmentTest, APersonOfAnotherOrganisationIsRefused) {
  const std::vector<int64_t> members{1, 2};
  EXPECT_EQ(Codes(ValidateAssignment(7, std::vector<int64_t>{2, 8}, members)),
            (std::vector<std::string>{"/spoc_id:not_a_member", "/deputy_ids/1:not_a_member"}));
}

TEST(ValidateAssignmentTest, NoMoreDeputiesThanTheLimit) {
  std::vector<int64_t> members;
  for (int64_t id = 1; id <= static_cast<int64_t>(kMaxDeputies) + 2; ++id) members.push_back(id);
  const std::vector<int64_t> most(members.begin() + 1,
                                  members.begin() + 1 + static_cast<long>(kMaxDeputies));
  EXPECT_TRUE(ValidateAssignment(1, most, members).empty());
  const std::vector<int64_t> too_many(members.begin() + 1, members.end());
  EXPECT_EQ(Codes(ValidateAssignment(1, too_many, members)),
            std::vector<std::string>{"/deputy_ids/" + std::to_string(kMaxDeputies) +
                                     ":too_many_deputies"});
}

}  // namespace
}  // namespace warroom::core
