// The exercise's past contact-verification round (issue 12): the war room asked the SPOCs
// and deputies of the exercise's customer municipalities in September 2026; most
// confirmed, the few who did not still show in the stale-contact gap.
#pragma once

#include "libs/base/result.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"

namespace warroom::service {

// Loads the round once (1), or nothing (0) when an exercise round exists or no exercise
// contact was asked. Needs the demo directory (LoadDemo) first. Sends no mail: the round is
// long over, its links expired.
Result<int> LoadDemoVerificationRound(ports::Database& db, const ports::Clock& clock);

}  // namespace warroom::service
