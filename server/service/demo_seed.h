// The demo exercise "Oefening Nachtvlinder" (../shared/EXERCISE.md), C1's part: two
// fictional victim municipalities, three fictional ICT providers and the services they
// deliver, and fictional contacts. Everything is marked as exercise data (is_demo).
// Real municipalities get fictional contacts only where they have no real ones, and
// their page says so (OrganisationDetail::exercise_contacts); RemoveDemo takes it all
// out again.
#pragma once

#include "libs/base/result.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"

namespace warroom::service {

struct DemoReport {
  int organisations = 0;
  int people = 0;
  int services = 0;
  int advisories = 0;           // step 3: the advisory about Demo ICT NV's VPN
  int verification_rounds = 0;  // the past contact-verification round
};

// Loads the demo once; a second call changes nothing. Needs the reference data. Never
// adds contacts to, or changes the SPOC of, a real organisation that has real people.
Result<DemoReport> LoadDemo(ports::Database& db, const ports::Clock& clock);

struct DemoRemovalReport {
  int advisories = 0;  // with everything they sent and recorded
  int verification_rounds = 0;
  int organisations = 0;
  int people = 0;
  int services = 0;
  int accounts = 0;                  // accounts of exercise organisations, deleted
  int accounts_unlinked = 0;         // real accounts that pointed at an exercise person
  int organisations_reassigned = 0;  // real organisations whose SPOC or deputies changed
};

// Removes the exercise data in one transaction, each deletion with its audit entry
// (actor "system:demo-exercise"): the accounts of exercise organisations (with their
// sessions, links and tokens), every provider service with an exercise organisation on
// either side, exercise people (first taken out of the SPOC and deputies of real
// organisations, whose real assignments stay in order), and exercise organisations.
// Real data stays. Idempotent: without exercise data it changes nothing. Fails with the
// storage error (and changes nothing) when a real row still refers to exercise data,
// e.g. a real organisation whose parent is an exercise one.
Result<DemoRemovalReport> RemoveDemo(ports::Database& db, const ports::Clock& clock);

}  // namespace warroom::service
