#include "server/core/incident/workflow.h"

#include <string>

namespace warroom::core {
namespace {

using S = IncidentStatus;

int Rank(S s) { return static_cast<int>(s); }

std::string_view Trimmed(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Characters of UTF-8 text: bytes that do not continue a sequence.
size_t Characters(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

bool IsAllowedTransition(S from, S to) {
  if (from == to) return false;
  if (from == S::kClosed) return to == S::kTriage;  // reopen
  if (to == S::kClosed) return true;                // close, from any open status
  if (Rank(to) == Rank(from) + 1) return true;      // one step forward
  if (from == S::kReported && to == S::kContainment) return true;
  if (from == S::kContainment && to == S::kRecovery) return true;
  if ((from == S::kEradication || from == S::kRecovery) && to == S::kContainment) return true;
  return false;
}

bool TransitionNeedsReason(S from, S to) {
  if (from == S::kClosed) return true;                // reopen
  if (to == S::kClosed) return from != S::kRecovery;  // closing early
  return Rank(to) < Rank(from);                       // going back
}

std::vector<S> NextStatuses(S from) {
  std::vector<S> out;
  for (S to : AllIncidentStatuses()) {
    if (IsAllowedTransition(from, to)) out.push_back(to);
  }
  return out;
}

Status CheckTransition(S from, S to, std::string_view reason) {
  if (Characters(reason) > kMaxReasonChars) {
    return Error::Invalid("the reason is too long",
                          {{"/reason", 0, 0, "too_long", "must be at most 2000 characters"}});
  }
  if (from == to) {
    return Error(ErrorCode::kConflict, "transition_same_status",
                 {{"/to", 0, 0, "transition_same_status",
                   "the incident is already " + std::string(Name(from))}});
  }
  if (!IsAllowedTransition(from, to)) {
    std::string allowed;
    for (S s : NextStatuses(from)) allowed += (allowed.empty() ? "" : ", ") + std::string(Name(s));
    return Error(ErrorCode::kConflict, "transition_not_allowed",
                 {{"/to", 0, 0, "transition_not_allowed",
                   "from " + std::string(Name(from)) + " the incident may move to " + allowed +
                       ", not to " + std::string(Name(to))}});
  }
  if (TransitionNeedsReason(from, to) && Characters(Trimmed(reason)) < kMinReasonChars) {
    return Error::Invalid("reason_required",
                          {{"/reason", 0, 0, "reason_required",
                            "this move needs a written reason of at least 10 characters"}});
  }
  return {};
}

}  // namespace warroom::core
