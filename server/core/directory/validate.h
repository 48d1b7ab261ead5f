// Validation and normalisation of directory input, shared by the API and CSV import,
// so that both accept and reject exactly the same values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core {

// True when `s` is well-formed UTF-8 without control characters (tab excepted when
// `allow_tab`). Line breaks are not allowed in single-line fields.
bool IsCleanText(std::string_view s, bool allow_tab = false);

// Trims surrounding white space, checks it is clean text of 1..max_bytes bytes.
// Fails with kInvalidArgument and code "required", "too_long" or "invalid_text".
Result<std::string> NormaliseName(std::string_view s, size_t max_bytes = 200);

// True for a Belgian NIS (REFNIS) code: exactly five ASCII digits.
bool IsNisCode(std::string_view s);

// Where a REFNIS code lies. A municipality's code starts with the two digits of its
// arrondissement, and every arrondissement lies in one province (none in Brussels) and
// one region; a province's own code (10000, 20001, ...) names itself.
struct NisGeography {
  std::optional<std::string> province_nis;  // std::nullopt in the Brussels region
  std::string region_nis;
};

// The province and region `nis` belongs to, or std::nullopt when its leading digits
// name no arrondissement or province of the REFNIS (region codes such as 02000, and the
// fictional codes of exercises such as 99001), so that nothing can be said about it.
std::optional<NisGeography> GeographyOfNisCode(std::string_view nis);

// One FieldError per contradiction between a NIS code and the province or region given
// with it: "/province_nis" with code "nis_code_outside_province" (also when a Brussels
// code is given a province) and "/region_nis" with code "nis_code_outside_region". Empty
// when they agree, when a value is missing, or when GeographyOfNisCode knows nothing.
std::vector<FieldError> CheckNisGeography(const std::optional<std::string>& nis,
                                          const std::optional<std::string>& province_nis,
                                          const std::optional<std::string>& region_nis);

// Lower-cases and trims an e-mail address and checks its shape (one '@', a local part
// of 1..64 and a domain with a dot, no spaces or control characters, at most 254 bytes).
// Fails with kInvalidArgument, code "invalid_email".
Result<std::string> NormaliseEmail(std::string_view s);

// Normalises a phone number to E.164: separators (space . / - ( )) removed; a national
// Belgian number (0 followed by 8 or 9 digits) gets +32; "00" becomes "+". The result
// is "+" and 8..15 digits. Fails with kInvalidArgument, code "invalid_phone".
Result<std::string> NormalisePhone(std::string_view s);

// The most deputies an organisation has (the CSV import's spoc_order 1..99).
inline constexpr size_t kMaxDeputies = 99;

// The rule "one SPOC, ordered deputies", for the API's SetSpoc and the people import
// alike (both reach it through service::DirectoryWrites::SetSpoc): every person at most
// once (the SPOC is not also a deputy), every person one of the organisation's
// `members`, at most kMaxDeputies deputies. Returns one FieldError per problem, at
// "/spoc_id" or "/deputy_ids/<i>", with code "duplicate", "not_a_member" or
// "too_many_deputies" (at the first deputy past the limit); empty when it holds.
std::vector<FieldError> ValidateAssignment(std::optional<int64_t> spoc,
                                           std::span<const int64_t> deputies,
                                           std::span<const int64_t> members);

}  // namespace warroom::core
