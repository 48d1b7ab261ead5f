// The demo exercise "Oefening Nachtvlinder" (../shared/EXERCISE.md), C1's part: two
// fictional victim municipalities, three fictional ICT providers and the services they
// deliver, and fictional contacts. Everything is marked as exercise data (is_demo).
#pragma once

#include "libs/base/result.h"
#include "server/ports/clock.h"
#include "server/storage/database.h"

namespace warroom::service {

struct DemoReport {
  int organisations = 0;
  int people = 0;
  int services = 0;
};

// Loads the demo once; a second call changes nothing. Needs the reference data.
Result<DemoReport> LoadDemo(storage::Database& db, const ports::Clock& clock);

}  // namespace warroom::service
