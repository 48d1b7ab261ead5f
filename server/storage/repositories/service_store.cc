#include "server/storage/repositories/service_store.h"

#include <utility>

#include "server/storage/repositories/incident_store.h"
#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {
namespace {

constexpr std::string_view kCatalogueColumns =
    "key, name_nl, name_fr, name_en, name_de, position, active, version";
constexpr std::string_view kServiceColumns =
    "s.incident_id, s.service_key, s.status, s.since, s.restore_target, s.restored_at, s.note, "
    "s.version, s.updated_at";

CriticalServiceRecord ToCatalogue(Row& r) {
  CriticalServiceRecord x;
  x.key = r.TakeText(0);
  x.name_nl = r.TakeText(1);
  x.name_fr = r.TakeText(2);
  x.name_en = r.TakeText(3);
  x.name_de = r.TakeText(4);
  x.position = static_cast<int>(r.Int(5));
  x.active = r.Int(6) != 0;
  x.version = static_cast<int>(r.Int(7));
  return x;
}

// The columns of kServiceColumns from `first` on.
IncidentServiceRecord ToService(Row& r, size_t first) {
  IncidentServiceRecord x;
  x.incident_id = r.Int(first);
  x.service_key = r.TakeText(first + 1);
  // An unreadable status counts as down: never report a service restored that is not.
  x.state.status = core::ParseServiceStatus(r.Text(first + 2)).value_or(core::ServiceStatus::kDown);
  x.state.since = r.Int(first + 3);
  x.state.restore_target = r.OptInt(first + 4);
  x.state.restored_at = r.OptInt(first + 5);
  x.state.note = r.TakeText(first + 6);
  x.version = static_cast<int>(r.Int(first + 7));
  x.updated_at = r.Int(first + 8);
  return x;
}

// Services of incident $1 that `viewer` may read, through the incident's scope; the
// caller appends conditions and the order.
std::string VisibleServicesSql(const core::Principal& viewer, Params& params) {
  std::string sql =
      " FROM incident_services s JOIN incidents i ON i.id = s.incident_id JOIN "
      "critical_services c ON c.key = s.service_key WHERE s.incident_id = $1 AND ";
  sql += IncidentVisibleSql(viewer, params);
  return sql;
}

}  // namespace

const std::string& CriticalServiceRecord::Name(core::Language language) const {
  switch (language) {
    case core::Language::kFr:
      return name_fr;
    case core::Language::kEn:
      return name_en;
    case core::Language::kDe:
      return name_de;
    case core::Language::kNl:
      break;
  }
  return name_nl;
}

Result<std::vector<CriticalServiceRecord>> ServiceStore::Catalogue(bool include_retired) {
  std::string sql = "SELECT " + std::string(kCatalogueColumns) + " FROM critical_services";
  if (!include_retired) sql += " WHERE active = 1";
  sql += " ORDER BY position, key";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, {}));
  std::vector<CriticalServiceRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(ToCatalogue(r));
  return out;
}

Result<CriticalServiceRecord> ServiceStore::CatalogueEntry(const std::string& key) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional("SELECT " + std::string(kCatalogueColumns) +
                                                      " FROM critical_services WHERE key = $1",
                                                  {key}));
  if (!row) return Error::NotFound("no critical service " + key);
  return ToCatalogue(*row);
}

Status ServiceStore::AddToCatalogue(const core::CriticalServiceInput& in) {
  WR_ASSIGN_OR_RETURN(
      auto existing, tx_.QueryOptional("SELECT 1 FROM critical_services WHERE key = $1", {in.key}));
  if (existing) {
    return Error(ErrorCode::kConflict, "the critical service exists",
                 {{"/key", 0, 0, "duplicate", "a critical service has this key"}});
  }
  WR_RETURN_IF_ERROR(
      tx_.Exec("INSERT INTO critical_services (key, name_nl, name_fr, name_en, name_de, position, "
               "active, version) VALUES ($1, $2, $3, $4, $5, $6, 1, 1)",
               {in.key, in.name_nl, in.name_fr, in.name_en, in.name_de, int64_t{in.position}}));
  return {};
}

Status ServiceStore::UpdateCatalogue(const CriticalServiceRecord& r, int expected_version) {
  WR_ASSIGN_OR_RETURN(
      int64_t n,
      tx_.Exec("UPDATE critical_services SET name_nl = $1, name_fr = $2, name_en = $3, "
               "name_de = $4, position = $5, active = $6, version = version + 1 WHERE key = $7 "
               "AND version = $8",
               {r.name_nl, r.name_fr, r.name_en, r.name_de, int64_t{r.position},
                int64_t{r.active ? 1 : 0}, r.key, int64_t{expected_version}}));
  if (n == 0) {
    WR_RETURN_IF_ERROR(CatalogueEntry(r.key));
    return Error::PreconditionFailed("the critical service was changed by somebody else");
  }
  return {};
}

Result<std::vector<IncidentServiceRecord>> ServiceStore::List(int64_t incident_id,
                                                              const core::Principal& viewer) {
  WR_RETURN_IF_ERROR(RequireVisibleIncident(tx_, incident_id, viewer));
  Params params{incident_id};
  std::string sql = "SELECT " + std::string(kServiceColumns) + VisibleServicesSql(viewer, params) +
                    " ORDER BY c.position, s.service_key";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  std::vector<IncidentServiceRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(ToService(r, 0));
  return out;
}

