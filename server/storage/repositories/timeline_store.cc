#include "server/storage/repositories/timeline_store.h"

#include <algorithm>
#include <map>
#include <utility>

#include "server/core/incident/access.h"
#include "server/storage/repositories/incident_store.h"
#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {
namespace {

constexpr std::string_view kColumns =
    "e.id, e.incident_id, e.kind, e.text, e.happened_at, e.written_at, e.author_user_id, "
    "e.author, e.tlp, e.corrects, e.audience";

TimelineEntryRecord ToEntry(Row& r) {
  TimelineEntryRecord x;
  x.id = r.Int(0);
  x.incident_id = r.Int(1);
  x.kind = core::ParseTimelineKind(r.Text(2)).value_or(core::TimelineKind::kObservation);
  x.text = r.TakeText(3);
  x.happened_at = r.Int(4);
  x.written_at = r.Int(5);
  x.author_user_id = r.OptInt(6);
  x.author = r.TakeText(7);
  // An unreadable label is treated as the strictest, never as public.
  x.tlp = core::ParseTlp(r.Text(8)).value_or(core::Tlp::kRed);
  x.corrects = r.OptInt(9);
  x.audience = r.TakeOptText(10);
  return x;
}

// The entries `viewer` may see, as a condition on alias e: every entry but TLP:RED ones,
// and a TLP:RED one only when she is named on it. The role does not enter: the war room
// reads RED incidents, not RED entries it is not named on.
std::string EntryVisibleSql(const core::Principal& viewer, Params& params) {
  return "(e.tlp <> 'red' OR EXISTS (SELECT 1 FROM incident_timeline_named n WHERE "
         "n.entry_id = e.id AND n.user_id = " +
         Bind(params, viewer.user_id) + "))";
}

// The entries of incident $1 that `viewer` may see, the incident's scope included; the
// caller appends conditions and the order.
std::string VisibleEntriesSql(const core::Principal& viewer, Params& params) {
  std::string sql =
      " FROM incident_timeline e JOIN incidents i ON i.id = e.incident_id "
      "WHERE e.incident_id = $1 AND ";
  sql += IncidentVisibleSql(viewer, params);
  sql += " AND " + EntryVisibleSql(viewer, params);
  return sql;
}

}  // namespace

Result<std::pair<int64_t, core::Tlp>> TimelineStore::VisibleIncident(
    int64_t incident_id, const core::Principal& viewer) {
  Params params{incident_id};
  const std::string visible = IncidentVisibleSql(viewer, params);
  WR_ASSIGN_OR_RETURN(auto row,
                      tx_.QueryOptional("SELECT i.organisation_id, i.tlp FROM incidents i "
                                        "WHERE i.id = $1 AND " +
                                            visible,
                                        params));
  if (!row) return Error::NotFound("no incident " + std::to_string(incident_id));
  return std::pair{row->Int(0), core::ParseTlp(row->Text(1)).value_or(core::Tlp::kRed)};
}

Result<int64_t> TimelineStore::Append(int64_t incident_id, const core::TimelineEntryDraft& entry,
                                      const core::Principal& author, const std::string& author_name,
                                      int64_t now) {
  WR_RETURN_IF_ERROR(VisibleIncident(incident_id, author));
  if (entry.corrects) {
    auto corrected = Find(incident_id, *entry.corrects, author);
    if (!corrected) {
      if (corrected.error().code != ErrorCode::kNotFound) return corrected.error();
      return Error::Invalid("the timeline entry is not valid",
                            {{"/corrects", 0, 0, "unknown_entry",
                              "is not an entry of this incident that you can see"}});
    }
  }
  if (!entry.named_user_ids.empty()) {
    WR_ASSIGN_OR_RETURN(std::vector<TimelinePerson> readers, Readers(incident_id, author));
    for (int64_t id : entry.named_user_ids) {
      const bool reader = std::any_of(readers.begin(), readers.end(),
                                      [id](const TimelinePerson& p) { return p.user_id == id; });
      if (!reader) {
        return Error::Invalid("the timeline entry is not valid",
                              {{"/named_user_ids", 0, 0, "not_a_reader",
                                "user " + std::to_string(id) + " may not read this incident"}});
      }
    }
  }
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne("INSERT INTO incident_timeline (incident_id, kind, text, happened_at, "
                   "written_at, author_user_id, author, tlp, corrects, audience) VALUES ($1, $2, "
                   "$3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                   {incident_id, std::string(core::Name(entry.kind)), entry.text, entry.happened_at,
                    now, author.user_id > 0 ? Value(author.user_id) : Value(nullptr), author_name,
                    std::string(core::Name(entry.tlp)), Nullable(entry.corrects),
                    Nullable(entry.audience)}));
  const int64_t id = row.Int(0);
  for (int64_t user_id : entry.named_user_ids) {
    WR_RETURN_IF_ERROR(tx_.Exec(
        "INSERT INTO incident_timeline_named (entry_id, user_id) VALUES ($1, $2)", {id, user_id}));
  }
  return id;
}

Result<TimelineEntryRecord> TimelineStore::Find(int64_t incident_id, int64_t entry_id,
                                                const core::Principal& viewer) {
  Params params{incident_id};
  std::string sql = "SELECT " + std::string(kColumns) + VisibleEntriesSql(viewer, params);
  sql += " AND e.id = " + Bind(params, entry_id);
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(sql, params));
  if (!row) return Error::NotFound("no timeline entry " + std::to_string(entry_id));
  std::vector<TimelineEntryRecord> one;
  one.push_back(ToEntry(*row));
  WR_RETURN_IF_ERROR(Complete(incident_id, viewer, one));
  return std::move(one.front());
}

