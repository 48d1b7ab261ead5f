#include "server/core/incident/timeline.h"

#include <algorithm>
#include <array>
#include <utility>

#include "server/core/incident/model.h"  // CheckFreeText

namespace warroom::core {
namespace {

constexpr std::array<std::pair<TimelineKind, std::string_view>, 4> kKinds{{
    {TimelineKind::kObservation, "observation"},
    {TimelineKind::kDecision, "decision"},
    {TimelineKind::kAction, "action"},
    {TimelineKind::kCommunication, "communication"},
}};
constexpr std::array kKindValues{TimelineKind::kObservation, TimelineKind::kDecision,
                                 TimelineKind::kAction, TimelineKind::kCommunication};

// Plain text may span lines; any other control character is refused, so that what one
// operator wrote is exactly what the next one reads.
bool HasControlCharacters(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b < 0x20 && c != '\n' && c != '\r' && c != '\t') || b == 0x7F;
  });
}

}  // namespace

std::string_view Name(TimelineKind v) {
  for (const auto& [value, name] : kKinds) {
    if (value == v) return name;
  }
  return "";
}

std::optional<TimelineKind> ParseTimelineKind(std::string_view s) {
  for (const auto& [value, name] : kKinds) {
    if (name == s) return value;
  }
  return std::nullopt;
}

std::span<const TimelineKind> AllTimelineKinds() { return kKindValues; }

Result<TimelineEntryDraft> CheckTimelineEntry(const TimelineEntryInput& in, int64_t author_user_id,
                                              int64_t now_ms) {
  std::vector<FieldError> errors;
  TimelineEntryDraft out;
  const auto kind = ParseTimelineKind(in.kind);
  if (!kind) {
    errors.push_back(
        {"/kind", 0, 0, "unknown_value", "must be observation, decision, action or communication"});
  } else {
    out.kind = *kind;
  }
  // Four bytes per character at most: a longer text is too long without decoding it.
  if (in.text.size() > static_cast<size_t>(kMaxEntryChars) * 4) {
    errors.push_back({"/text", 0, 0, "too_long", "must be at most 10000 characters"});
  } else if (HasControlCharacters(in.text)) {
    errors.push_back({"/text", 0, 0, "invalid_text", "control characters are not allowed"});
  } else {
    CheckFreeText(errors, "/text", in.text, kMaxEntryChars, true);
  }
  if (in.happened_at > now_ms + kMaxEntryAheadMs) {
    errors.push_back({"/happened_at", 0, 0, "in_the_future", "must not be in the future"});
  }
  const auto tlp = ParseTlp(in.tlp);
  if (!tlp) {
    errors.push_back(
        {"/tlp", 0, 0, "unknown_value", "must be clear, green, amber, amber+strict or red"});
  } else {
    out.tlp = *tlp;
  }
  if (in.corrects && *in.corrects <= 0) {
    errors.push_back({"/corrects", 0, 0, "invalid_id", "must be the id of an entry"});
  }
  const bool communication = kind == TimelineKind::kCommunication;
  if (in.audience && !communication) {
    errors.push_back({"/audience", 0, 0, "only_on_communications",
                      "only a communication says to whom it was said"});
  } else if (communication && !in.audience) {
    errors.push_back({"/audience", 0, 0, "required", "say to whom it was said"});
  } else if (in.audience) {
    if (HasControlCharacters(*in.audience)) {
      errors.push_back({"/audience", 0, 0, "invalid_text", "control characters are not allowed"});
    } else {
      CheckFreeText(errors, "/audience", *in.audience, kMaxAudienceChars, true);
    }
  }
  const bool red = tlp == Tlp::kRed;
  if (!in.named_user_ids.empty() && !red) {
    errors.push_back({"/named_user_ids", 0, 0, "only_on_red",
                      "people are named on TLP:RED entries only; the others reach everybody "
                      "who reads the incident"});
  } else if (in.named_user_ids.size() > kMaxNamedPeople) {
    errors.push_back({"/named_user_ids", 0, 0, "too_many", "name at most 50 people"});
  } else if (std::any_of(in.named_user_ids.begin(), in.named_user_ids.end(),
                         [](int64_t id) { return id <= 0; })) {
    errors.push_back({"/named_user_ids", 0, 0, "invalid_id", "must be ids of users"});
  }
  if (!errors.empty()) return Error::Invalid("the timeline entry is not valid", std::move(errors));

  out.text = in.text;
  out.happened_at = in.happened_at;
  out.corrects = in.corrects;
  out.audience = in.audience;
  if (red) {
    // The author is always named: a RED entry its own author could not read back would be
    // lost. A system author (user 0) names nobody but the people given.
    out.named_user_ids = in.named_user_ids;
    if (author_user_id > 0) out.named_user_ids.push_back(author_user_id);
    std::sort(out.named_user_ids.begin(), out.named_user_ids.end());
    out.named_user_ids.erase(std::unique(out.named_user_ids.begin(), out.named_user_ids.end()),
                             out.named_user_ids.end());
  }
  return out;
}

}  // namespace warroom::core
