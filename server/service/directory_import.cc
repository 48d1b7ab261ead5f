#include "server/service/directory_import.h"

#include <map>
#include <optional>
#include <set>

#include "libs/base/rfc3339.h"
#include "server/core/csv/csv_reader.h"
#include "server/core/directory/validate.h"
#include "server/service/directory_service.h"
#include "server/service/views.h"
#include "server/storage/repositories/audit_store.h"
#include "server/storage/repositories/directory_store.h"

namespace warroom::service {
namespace {

using storage::DirectoryStore;
using storage::Tx;

constexpr core::DirectoryScope kAll{core::DirectoryScope::Kind::kAll, 0};

// A marker error that rolls back a dry run after every check has passed.
constexpr const char* kDryRunRollback = "dry run: rolled back";

int64_t NowOf(const ports::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
      .count();
}

// Column lookup over a parsed table; records which known columns exist.
class Columns {
 public:
  Columns(const core::csv::CsvTable& table, std::initializer_list<const char*> known) {
    for (const char* name : known) {
      auto idx = table.Column(name);
      if (idx) index_[name] = *idx;
    }
    for (size_t i = 0; i < table.header.size(); ++i) {
      bool used = false;
      for (const auto& [name, idx] : index_) used = used || idx == i;
      if (!used) ignored_.push_back(table.header[i]);
    }
  }
  bool Has(const std::string& name) const { return index_.contains(name); }
  // The trimmed cell, or std::nullopt when the column is absent or the cell empty.
  std::optional<std::string> Get(const core::csv::CsvRow& row, const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end() || it->second >= row.fields.size()) return std::nullopt;
    std::string v = row.fields[it->second];
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
    size_t start = 0;
    while (start < v.size() && (v[start] == ' ' || v[start] == '\t')) ++start;
    v.erase(0, start);
    if (v.empty()) return std::nullopt;
    return v;
  }
  // A field error at `row` for column `name` (or the JSON pointer of a validation error).
  FieldError At(const core::csv::CsvRow& row, std::string name, const std::string& code) const {
    if (!name.empty() && name[0] == '/') name.erase(0, 1);
    auto it = index_.find(name);
    const int column = it == index_.end() ? 0 : static_cast<int>(it->second) + 1;
    return {name, static_cast<int>(row.line), column, code,
            "line " + std::to_string(row.line) + ", column " + name + ": " + code};
  }
  const std::vector<std::string>& ignored() const { return ignored_; }

 private:
  std::map<std::string, size_t> index_;
  std::vector<std::string> ignored_;
};

Result<core::csv::CsvTable> Parse(std::string_view csv) {
  core::csv::CsvErrorLocation where;
  auto table = core::csv::ParseCsv(csv, {}, &where);
  if (!table) {
    return Error::Invalid("the file is not valid CSV",
                          {{where.column_name, static_cast<int>(where.line),
                            static_cast<int>(where.column), "invalid_csv", table.error().message}});
  }
  if (table->rows.empty()) {
    return Error::Invalid("the file has no rows",
                          {{"", 1, 0, "empty_file", "the file has no rows"}});
  }
  return table;
}

Status Audit(Tx& tx, const core::Principal& p, const std::string& action, const std::string& type,
             int64_t id, int64_t org, const std::string& before, const std::string& after,
             int64_t now) {
  storage::AuditRecord rec{p.user_id,          p.label, action, type,
                           std::to_string(id), org,     before, after};
  return StatusOf(storage::AuditStore(tx).Append(rec, now));
}

bool SameOrganisation(const core::Organisation& a, const core::Organisation& b) {
  return a.kind == b.kind && a.nis_code == b.nis_code && a.external_id == b.external_id &&
         a.name_nl == b.name_nl && a.name_fr == b.name_fr && a.name_de == b.name_de &&
         a.name_en == b.name_en && a.region_nis == b.region_nis &&
         a.province_nis == b.province_nis && a.parent_id == b.parent_id &&
         a.merged_into_id == b.merged_into_id && a.status == b.status && a.is_demo == b.is_demo;
}

}  // namespace

