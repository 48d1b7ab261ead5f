// The vocabulary and rules of an incident (C2): what a victim organisation (or the war
// room on its behalf) declares, its severity with the written definitions shown where it
// is chosen, its TLP label and its flags, and what a valid declaration or change is.
// No I/O: the RSIT taxonomy a classification is checked against is given (taxonomy.h),
// the status workflow is workflow.h and the legal clocks clocks.h.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/core/advisory/model.h"  // Tlp (TLP 2.0), shared with advisories
#include "server/core/directory/model.h"
#include "server/core/incident/clocks.h"  // kClockSkewMs
#include "server/core/incident/taxonomy.h"

namespace warroom::core {

// The phases of an incident, in their usual order (workflow.h says which moves are allowed).
enum class IncidentStatus { kReported, kTriage, kContainment, kEradication, kRecovery, kClosed };

std::string_view Name(IncidentStatus v);
std::optional<IncidentStatus> ParseIncidentStatus(std::string_view s);
std::span<const IncidentStatus> AllIncidentStatuses();

// Severity 1 (most severe) to 4. Stored and sent as the number.
inline constexpr int kMostSevere = 1;
inline constexpr int kLeastSevere = 4;

// The written definition of a severity in one language, as the declaration form shows it.
struct SeverityDefinition {
  int level = 0;
  std::string_view label;       // "Critical", "Kritiek", ...
  std::string_view definition;  // one or two sentences
};

// The definition of `level` (1..4) in `language`; nullopt for another level. Every level
// has all four languages (nl, fr, en, de).
std::optional<SeverityDefinition> DefineSeverity(int level, Language language);

// What an incident says about itself: the fields a declaration sets and a change may
// change. Times are milliseconds since the epoch.
struct IncidentFacts {
  std::string title;            // 1..200 characters
  std::string what_happened;    // 1..10,000 characters
  int64_t detected_at = 0;      // not in the future
  int64_t became_aware_at = 0;  // the legal clocks start here; not before detection, not
                                // in the future
  int severity = 2;
  std::optional<std::string> rsit_class;  // both or neither; a pair of the taxonomy
  std::optional<std::string> rsit_type;
  std::optional<std::string> local_lead;       // <= 200 characters
  std::optional<std::string> callback_number;  // <= 40; digits, spaces and + ( ) / . -
  bool is_exercise = false;
  Tlp tlp = Tlp::kAmber;
  bool personal_data = false;    // personal data may be affected: the GDPR clock runs
  bool nis2_applicable = false;  // the organisation falls under NIS2: its three clocks run
};

// Checks `facts` at `now_ms` against `taxonomy`. Returns kInvalidArgument with one field
// error per bad field (JSON pointers: "/title", "/detected_at", "/rsit_type", ...), codes
// "required", "too_long", "invalid_utf8", "in_the_future", "before_detection",
// "out_of_range", "unknown_class", "unknown_type", "needs_class", "needs_type",
// "invalid_phone".
Status ValidateIncident(const IncidentFacts& facts, int64_t now_ms, const RsitTaxonomy& taxonomy);

// Appends one error for `field` to `errors` when `value` is not valid UTF-8
// ("invalid_utf8"), is blank while `required` ("required"), or is longer than `max_chars`
// code points ("too_long"). The incident's texts and its timeline's share it.
void CheckFreeText(std::vector<FieldError>& errors, const std::string& field,
                   std::string_view value, long max_chars, bool required);

// Whether a caller of `role` may label an incident `tlp`. In this slice TLP:RED incidents
// are the war room's alone (nobody else is named on them yet), so only war-room roles may
// choose RED; the storage scope hides RED incidents from everybody else.
bool MayLabel(Role role, Tlp tlp);

}  // namespace warroom::core
