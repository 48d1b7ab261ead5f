// The exercise's step 3 (C3): the war room's TLP:AMBER advisory to Demo ICT NV's VPN
// customers and Demo ICT NV, approved by a second analyst, with its acknowledgements,
// six escalations to deputies and two organisations on the call list.
#pragma once

#include "libs/base/result.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"

namespace warroom::service {

// Loads the advisory once (1), or nothing (0) when it exists or the war room or Demo ICT NV
// is missing. Needs the demo directory (LoadDemo) first.
Result<int> LoadDemoAdvisory(ports::Database& db, const ports::Clock& clock);

}  // namespace warroom::service
