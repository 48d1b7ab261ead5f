// Who hears which live event (GET /api/events). An event names the organisation it is
// about, or none when it is the war room's own business; the hub asks MaySeeEvent for
// every subscriber and event, so the rule lives here once.
//
// Events carry ids and states (an advisory's id and its acknowledgement state), never
// content: the client fetches content through the API, which applies the full object
// rules. That is what keeps the door open for TLP: an event about an advisory the caller
// may not read says only that something with that id changed, and the fetch answers 404.
// Should TLP ever have to narrow the events themselves, the rule grows here (an event's
// TLP next to its organisation) and nowhere else.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "server/core/directory/model.h"

namespace warroom::core {

// Returns whether a caller of `role` in organisation `viewer_organisation` may receive an
// event about `event_organisation` (nullopt: war room only). The war room (admin,
// analyst) receives every event; an observer none (aggregates only); every other role the
// events about its own organisation.
bool MaySeeEvent(Role role, int64_t viewer_organisation, std::optional<int64_t> event_organisation);

// The same for an event of `topic`, which narrows it by capability: an incident's events
// ("incident.*") reach only those who may read incidents (the war room, and the SPOC and
// members of the incident's organisation); providers, auditors and observers read no
// incidents in this slice. A TLP:RED incident's events are published without an
// organisation (war room only), as only the war room may read it. The hub asks this one.
bool MaySeeEvent(Role role, int64_t viewer_organisation, std::optional<int64_t> event_organisation,
                 std::string_view topic);

}  // namespace warroom::core
