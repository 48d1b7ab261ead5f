#include "server/core/directory/validate.h"

#include <algorithm>
#include <cctype>

#include "libs/base/utf8.h"

namespace warroom::core {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsCleanText(std::string_view s, bool allow_tab) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b == 0x7F || (b < 0x20 && !(allow_tab && b == '\t'))) return false;
      ++i;
      continue;
    }
    char32_t cp = 0;
    const size_t len = DecodeUtf8(s, i, cp);
    if (len == 0) return false;
    // C1 controls and the line and paragraph separators break lines where none is meant.
    if ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
      return false;
    }
    i += len;
  }
  return true;
}

Result<std::string> NormaliseName(std::string_view s, size_t max_bytes) {
  const std::string_view t = Trim(s);
  if (t.empty()) return Error::InvalidArgument("required");
  if (t.size() > max_bytes) return Error::InvalidArgument("too_long");
  if (!IsCleanText(t)) return Error::InvalidArgument("invalid_text");
  return std::string(t);
}

bool IsNisCode(std::string_view s) {
  return s.size() == 5 && std::all_of(s.begin(), s.end(), IsDigit);
}

std::optional<NisGeography> GeographyOfNisCode(std::string_view nis) {
  if (!IsNisCode(nis)) return std::nullopt;
  constexpr const char* kFlanders = "02000";
  constexpr const char* kWallonia = "03000";
  constexpr const char* kBrussels = "04000";
  // The provinces' own codes, and the arrondissements (first two digits) of each
  // province in the REFNIS of 2019 and 2025 (Statbel; see shared/data/PROVENANCE.md).
  struct Province {
    const char* code;
    const char* region;
    std::string_view arrondissements;  // two digits each
  };
  static constexpr Province kProvinces[] = {
      {"10000", kFlanders, "111213"},       {"20001", kFlanders, "2324"},
      {"20002", kWallonia, "25"},           {"30000", kFlanders, "3132333435363738"},
      {"40000", kFlanders, "414243444546"}, {"50000", kWallonia, "51525355565758"},
      {"60000", kWallonia, "61626364"},     {"70000", kFlanders, "717273"},
      {"80000", kWallonia, "8182838485"},   {"90000", kWallonia, "919293"},
  };
  const std::string_view prefix = nis.substr(0, 2);
  for (const Province& p : kProvinces) {
    if (nis == p.code) return NisGeography{std::string(p.code), p.region};
    for (size_t i = 0; i + 1 < p.arrondissements.size(); i += 2) {
      if (p.arrondissements.substr(i, 2) == prefix) {
        return NisGeography{std::string(p.code), p.region};
      }
    }
  }
  if (prefix == "21") return NisGeography{std::nullopt, kBrussels};
  return std::nullopt;
}

std::vector<FieldError> CheckNisGeography(const std::optional<std::string>& nis,
                                          const std::optional<std::string>& province_nis,
                                          const std::optional<std::string>& region_nis) {
  std::vector<FieldError> errors;
  if (!nis) return errors;
  const std::optional<NisGeography> where = GeographyOfNisCode(*nis);
  if (!where) return errors;
  if (province_nis && where->province_nis != province_nis) {
    errors.push_back({"/province_nis", 0, 0, "nis_code_outside_province",
                      "the NIS code " + *nis + " lies outside the province " + *province_nis});
  }
  if (region_nis && where->region_nis != *region_nis) {
    errors.push_back({"/region_nis", 0, 0, "nis_code_outside_region",
                      "the NIS code " + *nis + " lies outside the region " + *region_nis});
  }
  return errors;
}

Result<std::string> NormaliseEmail(std::string_view s) {
  const std::string_view t = Trim(s);
  const auto invalid = Error::InvalidArgument("invalid_email");
  if (t.empty() || t.size() > 254) return invalid;
  const size_t at = t.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || t.find('@', at + 1) != t.npos) {
    return invalid;
  }
  const std::string_view domain = t.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == domain.npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != domain.npos) {
    return invalid;
  }
  std::string out;
  out.reserve(t.size());
  for (char c : t) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']') {
      return invalid;
    }
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  if (!IsCleanText(out)) return invalid;
  return out;
}

Result<std::string> NormalisePhone(std::string_view s) {
  std::string digits;
  bool plus = false;
  const std::string_view t = Trim(s);
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (c == '+' && i == 0) {
      plus = true;
    } else if (c == ' ' || c == '.' || c == '/' || c == '-' || c == '(' || c == ')') {
      continue;
    } else {
      return Error::InvalidArgument("invalid_phone");
    }
  }
  if (!plus) {
    if (digits.size() >= 2 && digits[0] == '0' && digits[1] == '0') {
      digits.erase(0, 2);
    } else if (!digits.empty() && digits[0] == '0' && (digits.size() == 9 || digits.size() == 10)) {
      digits = "32" + digits.substr(1);
    } else {
      return Error::InvalidArgument("invalid_phone");
    }
  }
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') {
    return Error::InvalidArgument("invalid_phone");
  }
  return "+" + digits;
}

std::vector<FieldError> ValidateAssignment(std::optional<int64_t> spoc,
                                           std::span<const int64_t> deputies,
                                           std::span<const int64_t> members) {
  std::vector<FieldError> errors;
  std::vector<int64_t> seen;
  auto check = [&](const std::string& field, int64_t person) {
    if (std::find(seen.begin(), seen.end(), person) != seen.end()) {
      errors.push_back({field, 0, 0, "duplicate", "duplicate"});
    } else if (std::find(members.begin(), members.end(), person) == members.end()) {
      errors.push_back({field, 0, 0, "not_a_member", "not_a_member"});
    }
    seen.push_back(person);
  };
  if (spoc) check("/spoc_id", *spoc);
  for (size_t i = 0; i < deputies.size(); ++i) {
    const std::string field = "/deputy_ids/" + std::to_string(i);
    if (i == kMaxDeputies) {
      errors.push_back({field, 0, 0, "too_many_deputies", "too_many_deputies"});
      break;
    }
    check(field, deputies[i]);
  }
  return errors;
}

}  // namespace warroom::core