Result<ImportReport> DirectoryImport::ImportOrganisations(const core::Principal& p,
                                                          std::string_view csv,
                                                          const ImportOptions& options) {
  if (!core::CanImport(p)) return Error::PermissionDenied("only the war room imports");
  WR_ASSIGN_OR_RETURN(core::csv::CsvTable table, Parse(csv));
  const Columns cols(table,
                     {"kind", "nis_code", "external_id", "name_nl", "name_fr", "name_de", "name_en",
                      "region_nis", "province_nis", "parent_nis", "merged_into_nis", "status"});
  std::vector<FieldError> errors;
  if (!cols.Has("name_nl")) {
    errors.push_back({"name_nl", 1, 0, "missing_column", "missing column name_nl"});
  }
  if (!cols.Has("nis_code") && !cols.Has("external_id")) {
    errors.push_back(
        {"nis_code", 1, 0, "missing_column", "missing column nis_code or external_id"});
  }
  if (!errors.empty()) return Error::Invalid("the file lacks required columns", errors);

  // Pass 1: validate every row on its own.
  struct Pending {
    const core::csv::CsvRow* row;
    core::Organisation org;
    std::optional<std::string> parent_nis;
    std::optional<std::string> merged_into_nis;
  };
  std::vector<Pending> pending;
  std::set<std::string> keys;
  for (const auto& row : table.rows) {
    OrganisationInput in;
    in.kind = options.default_kind;
    if (auto k = cols.Get(row, "kind")) {
      auto kind = core::ParseOrganisationKind(*k);
      if (!kind) {
        errors.push_back(cols.At(row, "kind", "unknown_kind"));
        continue;
      }
      in.kind = *kind;
    }
    if (auto s = cols.Get(row, "status")) {
      auto status = core::ParseOrganisationStatus(*s);
      if (!status) {
        errors.push_back(cols.At(row, "status", "unknown_status"));
        continue;
      }
      in.status = *status;
    }
    in.nis_code = cols.Get(row, "nis_code");
    in.external_id = cols.Get(row, "external_id");
    in.name_nl = cols.Get(row, "name_nl").value_or("");
    in.name_fr = cols.Get(row, "name_fr");
    in.name_de = cols.Get(row, "name_de");
    in.name_en = cols.Get(row, "name_en");
    in.region_nis = cols.Get(row, "region_nis");
    in.province_nis = cols.Get(row, "province_nis");
    in.is_demo = options.is_demo;
    const auto merged_into = cols.Get(row, "merged_into_nis");
    if (merged_into) in.merged_into_id = 0;  // resolved below; satisfies the merged rule
    auto valid = DirectoryService::ValidateOrganisation(in);
    if (!valid) {
      for (const auto& f : valid.error().fields) errors.push_back(cols.At(row, f.field, f.code));
      continue;
    }
    if (!in.nis_code && !in.external_id) {
      errors.push_back(cols.At(row, "nis_code", "required"));
      continue;
    }
    const std::string key = in.nis_code ? "nis:" + *in.nis_code : "ext:" + *in.external_id;
    if (!keys.insert(key).second) {
      errors.push_back(cols.At(row, in.nis_code ? "nis_code" : "external_id", "duplicate_in_file"));
      continue;
    }
    valid->merged_into_id.reset();
    pending.push_back({&row, *valid, cols.Get(row, "parent_nis"), merged_into});
  }
  if (!errors.empty()) return Error::Invalid("the file has invalid rows", errors);

  ImportReport report;
  report.dry_run = options.dry_run;
  report.rows = static_cast<int>(table.rows.size());
  report.ignored_columns = cols.ignored();
  const int64_t now = NowOf(clock_);
  Status done = db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    // Pass 2: references to geography must exist.
    std::set<std::string> regions, provinces;
    WR_ASSIGN_OR_RETURN(auto rs, store.Regions());
    for (const auto& r : rs) regions.insert(r.nis_code);
    WR_ASSIGN_OR_RETURN(auto ps, store.Provinces());
    for (const auto& pr : ps) provinces.insert(pr.nis_code);
    std::set<std::string> nis_in_file;
    for (const auto& item : pending) {
      if (item.org.nis_code) nis_in_file.insert(*item.org.nis_code);
    }
    for (const auto& item : pending) {
      if (item.org.region_nis && !regions.contains(*item.org.region_nis)) {
        errors.push_back(cols.At(*item.row, "region_nis", "unknown_region"));
      }
      if (item.org.province_nis && !provinces.contains(*item.org.province_nis)) {
        errors.push_back(cols.At(*item.row, "province_nis", "unknown_province"));
      }
      for (const auto& [field, ref] : {std::pair{"parent_nis", item.parent_nis},
                                       std::pair{"merged_into_nis", item.merged_into_nis}}) {
        if (!ref || nis_in_file.contains(*ref)) continue;
        WR_ASSIGN_OR_RETURN(auto target, store.FindByNisCode(*ref));
        if (!target) errors.push_back(cols.At(*item.row, field, "unknown_organisation"));
      }
    }
    if (!errors.empty()) return Error::Invalid("the file has invalid rows", errors);
    // Pass 3: insert or update without cross references, then resolve them.
    std::map<std::string, int64_t> id_of_nis;
    std::vector<int64_t> ids;
    for (auto& item : pending) {
      std::optional<core::Organisation> existing;
      if (item.org.nis_code) {
        WR_ASSIGN_OR_RETURN(existing, store.FindByNisCode(*item.org.nis_code));
      } else {
        WR_ASSIGN_OR_RETURN(existing, store.FindByExternalId(*item.org.external_id));
      }
      if (existing) {
        item.org.id = existing->id;
        item.org.parent_id = existing->parent_id;
        item.org.merged_into_id = existing->merged_into_id;
        if (!SameOrganisation(*existing, item.org)) {
          auto updated = store.UpdateOrganisation(item.org, existing->version, now);
          if (!updated) {
            errors.push_back(cols.At(*item.row, "nis_code", "conflict"));
            continue;
          }
          WR_RETURN_IF_ERROR(Audit(tx, p, "organisation.import_update", "organisation",
                                   existing->id, existing->id, ToJson(*existing).dump(),
                                   ToJson(*updated).dump(), now));
          ++report.updated;
        }
      } else {
        auto inserted = store.InsertOrganisation(item.org, now);
        if (!inserted) {
          errors.push_back(
              cols.At(*item.row, item.org.nis_code ? "nis_code" : "external_id", "duplicate"));
          continue;
        }
        item.org.id = inserted->id;
        WR_RETURN_IF_ERROR(Audit(tx, p, "organisation.import_create", "organisation", inserted->id,
                                 inserted->id, "", ToJson(*inserted).dump(), now));
        ++report.created;
      }
      if (item.org.nis_code) id_of_nis[*item.org.nis_code] = item.org.id;
    }
    if (!errors.empty()) return Error::Invalid("the file has invalid rows", errors);
    for (auto& item : pending) {
      if (!item.parent_nis && !item.merged_into_nis) continue;
      auto resolve = [&](const std::optional<std::string>& nis) -> Result<std::optional<int64_t>> {
        if (!nis) return std::optional<int64_t>();
        if (auto it = id_of_nis.find(*nis); it != id_of_nis.end()) {
          return std::optional<int64_t>(it->second);
        }
        WR_ASSIGN_OR_RETURN(auto target, store.FindByNisCode(*nis));
        return target ? std::optional<int64_t>(target->id) : std::optional<int64_t>();
      };
      WR_ASSIGN_OR_RETURN(auto parent, resolve(item.parent_nis));
      WR_ASSIGN_OR_RETURN(auto merged, resolve(item.merged_into_nis));
      WR_ASSIGN_OR_RETURN(auto current, store.FindOrganisation(item.org.id, kAll));
      if (!current || (current->parent_id == parent && current->merged_into_id == merged)) {
        continue;
      }
      core::Organisation next = *current;
      next.parent_id = parent;
      next.merged_into_id = merged;
      WR_RETURN_IF_ERROR(StatusOf(store.UpdateOrganisation(next, current->version, now)));
    }
    if (options.dry_run) return Error::Internal(kDryRunRollback);
    return Ok();
  });
  if (!done && !(options.dry_run && done.error().message == kDryRunRollback)) return done.error();
  return report;
}

