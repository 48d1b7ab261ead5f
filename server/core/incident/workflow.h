// The status workflow of an incident: reported -> triage -> containment -> eradication ->
// recovery -> closed, with the few other moves real incidents need. No I/O.
//
// Allowed, besides one step forward:
// - reported -> containment: the war room triaged on the phone and containment has begun;
// - containment -> recovery: nothing to eradicate (a DDoS, a misconfiguration);
// - eradication -> containment and recovery -> containment, with a reason: the intruder is
//   back (re-infection), contain again;
// - any open status -> closed: from recovery as the normal end; from any earlier status
//   only with a reason (a false alarm, a duplicate);
// - closed -> triage ("reopen"), only with a reason.
// Everything else is refused: kConflict "transition_not_allowed" (a move the workflow
// forbids) or "transition_same_status" (to the status it already has), and
// kInvalidArgument "reason_required" when the move needs a reason and none was written.
#pragma once

#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/core/incident/model.h"

namespace warroom::core {

// A reason is at least this many characters (not counting surrounding blanks) when needed,
// and at most kMaxReasonChars always.
inline constexpr size_t kMinReasonChars = 10;
inline constexpr size_t kMaxReasonChars = 2000;

// Whether the move from `from` to `to` is one the workflow knows (whatever the reason).
bool IsAllowedTransition(IncidentStatus from, IncidentStatus to);

// Whether that move needs a written reason.
bool TransitionNeedsReason(IncidentStatus from, IncidentStatus to);

// The statuses an incident in `from` may move to, in workflow order (for the UI).
std::vector<IncidentStatus> NextStatuses(IncidentStatus from);

// Checks a move with its reason ("" for none). Errors as described above; a reason over
// kMaxReasonChars is kInvalidArgument "too_long" on /reason.
Status CheckTransition(IncidentStatus from, IncidentStatus to, std::string_view reason);

}  // namespace warroom::core
