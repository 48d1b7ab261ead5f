#include "server/core/incident/services.h"

#include <algorithm>
#include <array>
#include <utility>

#include "server/core/incident/model.h"  // CheckFreeText

namespace warroom::core {
namespace {

template <typename E, size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> ParseIn(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<ServiceStatus, std::string_view>, 3> kStatuses{{
    {ServiceStatus::kDown, "down"},
    {ServiceStatus::kDegraded, "degraded"},
    {ServiceStatus::kRestored, "restored"},
}};
constexpr std::array<std::pair<FundingKind, std::string_view>, 2> kKinds{{
    {FundingKind::kRestartFunding, "restart_funding"},
    {FundingKind::kEmergencyInfrastructure, "emergency_infrastructure"},
}};
constexpr std::array<std::pair<FundingDecision, std::string_view>, 4> kDecisions{{
    {FundingDecision::kPending, "pending"},
    {FundingDecision::kGranted, "granted"},
    {FundingDecision::kPartiallyGranted, "partially_granted"},
    {FundingDecision::kRefused, "refused"},
}};

bool ValidKey(std::string_view key) {
  if (key.size() < 2 || key.size() > 40) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string_view Name(ServiceStatus v) { return NameIn(kStatuses, v); }
std::optional<ServiceStatus> ParseServiceStatus(std::string_view s) {
  return ParseIn(kStatuses, s);
}
std::string_view Name(FundingKind v) { return NameIn(kKinds, v); }
std::optional<FundingKind> ParseFundingKind(std::string_view s) { return ParseIn(kKinds, s); }
std::string_view Name(FundingDecision v) { return NameIn(kDecisions, v); }
std::optional<FundingDecision> ParseFundingDecision(std::string_view s) {
  return ParseIn(kDecisions, s);
}

Result<ServiceState> CheckServiceState(const ServiceStateInput& in,
                                       const std::optional<ServiceState>& before, int64_t now_ms) {
  std::vector<FieldError> errors;
  ServiceState out;
  const auto status = ParseServiceStatus(in.status);
  if (!status) {
    errors.push_back({"/status", 0, 0, "unknown_value", "must be down, degraded or restored"});
    return Error::Invalid("the service's state is not valid", std::move(errors));
  }
  out.status = *status;
  const bool restored = *status == ServiceStatus::kRestored;
  // The outage's start stays while the service stays out, and through its restoration (so
  // that "down for how long" is still known); a service that goes out again starts anew.
  const bool was_out = before && before->status != ServiceStatus::kRestored;
  if (in.since) {
    out.since = *in.since;
  } else if (before && (was_out || restored)) {
    out.since = before->since;
  } else {
    out.since = now_ms;
  }
  if (out.since > now_ms + kMaxServiceAheadMs) {
    errors.push_back({"/since", 0, 0, "in_the_future", "must not be in the future"});
  }
  if (in.restore_target) {
    out.restore_target = *in.restore_target;
  } else if (before) {
    out.restore_target = before->restore_target;
  }
  if (out.restore_target && *out.restore_target < out.since) {
    errors.push_back(
        {"/restore_target", 0, 0, "before_since", "must not be before the outage started"});
  }
  if (restored) {
    if (in.restored_at) {
      out.restored_at = *in.restored_at;
    } else if (before && before->status == ServiceStatus::kRestored) {
      out.restored_at = before->restored_at;
    }
    if (!out.restored_at) out.restored_at = now_ms;
    if (*out.restored_at > now_ms + kMaxServiceAheadMs) {
      errors.push_back({"/restored_at", 0, 0, "in_the_future", "must not be in the future"});
    } else if (*out.restored_at < out.since) {
      errors.push_back(
          {"/restored_at", 0, 0, "before_since", "must not be before the outage started"});
    }
  } else if (in.restored_at) {
    errors.push_back({"/restored_at", 0, 0, "only_when_restored",
                      "only a restored service has a restoration time"});
  }
  if (in.note) {
    out.note = *in.note;
    CheckFreeText(errors, "/note", out.note, kMaxServiceNoteChars, false);
  } else if (before) {
    out.note = before->note;
  }
  if (!errors.empty()) return Error::Invalid("the service's state is not valid", std::move(errors));
  return out;
}

bool IsOverdue(const ServiceState& s, int64_t now_ms) {
  return s.status != ServiceStatus::kRestored && s.restore_target && now_ms > *s.restore_target;
}

int64_t OutageMs(const ServiceState& s, int64_t now_ms) {
  const int64_t end =
      s.status == ServiceStatus::kRestored && s.restored_at ? *s.restored_at : now_ms;
  return std::max<int64_t>(0, end - s.since);
}

Status CheckCriticalService(const CriticalServiceInput& in) {
  std::vector<FieldError> errors;
  if (!ValidKey(in.key)) {
    errors.push_back(
        {"/key", 0, 0, "invalid_key", "2 to 40 lower-case letters, digits and underscores"});
  }
  CheckFreeText(errors, "/name_nl", in.name_nl, kMaxServiceNameChars, true);
  CheckFreeText(errors, "/name_fr", in.name_fr, kMaxServiceNameChars, true);
  CheckFreeText(errors, "/name_en", in.name_en, kMaxServiceNameChars, true);
  CheckFreeText(errors, "/name_de", in.name_de, kMaxServiceNameChars, true);
  if (in.position < 0 || in.position > 1'000'000) {
    errors.push_back({"/position", 0, 0, "out_of_range", "must be 0 to 1000000"});
  }
  if (!errors.empty()) {
    return Error::Invalid("the critical service is not valid", std::move(errors));
  }
  return {};
}

Result<FundingRequestDraft> CheckFundingRequest(const FundingRequestInput& in) {
  std::vector<FieldError> errors;
  FundingRequestDraft out;
  if (auto kind = ParseFundingKind(in.kind)) {
    out.kind = *kind;
  } else {
    errors.push_back(
        {"/kind", 0, 0, "unknown_value", "must be restart_funding or emergency_infrastructure"});
  }
  if (in.amount_cents <= 0 || in.amount_cents > kMaxFundingCents) {
    errors.push_back({"/amount_cents", 0, 0, "out_of_range",
                      "must be more than zero and at most 100 million euro"});
  }
  CheckFreeText(errors, "/purpose", in.purpose, kMaxFundingTextChars, true);
  if (!errors.empty()) return Error::Invalid("the funding request is not valid", std::move(errors));
  out.amount_cents = in.amount_cents;
  out.purpose = in.purpose;
  return out;
}

Result<FundingDecisionDraft> CheckFundingDecision(const FundingDecisionInput& in,
                                                  int64_t requested_cents) {
  std::vector<FieldError> errors;
  FundingDecisionDraft out;
  const auto decision = ParseFundingDecision(in.decision);
  if (!decision || *decision == FundingDecision::kPending) {
    errors.push_back(
        {"/decision", 0, 0, "unknown_value", "must be granted, partially_granted or refused"});
  } else {
    out.decision = *decision;
    switch (*decision) {
      case FundingDecision::kGranted:
        if (in.granted_cents && *in.granted_cents != requested_cents) {
          errors.push_back({"/granted_cents", 0, 0, "must_equal_request",
                            "granting gives the amount requested; grant part of it instead"});
        }
        out.granted_cents = requested_cents;
        break;
      case FundingDecision::kPartiallyGranted:
        if (!in.granted_cents) {
          errors.push_back({"/granted_cents", 0, 0, "required", "say how much is granted"});
        } else if (*in.granted_cents <= 0 || *in.granted_cents >= requested_cents) {
          errors.push_back({"/granted_cents", 0, 0, "out_of_range",
                            "must be more than zero and less than the amount requested"});
        }
        out.granted_cents = in.granted_cents;
        break;
      case FundingDecision::kRefused:
        if (in.granted_cents) {
          errors.push_back(
              {"/granted_cents", 0, 0, "only_when_granted", "a refusal grants nothing"});
        }
        break;
      case FundingDecision::kPending:
        break;
    }
  }
  if (in.note) CheckFreeText(errors, "/note", *in.note, kMaxFundingTextChars, false);
  if (!errors.empty()) return Error::Invalid("the decision is not valid", std::move(errors));
  out.note = in.note;
  return out;
}

}  // namespace warroom::core
