// Who may see and change which objects of the directory and the accounts: the
// object-level rules (own organisation, a provider's customers) on top of the role
// table of core/access/access.h, which decides what a role may do at all and which
// the HTTP layer checks before every signed-in route. These rules serve both the
// services (which answer 403/404) and the storage queries (which filter rows by the
// scope they are given), so that tenant isolation holds even when a route forgets to
// check. Principal lives in core/access/access.h, included here for the callers.
#pragma once

#include <cstdint>
#include <string>

#include "server/core/access/access.h"
#include "server/core/directory/model.h"

namespace warroom::core {

// Which organisations' directory records a caller may read. Storage queries turn this
// into a WHERE clause.
struct DirectoryScope {
  enum class Kind {
    kNone,             // nothing (observers: aggregates only)
    kAll,              // the war room
    kOwn,              // the caller's organisation only
    kOwnAndCustomers,  // a provider: itself and the organisations it serves
  };
  Kind kind = Kind::kNone;
  int64_t organisation_id = 0;
};

DirectoryScope ReadScope(const Principal& p);

// May read the people (names and contact channels) of organisation `org_id`, which is
// already known to be in the caller's read scope. Providers see their customers'
// organisation records but not their people.
bool CanReadPeople(const Principal& p, int64_t org_id);

// May create or change organisations, providers' services and official names.
bool CanEditOrganisations(const Principal& p);

// May add and change people, and set the SPOC and deputies, of `org_id`.
bool CanEditPeople(const Principal& p, int64_t org_id);

// Which organisations the gap summary (aggregates without names) counts for a caller:
// everything for the war room and observers, the read scope for everyone else (a SPOC
// counts her own organisation, a provider itself and its customers).
DirectoryScope GapScope(const Principal& p);

// May import CSV files of organisations and people.
bool CanImport(const Principal& p);

// May invite, change and disable accounts, and read the audit log.
bool CanManageAccounts(const Principal& p);

// May invite a person of organisation `org_id` as an account with `role`: the war room
// admin anyone with any role; a SPOC the people of her own organisation, as a member or
// a SPOC, never a role above her own (an observer counts every organisation's gaps).
// Whether the role fits the organisation's kind is checked separately.
bool CanInvitePerson(const Principal& p, int64_t org_id, Role role);

// True when an API token carries `scope` (sessions have every scope of their role).
bool HasScope(const Principal& p, const std::string& scope);

}  // namespace warroom::core
