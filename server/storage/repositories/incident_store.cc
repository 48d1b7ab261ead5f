#include "server/storage/repositories/incident_store.h"

#include <array>
#include <utility>

#include "server/core/incident/access.h"
#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {
namespace {

constexpr std::string_view kColumns =
    "i.id, i.organisation_id, o.name_nl, i.title, i.what_happened, i.detected_at, "
    "i.became_aware_at, i.severity, i.rsit_class, i.rsit_type, i.status, i.local_lead, "
    "i.callback_number, i.is_exercise, i.tlp, i.personal_data, i.nis2_applicable, "
    "i.gdpr_notified_at, i.gdpr_reference, i.nis2_early_warning_at, i.nis2_notification_at, "
    "i.nis2_final_report_at, i.nis2_reference, i.declared_at, i.declared_by_user_id, "
    "i.declared_by, i.closed_at, i.is_demo, i.version, i.created_at, i.updated_at";
constexpr std::string_view kFrom =
    " FROM incidents i JOIN organisations o ON o.id = i.organisation_id ";

IncidentRecord ToIncident(Row& r) {
  IncidentRecord x;
  x.id = r.Int(0);
  x.organisation_id = r.Int(1);
  x.organisation_name = r.TakeText(2);
  x.facts.title = r.TakeText(3);
  x.facts.what_happened = r.TakeText(4);
  x.facts.detected_at = r.Int(5);
  x.facts.became_aware_at = r.Int(6);
  x.facts.severity = static_cast<int>(r.Int(7));
  x.facts.rsit_class = r.TakeOptText(8);
  x.facts.rsit_type = r.TakeOptText(9);
  x.status = core::ParseIncidentStatus(r.Text(10)).value_or(core::IncidentStatus::kReported);
  x.facts.local_lead = r.TakeOptText(11);
  x.facts.callback_number = r.TakeOptText(12);
  x.facts.is_exercise = r.Int(13) != 0;
  // An unreadable label is treated as the strictest, never as public.
  x.facts.tlp = core::ParseTlp(r.Text(14)).value_or(core::Tlp::kRed);
  x.facts.personal_data = r.Int(15) != 0;
  x.facts.nis2_applicable = r.Int(16) != 0;
  x.clocks.gdpr_notified_at = r.OptInt(17);
  x.clocks.gdpr_reference = r.TakeOptText(18);
  x.clocks.nis2_early_warning_at = r.OptInt(19);
  x.clocks.nis2_notification_at = r.OptInt(20);
  x.clocks.nis2_final_report_at = r.OptInt(21);
  x.clocks.nis2_reference = r.TakeOptText(22);
  x.declared_at = r.Int(23);
  x.declared_by_user_id = r.OptInt(24);
  x.declared_by = r.TakeText(25);
  x.closed_at = r.OptInt(26);
  x.is_demo = r.Int(27) != 0;
  x.version = static_cast<int>(r.Int(28));
  x.created_at = r.Int(29);
  x.updated_at = r.Int(30);
  x.clocks.became_aware_at = x.facts.became_aware_at;
  x.clocks.personal_data = x.facts.personal_data;
  x.clocks.nis2_applicable = x.facts.nis2_applicable;
  return x;
}

// The columns of an incident's facts and clocks, which a declaration and an edit both write,
// in the order of FieldParams.
constexpr std::array<std::string_view, 19> kFieldColumns = {"title",
                                                            "what_happened",
                                                            "detected_at",
                                                            "became_aware_at",
                                                            "severity",
                                                            "rsit_class",
                                                            "rsit_type",
                                                            "local_lead",
                                                            "callback_number",
                                                            "is_exercise",
                                                            "tlp",
                                                            "personal_data",
                                                            "nis2_applicable",
                                                            "gdpr_notified_at",
                                                            "gdpr_reference",
                                                            "nis2_early_warning_at",
                                                            "nis2_notification_at",
                                                            "nis2_final_report_at",
                                                            "nis2_reference"};

Params FieldParams(const IncidentRecord& r) {
  const auto& f = r.facts;
  return {f.title,
          f.what_happened,
          f.detected_at,
          f.became_aware_at,
          int64_t{f.severity},
          Nullable(f.rsit_class),
          Nullable(f.rsit_type),
          Nullable(f.local_lead),
          Nullable(f.callback_number),
          int64_t{f.is_exercise},
          std::string(core::Name(f.tlp)),
          int64_t{f.personal_data},
          int64_t{f.nis2_applicable},
          Nullable(r.clocks.gdpr_notified_at),
          Nullable(r.clocks.gdpr_reference),
          Nullable(r.clocks.nis2_early_warning_at),
          Nullable(r.clocks.nis2_notification_at),
          Nullable(r.clocks.nis2_final_report_at),
          Nullable(r.clocks.nis2_reference)};
}

}  // namespace

std::string IncidentVisibleSql(const core::Principal& viewer, Params& params) {
  const core::IncidentScope scope = core::IncidentReadScope(viewer);
  std::string sql = ScopeSql(scope.organisations, "i.organisation_id", params);
  if (!scope.include_red) sql += " AND i.tlp <> 'red'";
  return sql;
}

Status RequireVisibleIncident(Tx& tx, int64_t incident_id, const core::Principal& viewer) {
  Params params{incident_id};
  const std::string visible = IncidentVisibleSql(viewer, params);
  WR_ASSIGN_OR_RETURN(
      auto incident,
      tx.QueryOptional("SELECT 1 FROM incidents i WHERE i.id = $1 AND " + visible, params));
  if (!incident) return Error::NotFound("no incident " + std::to_string(incident_id));
  return {};
}

