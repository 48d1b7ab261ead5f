// The critical services of a victim and their restoration, and restart funding (C2).
// A service of an incident is down, degraded or restored; moves between the three are free
// (a restored service may go down again), but the times must tell a possible story: the
// outage does not start in the future, the restore target is not before it, and a restored
// service has a restoration time that is neither in the future nor before the outage. A
// funding request asks for an amount for a purpose; only the war room decides on it (the
// role rule is the service's; the shape of a decision is here). No I/O: whether a service
// key is on the maintained list is the store's question.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core {

enum class ServiceStatus { kDown, kDegraded, kRestored };
std::string_view Name(ServiceStatus v);
std::optional<ServiceStatus> ParseServiceStatus(std::string_view s);

enum class FundingKind { kRestartFunding, kEmergencyInfrastructure };
std::string_view Name(FundingKind v);
std::optional<FundingKind> ParseFundingKind(std::string_view s);

enum class FundingDecision { kPending, kGranted, kPartiallyGranted, kRefused };
std::string_view Name(FundingDecision v);
std::optional<FundingDecision> ParseFundingDecision(std::string_view s);

inline constexpr long kMaxServiceNoteChars = 2'000;
inline constexpr long kMaxFundingTextChars = 4'000;
inline constexpr long kMaxServiceNameChars = 100;
// 100 million euro, in cents.
inline constexpr int64_t kMaxFundingCents = int64_t{100'000'000} * 100;
// A phone a little fast may say "now" slightly ahead of the server.
inline constexpr int64_t kMaxServiceAheadMs = int64_t{5} * 60'000;

// A service's state as a client sends it: status as a word, times in ms. since, when
// absent, keeps the outage's start (`before`) while the service stays out, and is `now`
// when it goes out; restored_at, when absent on a restored service, is `now`.
struct ServiceStateInput {
  std::string status;
  std::optional<int64_t> since;
  std::optional<std::optional<int64_t>> restore_target;  // absent: keep; inner nullopt: clear
  std::optional<int64_t> restored_at;
  std::optional<std::string> note;  // absent: keep
};

// A checked state, ready to store. restored_at is set exactly when restored.
struct ServiceState {
  ServiceStatus status = ServiceStatus::kDown;
  int64_t since = 0;
  std::optional<int64_t> restore_target;
  std::optional<int64_t> restored_at;
  std::string note;
};

// Checks `in` against the service's current state `before` (nullopt for a service not yet
// on the incident) at `now_ms`. Fails with kInvalidArgument and one error per bad field:
// "/status" unknown_value; "/since" in_the_future; "/restore_target" before_since;
// "/restored_at" in_the_future, before_since, only_when_restored; "/note" too_long,
// invalid_utf8.
Result<ServiceState> CheckServiceState(const ServiceStateInput& in,
                                       const std::optional<ServiceState>& before, int64_t now_ms);

// Whether `s` is still out (down or degraded) past its restore target at `now_ms`.
bool IsOverdue(const ServiceState& s, int64_t now_ms);

// How long the service has been (or was) out: to restored_at when restored, else to now.
int64_t OutageMs(const ServiceState& s, int64_t now_ms);

// An entry of the maintained list of critical services.
struct CriticalServiceInput {
  std::string key;  // [a-z0-9_], 2 to 40 characters
  std::string name_nl, name_fr, name_en, name_de;
  int position = 0;
};

// Checks a new entry of the list: "/key" invalid_key; "/name_xx" required, too_long,
// invalid_utf8; "/position" out_of_range (0 to 1,000,000).
Status CheckCriticalService(const CriticalServiceInput& in);

struct FundingRequestInput {
  std::string kind;  // restart_funding, emergency_infrastructure
  int64_t amount_cents = 0;
  std::string purpose;
};

struct FundingRequestDraft {
  FundingKind kind = FundingKind::kRestartFunding;
  int64_t amount_cents = 0;
  std::string purpose;
};

// "/kind" unknown_value; "/amount_cents" out_of_range (1 cent to kMaxFundingCents);
// "/purpose" required, too_long, invalid_utf8.
Result<FundingRequestDraft> CheckFundingRequest(const FundingRequestInput& in);

struct FundingDecisionInput {
  std::string decision;  // granted, partially_granted, refused
  std::optional<int64_t> granted_cents;
  std::optional<std::string> note;
};

struct FundingDecisionDraft {
  FundingDecision decision = FundingDecision::kPending;
  std::optional<int64_t> granted_cents;  // the amount granted; nullopt when refused
  std::optional<std::string> note;
};

// Checks a decision on a request of `requested_cents`: granted gives the whole amount
// (granted_cents, if sent, must equal it); partially_granted needs an amount above zero
// and below the request; refused grants nothing. "/decision" unknown_value (pending is not
// a decision); "/granted_cents" required, out_of_range, must_equal_request,
// only_when_granted; "/note" too_long, invalid_utf8.
Result<FundingDecisionDraft> CheckFundingDecision(const FundingDecisionInput& in,
                                                  int64_t requested_cents);

}  // namespace warroom::core
