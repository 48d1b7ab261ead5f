// The vocabulary and rules of advisories (C3): severity, TLP 2.0 labels, the audience an
// author chooses, the language versions, and escalation policies with the stages an
// organisation goes through until somebody acknowledges. No I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/core/directory/model.h"

namespace warroom::core {

enum class Severity { kInfo, kWarning, kAlert, kCritical };

// TLP 2.0 (FIRST): CLEAR, GREEN, AMBER, AMBER+STRICT, RED.
enum class Tlp { kClear, kGreen, kAmber, kAmberStrict, kRed };

enum class AdvisoryStatus { kDraft, kSent, kWithdrawn };

// How an acknowledgement arrived.
enum class AckChannel { kLink, kApp, kPhone };

// Who a step of an escalation policy reaches.
enum class StepTarget { kSpoc, kEachDeputy, kAllDeputies, kOutOfBand, kCallList };

enum class CallOutcome { kReached, kNoAnswer, kVoicemail, kWrongNumber };

enum class HelpStatus { kOpen, kInProgress, kClosed };

std::string_view Name(Severity v);
std::string_view Name(Tlp v);
std::string_view Name(AdvisoryStatus v);
std::string_view Name(AckChannel v);
std::string_view Name(StepTarget v);
std::string_view Name(CallOutcome v);
std::string_view Name(HelpStatus v);
std::optional<Severity> ParseSeverity(std::string_view s);
std::optional<Tlp> ParseTlp(std::string_view s);
std::optional<AdvisoryStatus> ParseAdvisoryStatus(std::string_view s);
std::optional<AckChannel> ParseAckChannel(std::string_view s);
std::optional<StepTarget> ParseStepTarget(std::string_view s);
std::optional<CallOutcome> ParseCallOutcome(std::string_view s);
std::optional<HelpStatus> ParseHelpStatus(std::string_view s);

// "TLP:AMBER+STRICT", as the label is written in subjects and on screens.
std::string TlpLabel(Tlp tlp);
// Whether content at this label may leave the app by e-mail or webhook: never for
// AMBER+STRICT and RED, whose messages only say that an advisory waits in the app.
bool TlpAllowsContentOutsideApp(Tlp tlp);

// One language version of an advisory's text.
struct AdvisoryText {
  std::string title;
  std::string body;  // Markdown
  std::vector<std::string> action_points;
};
using AdvisoryTexts = std::map<Language, AdvisoryText>;

// The languages a complete advisory has (nl, fr, en), minus those present: what the
// composer shows as missing. German is optional and never missing.
std::vector<Language> MissingLanguages(const AdvisoryTexts& texts);

// Checks the language versions: at least one, each with a title (<= 200 characters) and a
// body (<= 100,000 bytes), at most 20 action points of <= 500 characters each, and the same
// number of action points in every version. Field errors point at "/texts/<lang>/...".
Status ValidateTexts(const AdvisoryTexts& texts);

// The version a reader gets: her language, else Dutch, else the first present
// (advisory::PickLanguage over the versions the texts hold).
std::optional<Language> PickLanguage(Language preferred, const AdvisoryTexts& texts);

// Who an advisory goes to. The chosen sets of organisations are joined:
// - all: every active local government;
// - kinds / region_nis / province_nis: the active organisations matching all given filters;
// - provider_id: the provider's customers (of provider_service only, when given), narrowed by
//   the filters above when given, and the provider itself when include_provider;
// - organisation_ids: hand-picked organisations, added as they are.
struct Audience {
  bool all = false;
  std::vector<OrganisationKind> kinds;
  std::vector<std::string> region_nis;
  std::vector<std::string> province_nis;
  std::optional<int64_t> provider_id;
  std::optional<ServiceKind> provider_service;
  bool include_provider = false;
  std::vector<int64_t> organisation_ids;

  bool HasFilters() const { return !kinds.empty() || !region_nis.empty() || !province_nis.empty(); }
};

// kInvalidArgument when the audience selects nothing by construction (no set chosen),
// or names a service without a provider, or lists more than 10,000 organisations by hand.
Status ValidateAudience(const Audience& audience);

struct PolicyStep {
  StepTarget to = StepTarget::kSpoc;
  int wait_minutes = 0;  // before the next step
};

struct EscalationPolicy {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> description;
  std::vector<PolicyStep> steps;
  // From this severity the first message also goes to the out-of-band addresses.
  std::optional<Severity> out_of_band_from;
  bool is_default = false;
  int version = 1;
};

// At least one step, at most 20; waits between 0 and 7 days; a call_list step only last;
// a name of 1 to 100 characters. Field errors point at "/steps/<i>/...".
Status ValidatePolicy(const EscalationPolicy& policy);

// One stage of an organisation's escalation: which of its contacts get a message (by
// position: 0 the SPOC, 1.. the deputies in order), whether to their out-of-band
// addresses, and how long until the next stage; or the call list.
struct Stage {
  bool call_list = false;
  std::vector<int> positions;
  bool out_of_band = false;  // out-of-band addresses instead of (out_of_band step) work ones
  int wait_minutes = 0;
  std::string label;  // "spoc", "deputy 2", "deputies", "out-of-band", "call list"
};

// The stages of an organisation with `deputies` deputies and `has_spoc`, in order, under
// `policy`. Steps that reach nobody (no SPOC, no deputies) are left out, so an
// organisation without contacts goes to the call list at once.
std::vector<Stage> PlanStages(const EscalationPolicy& policy, bool has_spoc, int deputies);

// Whether messages of `severity` also go to out-of-band addresses from the first stage.
bool OutOfBandAtOnce(const EscalationPolicy& policy, Severity severity);

}  // namespace warroom::core
