// TimelineStore: the SQL of incident timelines (C2). Entries are appended and read, never
// updated or deleted: there is no UPDATE or DELETE of them here, and a correction is a new
// entry pointing at the one it corrects.
//
// Need to know, in every query's WHERE: the incident must be one the caller may read
// (IncidentVisibleSql, as IncidentStore), and a TLP:RED entry is returned only to the
// people named on it (the author among them), whatever their role: a war-room analyst
// who is not named does not see it. An entry outside that is indistinguishable from a
// missing one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/core/incident/timeline.h"
#include "server/storage/database.h"

namespace warroom::storage {

// A person named on a TLP:RED entry, or a reader of an incident.
struct TimelinePerson {
  int64_t user_id = 0;
  std::string name;  // the account's display name
  int64_t organisation_id = 0;
  std::string organisation_name;  // name_nl
};

struct TimelineEntryRecord {
  int64_t id = 0;
  int64_t incident_id = 0;
  core::TimelineKind kind = core::TimelineKind::kObservation;
  std::string text;
  int64_t happened_at = 0;
  int64_t written_at = 0;
  std::optional<int64_t> author_user_id;  // nullopt once the account is gone
  std::string author;
  core::Tlp tlp = core::Tlp::kAmber;
  std::optional<int64_t> corrects;
  std::optional<std::string> audience;
  // The entries that correct this one and that the reader may see, oldest first.
  std::vector<int64_t> corrected_by;
  // TLP:RED only: the people named on it (only those named ever read it).
  std::vector<TimelinePerson> named;
};

// Where a page of a timeline ends: entries are ordered by happened_at, then id, newest
// first; the next page starts after this entry.
struct TimelineCursor {
  int64_t happened_at = 0;
  int64_t id = 0;
};

struct TimelineQuery {
  std::optional<core::TimelineKind> kind;  // nullopt: every kind
  std::optional<TimelineCursor> after;
  int limit = 50;
};

struct TimelinePage {
  std::vector<TimelineEntryRecord> entries;
  std::optional<TimelineCursor> next;  // set when more entries follow
};

class TimelineStore {
 public:
  explicit TimelineStore(Tx& tx) : tx_(tx) {}

  // Appends `entry` to incident `incident_id`, written by `author` (display name
  // `author_name`) at `now`, with its named people; returns the new id. Fails with
  // kNotFound when the author may not read the incident, and with kInvalidArgument when
  // the entry it corrects is not one of this incident's that the author can see
  // ("/corrects" unknown_entry) or a named person may not read the incident
  // ("/named_user_ids" not_a_reader). Writes nothing on failure.
  Result<int64_t> Append(int64_t incident_id, const core::TimelineEntryDraft& entry,
                         const core::Principal& author, const std::string& author_name,
                         int64_t now);

  // One entry as `viewer` may see it; kNotFound outside her scope or when missing.
  Result<TimelineEntryRecord> Find(int64_t incident_id, int64_t entry_id,
                                   const core::Principal& viewer);

  // A page of the timeline of `incident_id` as `viewer` may see it, newest happened
  // first; kNotFound when she may not read the incident.
  Result<TimelinePage> List(int64_t incident_id, const core::Principal& viewer,
                            const TimelineQuery& q);

  // The active accounts that may read incident `incident_id` (core::MayReadIncident), by
  // name: whom a TLP:RED entry may name. kNotFound when `viewer` may not read it.
  Result<std::vector<TimelinePerson>> Readers(int64_t incident_id, const core::Principal& viewer);

 private:
  // The incident's organisation and label, if `viewer` may read it.
  Result<std::pair<int64_t, core::Tlp>> VisibleIncident(int64_t incident_id,
                                                        const core::Principal& viewer);
  // Fills corrected_by and named of `entries` (all of incident `incident_id`).
  Status Complete(int64_t incident_id, const core::Principal& viewer,
                  std::vector<TimelineEntryRecord>& entries);

  Tx& tx_;
};

}  // namespace warroom::storage
