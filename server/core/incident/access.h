// Who may see and declare which incidents: the object-level rules on top of the role table
// (core/access/access.cc: incident read/create/update for the war room, SPOCs and
// members). The storage queries turn IncidentReadScope into their WHERE clause, so that an
// incident outside it is simply not found.
#pragma once

#include <cstdint>

#include "server/core/access/access.h"
#include "server/core/advisory/model.h"  // Tlp
#include "server/core/directory/access.h"

namespace warroom::core {

// Which incidents a caller may read (and so change, when the role table lets her):
// - the war room (admin, analyst): every organisation's, every TLP;
// - a SPOC or member: her own organisation's, except TLP:RED ones (in this slice RED
//   names nobody outside the war room);
// - providers, auditors and observers: none (a provider will see the incidents where it
//   owns a task; observers anonymised aggregates).
struct IncidentScope {
  DirectoryScope organisations;  // kAll, kOwn or kNone
  bool include_red = false;
};
IncidentScope IncidentReadScope(const Principal& p);

// Whether `p` may read one incident of `organisation_id` labelled `tlp`: the rule of
// IncidentReadScope applied to a single incident (who may be named on its TLP:RED
// timeline entries, who is listed as its readers).
bool MayReadIncident(const Principal& p, int64_t organisation_id, Tlp tlp);

// May declare an incident of organisation `organisation_id`: the war room for any, a SPOC
// or member for her own only.
bool MayDeclareFor(const Principal& p, int64_t organisation_id);

}  // namespace warroom::core
