#include "server/core/advisory/model.h"

#include <algorithm>
#include <array>
#include <utility>

#include "libs/base/utf8.h"
#include "server/core/advisory/language.h"

namespace warroom::core {
namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Severity, 4> kSeverities{{
    {Severity::kInfo, "info"},
    {Severity::kWarning, "warning"},
    {Severity::kAlert, "alert"},
    {Severity::kCritical, "critical"},
}};
constexpr NameTable<Tlp, 5> kTlps{{
    {Tlp::kClear, "clear"},
    {Tlp::kGreen, "green"},
    {Tlp::kAmber, "amber"},
    {Tlp::kAmberStrict, "amber+strict"},
    {Tlp::kRed, "red"},
}};
constexpr NameTable<AdvisoryStatus, 3> kStatuses{{
    {AdvisoryStatus::kDraft, "draft"},
    {AdvisoryStatus::kSent, "sent"},
    {AdvisoryStatus::kWithdrawn, "withdrawn"},
}};
constexpr NameTable<AckChannel, 3> kAckChannels{{
    {AckChannel::kLink, "link"},
    {AckChannel::kApp, "app"},
    {AckChannel::kPhone, "phone"},
}};
constexpr NameTable<StepTarget, 5> kTargets{{
    {StepTarget::kSpoc, "spoc"},
    {StepTarget::kEachDeputy, "each_deputy"},
    {StepTarget::kAllDeputies, "all_deputies"},
    {StepTarget::kOutOfBand, "out_of_band"},
    {StepTarget::kCallList, "call_list"},
}};
constexpr NameTable<CallOutcome, 4> kOutcomes{{
    {CallOutcome::kReached, "reached"},
    {CallOutcome::kNoAnswer, "no_answer"},
    {CallOutcome::kVoicemail, "voicemail"},
    {CallOutcome::kWrongNumber, "wrong_number"},
}};
constexpr NameTable<HelpStatus, 3> kHelpStatuses{{
    {HelpStatus::kOpen, "open"},
    {HelpStatus::kInProgress, "in_progress"},
    {HelpStatus::kClosed, "closed"},
}};

template <typename E, size_t N>
std::string_view Lookup(const NameTable<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> Parse(const NameTable<E, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

// Code points in valid UTF-8, or -1 when the text is not valid UTF-8.
long CodePoints(std::string_view text) {
  long n = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) return -1;
    i += len;
    ++n;
  }
  return n;
}

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

void CheckText(std::vector<FieldError>& errors, const std::string& field, std::string_view value,
               long max_chars, bool required) {
  long n = CodePoints(value);
  if (n < 0) {
    errors.push_back({field, 0, 0, "invalid_utf8", "is not valid UTF-8"});
  } else if (required && Blank(value)) {
    errors.push_back({field, 0, 0, "required", "must not be empty"});
  } else if (n > max_chars) {
    errors.push_back(
        {field, 0, 0, "too_long", "must be at most " + std::to_string(max_chars) + " characters"});
  }
}

constexpr std::array kCompleteLanguages{Language::kNl, Language::kFr, Language::kEn};
constexpr int kMaxWaitMinutes = 7 * 24 * 60;

}  // namespace

std::string_view Name(Severity v) { return Lookup(kSeverities, v); }
std::string_view Name(Tlp v) { return Lookup(kTlps, v); }
std::string_view Name(AdvisoryStatus v) { return Lookup(kStatuses, v); }
std::string_view Name(AckChannel v) { return Lookup(kAckChannels, v); }
std::string_view Name(StepTarget v) { return Lookup(kTargets, v); }
std::string_view Name(CallOutcome v) { return Lookup(kOutcomes, v); }
std::string_view Name(HelpStatus v) { return Lookup(kHelpStatuses, v); }
std::optional<Severity> ParseSeverity(std::string_view s) { return Parse(kSeverities, s); }
std::optional<Tlp> ParseTlp(std::string_view s) { return Parse(kTlps, s); }
std::optional<AdvisoryStatus> ParseAdvisoryStatus(std::string_view s) {
  return Parse(kStatuses, s);
}
std::optional<AckChannel> ParseAckChannel(std::string_view s) { return Parse(kAckChannels, s); }
std::optional<StepTarget> ParseStepTarget(std::string_view s) { return Parse(kTargets, s); }
std::optional<CallOutcome> ParseCallOutcome(std::string_view s) { return Parse(kOutcomes, s); }
std::optional<HelpStatus> ParseHelpStatus(std::string_view s) { return Parse(kHelpStatuses, s); }

std::string TlpLabel(Tlp tlp) {
  std::string label = "TLP:";
  for (char c : Name(tlp)) label += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return label;
}

bool TlpAllowsContentOutsideApp(Tlp tlp) { return tlp != Tlp::kAmberStrict && tlp != Tlp::kRed; }

std::vector<Language> MissingLanguages(const AdvisoryTexts& texts) {
  std::vector<Language> out;
  for (Language l : kCompleteLanguages) {
    if (!texts.contains(l)) out.push_back(l);
  }
  return out;
}