Result<ImportReport> DirectoryImport::ImportPeople(const core::Principal& p, std::string_view csv,
                                                   const ImportOptions& options) {
  if (!core::CanImport(p)) return Error::PermissionDenied("only the war room imports");
  WR_ASSIGN_OR_RETURN(core::csv::CsvTable table, Parse(csv));
  const Columns cols(
      table, {"organisation_nis", "organisation_external_id", "external_id", "full_name",
              "job_title", "work_email", "oob_email", "mobile", "landline", "preferred_language",
              "roles", "spoc_order", "verified_at"});
  std::vector<FieldError> errors;
  if (!cols.Has("full_name")) {
    errors.push_back({"full_name", 1, 0, "missing_column", "missing column full_name"});
  }
  if (!cols.Has("organisation_nis") && !cols.Has("organisation_external_id")) {
    errors.push_back({"organisation_nis", 1, 0, "missing_column",
                      "missing column organisation_nis or organisation_external_id"});
  }
  if (!errors.empty()) return Error::Invalid("the file lacks required columns", errors);

  struct Pending {
    const core::csv::CsvRow* row;
    core::Person person;
    std::optional<std::string> org_nis;
    std::optional<std::string> org_ext;
    std::optional<int> spoc_order;
  };
  std::vector<Pending> pending;
  for (const auto& row : table.rows) {
    PersonInput in;
    in.full_name = cols.Get(row, "full_name").value_or("");
    in.external_id = cols.Get(row, "external_id");
    in.job_title = cols.Get(row, "job_title");
    in.work_email = cols.Get(row, "work_email");
    in.oob_email = cols.Get(row, "oob_email");
    in.mobile = cols.Get(row, "mobile");
    in.landline = cols.Get(row, "landline");
    in.is_demo = options.is_demo;
    bool ok = true;
    if (auto lang = cols.Get(row, "preferred_language")) {
      auto l = core::ParseLanguage(*lang);
      if (!l) {
        errors.push_back(cols.At(row, "preferred_language", "unknown_language"));
        ok = false;
      } else {
        in.preferred_language = *l;
      }
    }
    if (auto roles = cols.Get(row, "roles")) {
      std::string item;
      for (size_t i = 0; i <= roles->size(); ++i) {
        if (i == roles->size() || (*roles)[i] == ';' || (*roles)[i] == '|') {
          while (!item.empty() && item.back() == ' ') item.pop_back();
          if (!item.empty()) {
            auto r = core::ParseContactRole(item);
            if (!r) {
              errors.push_back(cols.At(row, "roles", "unknown_role"));
              ok = false;
            } else {
              in.roles.push_back(*r);
            }
          }
          item.clear();
        } else if (!(item.empty() && (*roles)[i] == ' ')) {
          item.push_back((*roles)[i]);
        }
      }
    }
    std::optional<int> spoc_order;
    if (auto order = cols.Get(row, "spoc_order")) {
      if (order->size() > 2 || order->find_first_not_of("0123456789") != std::string::npos) {
        errors.push_back(cols.At(row, "spoc_order", "invalid_number"));
        ok = false;
      } else {
        spoc_order = std::stoi(*order);
      }
    }
    if (auto verified = cols.Get(row, "verified_at")) {
      auto ms = ParseRfc3339Date(*verified);
      if (!ms) {
        errors.push_back(cols.At(row, "verified_at", "invalid_date"));
        ok = false;
      } else {
        in.verified_at = *ms;
      }
    }
    auto valid = DirectoryService::ValidatePerson(in);
    if (!valid) {
      for (const auto& f : valid.error().fields) errors.push_back(cols.At(row, f.field, f.code));
      continue;
    }
    const auto org_nis = cols.Get(row, "organisation_nis");
    const auto org_ext = cols.Get(row, "organisation_external_id");
    if (!org_nis && !org_ext) {
      errors.push_back(cols.At(row, "organisation_nis", "required"));
      continue;
    }
    if (ok) pending.push_back({&row, *valid, org_nis, org_ext, spoc_order});
  }
  if (!errors.empty()) return Error::Invalid("the file has invalid rows", errors);

  ImportReport report;
  report.dry_run = options.dry_run;
  report.rows = static_cast<int>(table.rows.size());
  report.ignored_columns = cols.ignored();
  const int64_t now = NowOf(clock_);
  Status done = db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    std::map<int64_t, std::map<int, int64_t>> assignments;  // org -> order -> person
    for (auto& item : pending) {
      std::optional<core::Organisation> org;
      if (item.org_nis) {
        WR_ASSIGN_OR_RETURN(org, store.FindByNisCode(*item.org_nis));
      } else {
        WR_ASSIGN_OR_RETURN(org, store.FindByExternalId(*item.org_ext));
      }
      if (!org) {
        errors.push_back(cols.At(*item.row,
                                 item.org_nis ? "organisation_nis" : "organisation_external_id",
                                 "unknown_organisation"));
        continue;
      }
      item.person.organisation_id = org->id;
      std::optional<core::Person> existing;
      if (item.person.external_id) {
        WR_ASSIGN_OR_RETURN(existing, store.FindPersonByExternalId(*item.person.external_id));
        if (existing && existing->organisation_id != org->id) {
          errors.push_back(cols.At(*item.row, "external_id", "belongs_to_another_organisation"));
          continue;
        }
      } else if (item.person.work_email) {
        WR_ASSIGN_OR_RETURN(auto people, store.PeopleOf(org->id));
        for (const auto& candidate : people) {
          if (candidate.work_email == item.person.work_email) existing = candidate;
        }
      }
      int64_t person_id = 0;
      if (existing) {
        item.person.id = existing->id;
        if (!item.person.verified_at) item.person.verified_at = existing->verified_at;
        WR_ASSIGN_OR_RETURN(auto updated, store.UpdatePerson(item.person, existing->version, now));
        WR_RETURN_IF_ERROR(Audit(tx, p, "person.import_update", "person", existing->id, org->id,
                                 ToJson(*existing).dump(), ToJson(updated).dump(), now));
        person_id = existing->id;
        ++report.updated;
      } else {
        auto inserted = store.InsertPerson(item.person, now);
        if (!inserted) {
          errors.push_back(cols.At(*item.row, "external_id", "duplicate"));
          continue;
        }
        WR_RETURN_IF_ERROR(Audit(tx, p, "person.import_create", "person", inserted->id, org->id, "",
                                 ToJson(*inserted).dump(), now));
        person_id = inserted->id;
        ++report.created;
      }
      if (item.spoc_order) {
        auto& orders = assignments[org->id];
        if (!orders.emplace(*item.spoc_order, person_id).second) {
          errors.push_back(cols.At(*item.row, "spoc_order", "duplicate_in_organisation"));
        }
      }
    }
    if (!errors.empty()) return Error::Invalid("the file has invalid rows", errors);
    for (const auto& [org_id, orders] : assignments) {
      std::optional<int64_t> spoc;
      std::vector<int64_t> deputies;
      for (const auto& [order, person] : orders) {
        if (order == 0) {
          spoc = person;
        } else {
          deputies.push_back(person);
        }
      }
      WR_RETURN_IF_ERROR(store.ReplaceAssignments(org_id, spoc, deputies));
    }
    if (options.dry_run) return Error::Internal(kDryRunRollback);
    return Ok();
  });
  if (!done && !(options.dry_run && done.error().message == kDryRunRollback)) return done.error();
  return report;
}

}  // namespace warroom::service