Result<TimelinePage> TimelineStore::List(int64_t incident_id, const core::Principal& viewer,
                                         const TimelineQuery& q) {
  WR_RETURN_IF_ERROR(VisibleIncident(incident_id, viewer));
  Params params{incident_id};
  std::string sql = "SELECT " + std::string(kColumns) + VisibleEntriesSql(viewer, params);
  if (q.kind) sql += " AND e.kind = " + Bind(params, std::string(core::Name(*q.kind)));
  if (q.after) {
    const std::string h = Bind(params, q.after->happened_at);
    const std::string id = Bind(params, q.after->id);
    sql += " AND (e.happened_at < " + h + " OR (e.happened_at = " + h + " AND e.id < " + id + "))";
  }
  // One more than asked: whether a next page exists, without counting.
  sql += " ORDER BY e.happened_at DESC, e.id DESC LIMIT " + Bind(params, int64_t{q.limit} + 1);
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  TimelinePage page;
  page.entries.reserve(rows.size());
  for (Row& r : rows) page.entries.push_back(ToEntry(r));
  if (page.entries.size() > static_cast<size_t>(q.limit)) {
    page.entries.resize(static_cast<size_t>(q.limit));
    page.next = TimelineCursor{page.entries.back().happened_at, page.entries.back().id};
  }
  WR_RETURN_IF_ERROR(Complete(incident_id, viewer, page.entries));
  return page;
}

Status TimelineStore::Complete(int64_t incident_id, const core::Principal& viewer,
                               std::vector<TimelineEntryRecord>& entries) {
  if (entries.empty()) return {};
  std::map<int64_t, TimelineEntryRecord*> by_id;
  bool any_red = false;
  for (auto& e : entries) {
    by_id[e.id] = &e;
    any_red = any_red || e.tlp == core::Tlp::kRed;
  }
  std::vector<Statement> batch;
  Params corrections{incident_id};
  batch.push_back({"SELECT e.corrects, e.id" + VisibleEntriesSql(viewer, corrections) +
                       " AND e.corrects IS NOT NULL ORDER BY e.id",
                   std::move(corrections)});
  if (any_red) {
    // The names on the RED entries the viewer is named on herself.
    Params named{incident_id};
    const std::string visible = IncidentVisibleSql(viewer, named);
    const std::string me = Bind(named, viewer.user_id);
    batch.push_back(
        {"SELECT e.id, u.id, u.display_name, u.organisation_id, o.name_nl FROM "
         "incident_timeline e JOIN incidents i ON i.id = e.incident_id JOIN "
         "incident_timeline_named n ON n.entry_id = e.id JOIN users u ON u.id = n.user_id JOIN "
         "organisations o ON o.id = u.organisation_id WHERE e.incident_id = $1 AND " +
             visible +
             " AND e.tlp = 'red' AND EXISTS (SELECT 1 FROM incident_timeline_named m "
             "WHERE m.entry_id = e.id AND m.user_id = " +
             me + ") ORDER BY e.id, u.display_name, u.id",
         std::move(named)});
  }
  WR_ASSIGN_OR_RETURN(std::vector<Rows> results, tx_.QueryBatch(batch));
  for (Row& r : results[0]) {
    auto it = by_id.find(r.Int(0));
    if (it != by_id.end()) it->second->corrected_by.push_back(r.Int(1));
  }
  if (any_red) {
    for (Row& r : results[1]) {
      auto it = by_id.find(r.Int(0));
      if (it == by_id.end()) continue;
      it->second->named.push_back({r.Int(1), r.TakeText(2), r.Int(3), r.TakeText(4)});
    }
  }
  return {};
}

Result<std::vector<TimelinePerson>> TimelineStore::Readers(int64_t incident_id,
                                                           const core::Principal& viewer) {
  WR_ASSIGN_OR_RETURN(auto incident, VisibleIncident(incident_id, viewer));
  const auto [organisation_id, tlp] = incident;
  // The candidates: the incident's organisation's accounts and those of every role that
  // reads every organisation's incidents; core::MayReadIncident then decides on each, so
  // that the rule lives in one place.
  Params params{organisation_id};
  std::string roles;
  for (core::Role role : core::AllRoles()) {
    core::Principal p;
    p.role = role;
    if (core::IncidentReadScope(p).organisations.kind == core::DirectoryScope::Kind::kAll) {
      roles += (roles.empty() ? "" : ", ") + Bind(params, std::string(core::Name(role)));
    }
  }
  std::string sql =
      "SELECT u.id, u.display_name, u.role, u.organisation_id, o.name_nl FROM users u JOIN "
      "organisations o ON o.id = u.organisation_id WHERE u.status = 'active' AND "
      "(u.organisation_id = $1";
  if (!roles.empty()) sql += " OR u.role IN (" + roles + ")";
  sql += ") ORDER BY u.display_name, u.id";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  std::vector<TimelinePerson> out;
  for (Row& r : rows) {
    core::Principal p;
    p.user_id = r.Int(0);
    p.organisation_id = r.Int(3);
    const auto role = core::ParseRole(r.Text(2));
    if (!role) continue;
    p.role = *role;
    if (!core::MayReadIncident(p, organisation_id, tlp)) continue;
    out.push_back({p.user_id, r.TakeText(1), p.organisation_id, r.TakeText(4)});
  }
  return out;
}

}  // namespace warroom::storage