Status ValidateTexts(const AdvisoryTexts& texts) {
  std::vector<FieldError> errors;
  if (texts.empty()) {
    errors.push_back({"/texts", 0, 0, "required", "needs at least one language version"});
  }
  std::optional<size_t> points;
  for (const auto& [lang, text] : texts) {
    std::string base = "/texts/" + std::string(Name(lang));
    CheckText(errors, base + "/title", text.title, 200, true);
    if (text.body.size() > 100'000) {
      errors.push_back({base + "/body", 0, 0, "too_long", "must be at most 100,000 bytes"});
    } else {
      CheckText(errors, base + "/body", text.body, 100'000, true);
    }
    if (text.action_points.size() > 20) {
      errors.push_back({base + "/action_points", 0, 0, "too_many", "at most 20 action points"});
    }
    for (size_t i = 0; i < text.action_points.size(); ++i) {
      CheckText(errors, base + "/action_points/" + std::to_string(i), text.action_points[i], 500,
                true);
    }
    if (points && *points != text.action_points.size()) {
      errors.push_back({base + "/action_points", 0, 0, "mismatch",
                        "every language version needs the same number of action points"});
    }
    if (!points) points = text.action_points.size();
  }
  if (!errors.empty()) return Error::Invalid("the advisory's texts are not valid", errors);
  return {};
}

std::optional<Language> PickLanguage(Language preferred, const AdvisoryTexts& texts) {
  std::vector<Language> available;
  for (const auto& [lang, text] : texts) available.push_back(lang);
  return advisory::PickLanguage(preferred, available);
}

Status ValidateAudience(const Audience& a) {
  std::vector<FieldError> errors;
  if (!a.all && !a.HasFilters() && !a.provider_id && a.organisation_ids.empty()) {
    errors.push_back({"/audience", 0, 0, "empty",
                      "choose all local governments, filters, a provider's customers or "
                      "organisations"});
  }
  if (a.provider_service && !a.provider_id) {
    errors.push_back({"/audience/provider_service", 0, 0, "needs_provider",
                      "a service narrows a provider's customers; choose the provider"});
  }
  if (a.include_provider && !a.provider_id) {
    errors.push_back(
        {"/audience/include_provider", 0, 0, "needs_provider", "choose the provider to include"});
  }
  if (a.organisation_ids.size() > 10'000) {
    errors.push_back(
        {"/audience/organisation_ids", 0, 0, "too_many", "at most 10,000 organisations by hand"});
  }
  if (a.kinds.size() + a.region_nis.size() + a.province_nis.size() > 100) {
    errors.push_back({"/audience", 0, 0, "too_many", "at most 100 filter values"});
  }
  if (!errors.empty()) return Error::Invalid("the audience is not valid", errors);
  return {};
}

Status ValidatePolicy(const EscalationPolicy& policy) {
  std::vector<FieldError> errors;
  CheckText(errors, "/name", policy.name, 100, true);
  if (policy.description) CheckText(errors, "/description", *policy.description, 500, false);
  if (policy.steps.empty()) {
    errors.push_back({"/steps", 0, 0, "required", "a policy needs at least one step"});
  }
  if (policy.steps.size() > 20) {
    errors.push_back({"/steps", 0, 0, "too_many", "at most 20 steps"});
  }
  for (size_t i = 0; i < policy.steps.size(); ++i) {
    const PolicyStep& step = policy.steps[i];
    std::string base = "/steps/" + std::to_string(i);
    if (step.wait_minutes < 0 || step.wait_minutes > kMaxWaitMinutes) {
      errors.push_back({base + "/wait_minutes", 0, 0, "out_of_range",
                        "must be between 0 and " + std::to_string(kMaxWaitMinutes)});
    }
    if (step.to == StepTarget::kCallList && i + 1 != policy.steps.size()) {
      errors.push_back(
          {base + "/to", 0, 0, "call_list_not_last", "the call list is the last step"});
    }
  }
  if (!errors.empty()) return Error::Invalid("the escalation policy is not valid", errors);
  return {};
}

std::vector<Stage> PlanStages(const EscalationPolicy& policy, bool has_spoc, int deputies) {
  std::vector<Stage> stages;
  for (const PolicyStep& step : policy.steps) {
    switch (step.to) {
      case StepTarget::kSpoc:
        if (has_spoc) stages.push_back({false, {0}, false, step.wait_minutes, "spoc"});
        break;
      case StepTarget::kEachDeputy:
        for (int d = 1; d <= deputies; ++d) {
          stages.push_back({false, {d}, false, step.wait_minutes, "deputy " + std::to_string(d)});
        }
        break;
      case StepTarget::kAllDeputies:
        if (deputies > 0) {
          Stage s{false, {}, false, step.wait_minutes, "deputies"};
          for (int d = 1; d <= deputies; ++d) s.positions.push_back(d);
          stages.push_back(std::move(s));
        }
        break;
      case StepTarget::kOutOfBand:
        if (has_spoc || deputies > 0) {
          Stage s{false, {}, true, step.wait_minutes, "out-of-band"};
          for (int d = has_spoc ? 0 : 1; d <= deputies; ++d) s.positions.push_back(d);
          stages.push_back(std::move(s));
        }
        break;
      case StepTarget::kCallList:
        stages.push_back({true, {}, false, 0, "call list"});
        break;
    }
  }
  return stages;
}

bool OutOfBandAtOnce(const EscalationPolicy& policy, Severity severity) {
  return policy.out_of_band_from &&
         static_cast<int>(severity) >= static_cast<int>(*policy.out_of_band_from);
}

}  // namespace warroom::core