Result<int64_t> IncidentStore::Insert(const IncidentRecord& r, int64_t now) {
  // The facts and clocks ($1 to $19), then what only a declaration writes.
  static const std::string kInsert = [] {
    std::string columns, values;
    for (size_t i = 0; i < kFieldColumns.size(); ++i) {
      columns += std::string(kFieldColumns[i]) + ", ";
      values += "$" + std::to_string(i + 1) + ", ";
    }
    // The parameters after the fields.
    const auto at = [](size_t k) { return "$" + std::to_string(kFieldColumns.size() + k); };
    return "INSERT INTO incidents (" + columns +
           "organisation_id, declared_at, declared_by_user_id, declared_by, is_demo, status, "
           "version, created_at, updated_at) VALUES (" +
           values + at(1) + ", " + at(2) + ", " + at(3) + ", " + at(4) + ", " + at(5) +
           ", 'reported', 1, " + at(6) + ", " + at(6) + ") RETURNING id";
  }();
  Params params = FieldParams(r);
  params.insert(params.end(), {r.organisation_id, r.declared_at, Nullable(r.declared_by_user_id),
                               r.declared_by, int64_t{r.is_demo}, now});
  WR_ASSIGN_OR_RETURN(Row row, tx_.QueryOne(kInsert, params));
  return row.Int(0);
}

Result<IncidentRecord> IncidentStore::Find(int64_t id, const core::Principal& viewer) {
  Params params{id};
  const std::string visible = IncidentVisibleSql(viewer, params);
  WR_ASSIGN_OR_RETURN(auto row,
                      tx_.QueryOptional("SELECT " + std::string(kColumns) + std::string(kFrom) +
                                            "WHERE i.id = $1 AND " + visible,
                                        params));
  if (!row) return Error::NotFound("no incident " + std::to_string(id));
  return ToIncident(*row);
}

Result<std::vector<IncidentRecord>> IncidentStore::List(const core::Principal& viewer,
                                                        const IncidentQuery& q) {
  Params params;
  std::string where = IncidentVisibleSql(viewer, params);
  if (q.statuses) {
    if (q.statuses->empty()) return std::vector<IncidentRecord>{};
    where += " AND i.status IN (";
    for (size_t i = 0; i < q.statuses->size(); ++i) {
      where += (i > 0 ? ", " : "") + Bind(params, std::string(core::Name((*q.statuses)[i])));
    }
    where += ")";
  }
  if (q.organisation_id) where += " AND i.organisation_id = " + Bind(params, *q.organisation_id);
  if (q.before_id > 0) where += " AND i.id < " + Bind(params, q.before_id);
  const std::string limit = Bind(params, int64_t{q.limit});
  WR_ASSIGN_OR_RETURN(Rows rows,
                      tx_.Query("SELECT " + std::string(kColumns) + std::string(kFrom) + "WHERE " +
                                    where + " ORDER BY i.id DESC LIMIT " + limit,
                                params));
  std::vector<IncidentRecord> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(ToIncident(r));
  return out;
}

Status IncidentStore::Update(const IncidentRecord& r, int expected_version, int64_t now) {
  // The facts and clocks ($1 to $19), then the status and the version check.
  static const std::string kUpdate = [] {
    std::string sets;
    for (size_t i = 0; i < kFieldColumns.size(); ++i) {
      sets += std::string(kFieldColumns[i]) + " = $" + std::to_string(i + 1) + ", ";
    }
    // The parameters after the fields.
    const auto at = [](size_t k) { return "$" + std::to_string(kFieldColumns.size() + k); };
    return "UPDATE incidents SET " + sets + "status = " + at(1) + ", closed_at = " + at(2) +
           ", version = version + 1, updated_at = " + at(3) + " WHERE id = " + at(4) +
           " AND version = " + at(5);
  }();
  Params params = FieldParams(r);
  params.insert(params.end(), {std::string(core::Name(r.status)), Nullable(r.closed_at), now, r.id,
                               int64_t{expected_version}});
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec(kUpdate, params));
  if (n == 0) return Error::PreconditionFailed("the incident was changed by somebody else");
  return {};
}

Result<core::RsitTaxonomy> IncidentStore::Taxonomy() {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query("SELECT class_key, class_name, type_key, type_name, "
                                           "description FROM rsit_types ORDER BY position",
                                           {}));
  std::vector<core::RsitType> types;
  types.reserve(rows.size());
  for (Row& r : rows) {
    types.push_back({r.TakeText(0), r.TakeText(1), r.TakeText(2), r.TakeText(3), r.TakeText(4)});
  }
  return core::RsitTaxonomy::FromTypes(std::move(types));
}

Result<int> IncidentStore::ReplaceTaxonomy(const core::RsitTaxonomy& taxonomy) {
  WR_RETURN_IF_ERROR(tx_.Exec("DELETE FROM rsit_types", {}));
  int position = 0;
  for (const auto& t : taxonomy.types()) {
    WR_RETURN_IF_ERROR(tx_.Exec(
        "INSERT INTO rsit_types (class_key, type_key, class_name, type_name, description, "
        "position) VALUES ($1, $2, $3, $4, $5, $6)",
        {t.class_key, t.type_key, t.class_name, t.type_name, t.description, int64_t{position}}));
    ++position;
  }
  return position;
}

}  // namespace warroom::storage