Result<std::optional<IncidentServiceRecord>> ServiceStore::Find(int64_t incident_id,
                                                                const std::string& key,
                                                                const core::Principal& viewer) {
  WR_RETURN_IF_ERROR(RequireVisibleIncident(tx_, incident_id, viewer));
  Params params{incident_id};
  std::string sql = "SELECT " + std::string(kServiceColumns) + VisibleServicesSql(viewer, params);
  sql += " AND s.service_key = " + Bind(params, key);
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(sql, params));
  if (!row) return std::optional<IncidentServiceRecord>{};
  return std::optional(ToService(*row, 0));
}

Status ServiceStore::Put(int64_t incident_id, const std::string& key,
                         const core::ServiceState& state, std::optional<int> expected_version,
                         const core::Principal& by, const std::string& by_name, int64_t now) {
  const std::string status(core::Name(state.status));
  std::optional<core::ServiceStatus> from;
  if (!expected_version) {
    WR_ASSIGN_OR_RETURN(auto existing,
                        tx_.QueryOptional("SELECT 1 FROM incident_services WHERE incident_id = $1 "
                                          "AND service_key = $2",
                                          {incident_id, key}));
    if (existing) {
      return Error(ErrorCode::kConflict, "the service is already on the incident",
                   {{"/service_key", 0, 0, "exists", "change it with If-Match"}});
    }
    WR_RETURN_IF_ERROR(
        tx_.Exec("INSERT INTO incident_services (incident_id, service_key, status, since, "
                 "restore_target, restored_at, note, version, updated_at) VALUES ($1, $2, $3, $4, "
                 "$5, $6, $7, 1, $8)",
                 {incident_id, key, status, state.since, Nullable(state.restore_target),
                  Nullable(state.restored_at), state.note, now}));
  } else {
    WR_ASSIGN_OR_RETURN(auto before,
                        tx_.QueryOptional("SELECT status, version FROM incident_services WHERE "
                                          "incident_id = $1 AND service_key = $2",
                                          {incident_id, key}));
    if (!before) return Error::NotFound("the service is not on the incident");
    if (before->Int(1) != *expected_version) {
      return Error::PreconditionFailed("the service was changed by somebody else");
    }
    from = core::ParseServiceStatus(before->Text(0));
    WR_ASSIGN_OR_RETURN(
        int64_t n,
        tx_.Exec("UPDATE incident_services SET status = $1, since = $2, restore_target = $3, "
                 "restored_at = $4, note = $5, version = version + 1, updated_at = $6 WHERE "
                 "incident_id = $7 AND service_key = $8 AND version = $9",
                 {status, state.since, Nullable(state.restore_target), Nullable(state.restored_at),
                  state.note, now, incident_id, key, int64_t{*expected_version}}));
    if (n == 0) return Error::PreconditionFailed("the service was changed by somebody else");
  }
  WR_RETURN_IF_ERROR(
      tx_.Exec("INSERT INTO incident_service_history (incident_id, service_key, from_status, "
               "to_status, since, restore_target, restored_at, note, changed_at, "
               "changed_by_user_id, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
               "$11)",
               {incident_id, key, from ? Value(std::string(core::Name(*from))) : Value(nullptr),
                status, state.since, Nullable(state.restore_target), Nullable(state.restored_at),
                state.note, now, by.user_id > 0 ? Value(by.user_id) : Value(nullptr), by_name}));
  return {};
}

Result<std::vector<ServiceChangeRecord>> ServiceStore::History(int64_t incident_id,
                                                               const std::string& key,
                                                               const core::Principal& viewer) {
  WR_RETURN_IF_ERROR(RequireVisibleIncident(tx_, incident_id, viewer));
  Params history_params{incident_id};
  std::string sql =
      "SELECT h.id, h.from_status, h.to_status, h.since, h.restore_target, h.restored_at, h.note, "
      "h.changed_at, h.changed_by_user_id, h.changed_by FROM incident_service_history h JOIN "
      "incidents i ON i.id = h.incident_id WHERE h.incident_id = $1 AND ";
  sql += IncidentVisibleSql(viewer, history_params);
  sql += " AND h.service_key = " + Bind(history_params, key) + " ORDER BY h.id";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, history_params));
  std::vector<ServiceChangeRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) {
    ServiceChangeRecord c;
    c.id = r.Int(0);
    if (!r.IsNull(1)) c.from = core::ParseServiceStatus(r.Text(1));
    c.to.status = core::ParseServiceStatus(r.Text(2)).value_or(core::ServiceStatus::kDown);
    c.to.since = r.Int(3);
    c.to.restore_target = r.OptInt(4);
    c.to.restored_at = r.OptInt(5);
    c.to.note = r.TakeText(6);
    c.changed_at = r.Int(7);
    c.changed_by_user_id = r.OptInt(8);
    c.changed_by = r.TakeText(9);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<RecoveryRecord>> ServiceStore::Recovery(const core::Principal& viewer) {
  Params params;
  std::string sql =
      "SELECT i.id, i.title, i.severity, i.is_exercise, i.organisation_id, o.name_nl, " +
      std::string(kServiceColumns) +
      " FROM incident_services s JOIN incidents i ON i.id = s.incident_id JOIN organisations o "
      "ON o.id = i.organisation_id JOIN critical_services c ON c.key = s.service_key WHERE "
      "s.status <> 'restored' AND i.status <> 'closed' AND ";
  sql += IncidentVisibleSql(viewer, params);
  sql += " ORDER BY s.since, i.id, c.position, s.service_key";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  std::vector<RecoveryRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) {
    RecoveryRecord x;
    x.incident_id = r.Int(0);
    x.incident_title = r.TakeText(1);
    x.severity = static_cast<int>(r.Int(2));
    x.is_exercise = r.Int(3) != 0;
    x.organisation_id = r.Int(4);
    x.organisation_name = r.TakeText(5);
    x.service = ToService(r, 6);
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace warroom::storage
