#include "server/service/directory_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "libs/base/rfc3339.h"
#include "server/core/csv/csv_reader.h"
#include "server/core/directory/validate.h"
#include "server/service/directory_service.h"
#include "server/storage/repositories/directory_store.h"

namespace warroom::service {
namespace {

using core::csv::CsvRow;
using ports::Tx;
using storage::DirectoryStore;

constexpr core::DirectoryScope kAll{core::DirectoryScope::Kind::kAll, 0};

int64_t NowOf(const ports::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
      .count();
}

// What one cell asks of a stored value.
struct Cell {
  enum class Op { kKeep, kClear, kSet };
  Op op = Op::kKeep;
  std::string value;  // trimmed; set only for kSet

  bool IsSet() const { return op == Op::kSet; }
  bool IsClear() const { return op == Op::kClear; }
};

void Apply(const Cell& c, std::optional<std::string>& target) {
  if (c.IsSet()) target = c.value;
  if (c.IsClear()) target.reset();
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
  // The trimmed cell; kKeep when the column is absent or the cell empty, kClear for
  // kClearCell.
  Cell Get(const CsvRow& row, const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end() || it->second >= row.fields.size()) return {};
    std::string_view v = row.fields[it->second];
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    if (v.empty()) return {};
    if (v == kClearCell) return {Cell::Op::kClear, ""};
    return {Cell::Op::kSet, std::string(v)};
  }
  // A field error at `row` for column `name` (or the JSON pointer of a validation
  // error); `detail`, when given, follows the code in the message.
  FieldError At(const CsvRow& row, std::string name, const std::string& code,
                const std::string& detail = "") const {
    if (!name.empty() && name[0] == '/') name.erase(0, 1);
    if (name == "parent_id") name = "parent_nis";
    if (name == "merged_into_id") name = "merged_into_nis";
    auto it = index_.find(name);
    const int column = it == index_.end() ? 0 : static_cast<int>(it->second) + 1;
    std::string message = "line " + std::to_string(row.line) + ", column " + name + ": " + code;
    if (!detail.empty() && detail != code) message += " (" + detail + ")";
    return {name, static_cast<int>(row.line), column, code, std::move(message)};
  }
  // The field errors of a validation, placed at `row`.
  void AddAll(const CsvRow& row, const Error& e, std::vector<FieldError>& errors) const {
    for (const auto& f : e.fields) errors.push_back(At(row, f.field, f.code, f.message));
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

std::string Allowed(const std::string& names) { return "allowed: " + names; }

// What the rows of one write transaction did; added to the report once it commits.
struct BatchCounts {
  int created = 0;
  int updated = 0;
};

// Writes items [0, n) with `write`, batch_rows items per transaction. `rows_of_file`
// says whether the items are rows of the file (counted in the progress) or a follow-up
// pass over them. A failed batch rolls back alone; the error then says how many rows
// the batches before it stored. `write` may run again for the same items (PostgreSQL
// retries a transaction after a serialization failure), so whatever it changes outside
// the transaction it must assign, not accumulate, except in `counts`.
Status WriteInBatches(ports::Database& db, size_t n, const ImportOptions& options,
                      bool rows_of_file, ImportReport& report,
                      const std::function<Status(Tx&, size_t, BatchCounts&)>& write) {
  const size_t batch = static_cast<size_t>(std::max(1, options.batch_rows));
  for (size_t first = 0; first < n; first += batch) {
    const size_t last = std::min(n, first + batch);
    BatchCounts counts;
    Status done = db.Write([&](Tx& tx) -> Status {
      counts = {};
      for (size_t i = first; i < last; ++i) WR_RETURN_IF_ERROR(write(tx, i, counts));
      return Ok();
    });
    if (!done) {
      Error e = done.error();
      e.message = "the import stopped after storing " + std::to_string(report.written) + " of " +
                  std::to_string(report.rows) + " rows: " + e.message;
      return e;
    }
    ++report.batches;
    report.created += counts.created;
    report.updated += counts.updated;
    if (rows_of_file) report.written += static_cast<int>(last - first);
    if (rows_of_file && options.on_progress) options.on_progress({report.written, report.rows});
  }
  return Ok();
}

// --- Organisations ---------------------------------------------------------------

struct OrgRow {
  const CsvRow* row = nullptr;
  std::optional<core::OrganisationKind> kind;
  std::optional<core::OrganisationStatus> status;
  Cell nis_code, external_id, name_nl, name_fr, name_de, name_en, region_nis, province_nis,
      parent_nis, merged_into_nis;
  bool by_nis = true;     // found by NIS code, else by external id
  bool deferred = false;  // a reference waits for an organisation of a later row
  bool counted = false;   // created or updated by the first write pass
};

Result<std::optional<core::Organisation>> FindByKey(DirectoryStore& store, const OrgRow& r) {
  return r.by_nis ? store.FindByNisCode(r.nis_code.value)
                  : store.FindByExternalId(r.external_id.value);
}

// The organisation row `r` asks for: `base` (the stored one; a new one when std::nullopt)
// with the row's cells applied. A reference the row sets is 0 here (a placeholder
// that satisfies "merged needs merged_into"); ResolveReferences fills it in.
OrganisationInput Merge(const OrgRow& r, const std::optional<core::Organisation>& base,
                        const ImportOptions& options) {
  OrganisationInput in;
  if (base) {
    in = InputOf(*base);
    in.is_demo = base->is_demo || options.is_demo;
  } else {
    in.kind = options.default_kind;
    in.is_demo = options.is_demo;
  }
  if (r.kind) in.kind = *r.kind;
  if (r.status) in.status = *r.status;
  if (r.name_nl.IsSet()) in.name_nl = r.name_nl.value;
  Apply(r.nis_code, in.nis_code);
  Apply(r.external_id, in.external_id);
  Apply(r.name_fr, in.name_fr);
  Apply(r.name_de, in.name_de);
  Apply(r.name_en, in.name_en);
  Apply(r.region_nis, in.region_nis);
  Apply(r.province_nis, in.province_nis);
  for (auto [cell, target] : {std::pair{&r.parent_nis, &in.parent_id},
                              std::pair{&r.merged_into_nis, &in.merged_into_id}}) {
    if (cell->IsSet()) *target = 0;
    if (cell->IsClear()) target->reset();
  }
  return in;
}

// Replaces the placeholders of the references the row sets by the ids of the
// organisations stored under those NIS codes. False when one is not stored (yet).
Result<bool> ResolveReferences(DirectoryStore& store, const OrgRow& r, core::Organisation& o) {
  bool all = true;
  for (auto [cell, target] :
       {std::pair{&r.parent_nis, &o.parent_id}, std::pair{&r.merged_into_nis, &o.merged_into_id}}) {
    if (!cell->IsSet()) continue;
    WR_ASSIGN_OR_RETURN(auto ref, store.FindByNisCode(cell->value));
    if (ref) {
      *target = ref->id;
    } else {
      all = false;
    }
  }
  return all;
}

bool SameOrganisation(const core::Organisation& a, const core::Organisation& b) {
  return a.kind == b.kind && a.nis_code == b.nis_code && a.external_id == b.external_id &&
         a.name_nl == b.name_nl && a.name_fr == b.name_fr && a.name_de == b.name_de &&
         a.name_en == b.name_en && a.region_nis == b.region_nis &&
         a.province_nis == b.province_nis && a.parent_id == b.parent_id &&
         a.merged_into_id == b.merged_into_id && a.status == b.status && a.is_demo == b.is_demo;
}

// Pass 1: the checks a row needs no database for.
std::optional<OrgRow> ReadOrgRow(const Columns& cols, const CsvRow& row,
                                 std::vector<FieldError>& errors) {
  const size_t before = errors.size();
  OrgRow r;
  r.row = &row;
  const Cell kind = cols.Get(row, "kind");
  if (kind.IsSet()) {
    r.kind = core::ParseOrganisationKind(kind.value);
    if (!r.kind) {
      errors.push_back(cols.At(row, "kind", "unknown_kind",
                               Allowed(core::NamesOf(core::AllOrganisationKinds()))));
    }
  }
  const Cell status = cols.Get(row, "status");
  if (status.IsSet()) {
    r.status = core::ParseOrganisationStatus(status.value);
    if (!r.status) {
      errors.push_back(cols.At(row, "status", "unknown_status",
                               Allowed(core::NamesOf(core::AllOrganisationStatuses()))));
    }
  }
  r.nis_code = cols.Get(row, "nis_code");
  r.external_id = cols.Get(row, "external_id");
  r.name_nl = cols.Get(row, "name_nl");
  r.name_fr = cols.Get(row, "name_fr");
  r.name_de = cols.Get(row, "name_de");
  r.name_en = cols.Get(row, "name_en");
  r.region_nis = cols.Get(row, "region_nis");
  r.province_nis = cols.Get(row, "province_nis");
  r.parent_nis = cols.Get(row, "parent_nis");
  r.merged_into_nis = cols.Get(row, "merged_into_nis");
  for (const auto& [name, cell] :
       {std::pair{"kind", kind}, std::pair{"status", status}, std::pair{"nis_code", r.nis_code}}) {
    if (cell.IsClear()) errors.push_back(cols.At(row, name, "cannot_clear"));
  }
  if (r.name_nl.IsClear()) errors.push_back(cols.At(row, "name_nl", "required"));
  r.by_nis = r.nis_code.IsSet();
  if (!r.by_nis && !r.external_id.IsSet()) {
    errors.push_back(cols.At(row, r.external_id.IsClear() ? "external_id" : "nis_code",
                             r.external_id.IsClear() ? "cannot_clear" : "required"));
  }
  if (errors.size() != before) return std::nullopt;
  return r;
}

// --- People ----------------------------------------------------------------------

struct PersonRow {
  const CsvRow* row = nullptr;
  Cell organisation_nis, organisation_external_id, external_id, full_name, job_title, work_email,
      oob_email, mobile, landline;
  std::optional<core::Language> language;
  std::optional<std::vector<core::ContactRole>> roles;  // std::nullopt: keep
  Cell verified_at;
  std::optional<int64_t> verified_at_ms;
  Cell spoc_order;
  int order = 0;
  // Filled by the checks against the database.
  int64_t organisation_id = 0;
};

PersonInput Merge(const PersonRow& r, const std::optional<core::Person>& base,
                  const ImportOptions& options) {
  PersonInput in;
  if (base) {
    in = InputOf(*base);
    in.is_demo = base->is_demo || options.is_demo;
  } else {
    in.is_demo = options.is_demo;
  }
  if (r.full_name.IsSet()) in.full_name = r.full_name.value;
  Apply(r.external_id, in.external_id);
  Apply(r.job_title, in.job_title);
  Apply(r.work_email, in.work_email);
  Apply(r.oob_email, in.oob_email);
  Apply(r.mobile, in.mobile);
  Apply(r.landline, in.landline);
  if (r.language) in.preferred_language = *r.language;
  if (r.roles) in.roles = *r.roles;
  if (r.verified_at.IsSet()) in.verified_at = r.verified_at_ms;
  if (r.verified_at.IsClear()) in.verified_at.reset();
  return in;
}

std::vector<core::ContactRole> OwnRoles(std::vector<core::ContactRole> roles) {
  std::erase_if(roles, [](core::ContactRole r) {
    return r == core::ContactRole::kSpoc || r == core::ContactRole::kDeputySpoc;
  });
  return roles;
}

bool SamePerson(const core::Person& a, const core::Person& b) {
  return a.full_name == b.full_name && a.external_id == b.external_id &&
         a.job_title == b.job_title && a.work_email == b.work_email && a.oob_email == b.oob_email &&
         a.mobile == b.mobile && a.landline == b.landline &&
         a.preferred_language == b.preferred_language && OwnRoles(a.roles) == OwnRoles(b.roles) &&
         a.verified_at == b.verified_at;
}

std::optional<PersonRow> ReadPersonRow(const Columns& cols, const CsvRow& row,
                                       std::vector<FieldError>& errors) {
  const size_t before = errors.size();
  PersonRow r;
  r.row = &row;
  r.organisation_nis = cols.Get(row, "organisation_nis");
  r.organisation_external_id = cols.Get(row, "organisation_external_id");
  r.external_id = cols.Get(row, "external_id");
  r.full_name = cols.Get(row, "full_name");
  r.job_title = cols.Get(row, "job_title");
  r.work_email = cols.Get(row, "work_email");
  r.oob_email = cols.Get(row, "oob_email");
  r.mobile = cols.Get(row, "mobile");
  r.landline = cols.Get(row, "landline");
  const Cell lang = cols.Get(row, "preferred_language");
  if (lang.IsSet()) {
    r.language = core::ParseLanguage(lang.value);
    if (!r.language) {
      errors.push_back(cols.At(row, "preferred_language", "unknown_language",
                               Allowed(core::NamesOf(core::AllLanguages()))));
    }
  }
  const Cell roles = cols.Get(row, "roles");
  if (roles.IsClear()) r.roles.emplace();
  if (roles.IsSet()) {
    r.roles.emplace();
    std::string item;
    for (size_t i = 0; i <= roles.value.size(); ++i) {
      if (i == roles.value.size() || roles.value[i] == ';' || roles.value[i] == '|') {
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) {
          auto role = core::ParseContactRole(item);
          if (!role) {
            errors.push_back(
                cols.At(row, "roles", "unknown_role",
                        "\"" + item + "\"; " + Allowed(core::NamesOf(core::AllContactRoles()))));
          } else {
            r.roles->push_back(*role);
          }
        }
        item.clear();
      } else if (!(item.empty() && roles.value[i] == ' ')) {
        item.push_back(roles.value[i]);
      }
    }
  }
  r.spoc_order = cols.Get(row, "spoc_order");
  if (r.spoc_order.IsSet()) {
    const std::string& v = r.spoc_order.value;
    if (v.size() > 2 || v.find_first_not_of("0123456789") != std::string::npos) {
      errors.push_back(cols.At(
          row, "spoc_order", "invalid_number",
          "0 for the SPOC, 1 to 99 for the deputies in order, or " + std::string(kClearCell)));
    } else {
      r.order = std::stoi(v);
    }
  }
  r.verified_at = cols.Get(row, "verified_at");
  if (r.verified_at.IsSet()) {
    r.verified_at_ms = ParseRfc3339Date(r.verified_at.value);
    if (!r.verified_at_ms) {
      errors.push_back(
          cols.At(row, "verified_at", "invalid_date", "YYYY-MM-DD or an RFC 3339 time"));
    }
  }
  for (const auto& [name, cell] :
       {std::pair{"external_id", r.external_id}, std::pair{"preferred_language", lang},
        std::pair{"organisation_nis", r.organisation_nis},
        std::pair{"organisation_external_id", r.organisation_external_id}}) {
    if (cell.IsClear()) errors.push_back(cols.At(row, name, "cannot_clear"));
  }
  if (r.full_name.IsClear()) errors.push_back(cols.At(row, "full_name", "required"));
  if (!r.organisation_nis.IsSet() && !r.organisation_external_id.IsSet() &&
      !r.organisation_nis.IsClear() && !r.organisation_external_id.IsClear()) {
    errors.push_back(cols.At(row, "organisation_nis", "required"));
  }
  if (errors.size() != before) return std::nullopt;
  return r;
}

Result<std::optional<core::Organisation>> OrganisationOf(DirectoryStore& store,
                                                         const PersonRow& r) {
  return r.organisation_nis.IsSet() ? store.FindByNisCode(r.organisation_nis.value)
                                    : store.FindByExternalId(r.organisation_external_id.value);
}

// The stored person a row updates: by external id, else by organisation and work e-mail.
Result<std::optional<core::Person>> PersonOf(DirectoryStore& store, const PersonRow& r,
                                             int64_t organisation_id,
                                             const std::vector<core::Person>* people_of_org) {
  if (r.external_id.IsSet()) return store.FindPersonByExternalId(r.external_id.value);
  if (!r.work_email.IsSet()) return std::optional<core::Person>();
  auto email = core::NormaliseEmail(r.work_email.value);
  if (!email) return std::optional<core::Person>();
  std::vector<core::Person> loaded;
  if (people_of_org == nullptr) {
    WR_ASSIGN_OR_RETURN(loaded, store.PeopleOf(organisation_id));
    people_of_org = &loaded;
  }
  for (const auto& candidate : *people_of_org) {
    if (candidate.work_email == *email) return std::optional<core::Person>(candidate);
  }
  return std::optional<core::Person>();
}

// The SPOC and deputies after the rows' spoc_order cells: each set order puts its
// person in that place (the one there before loses it), `(empty)` takes the person off.
// `order` is DirectoryStore::Assignments' (0 where nobody holds a place).
std::pair<std::optional<int64_t>, std::vector<int64_t>> ApplyOrders(
    const std::vector<int64_t>& order,
    const std::vector<std::pair<int64_t, const PersonRow*>>& rows) {
  std::map<int, int64_t> place;
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] != 0) place[static_cast<int>(i)] = order[i];
  }
  for (const auto& [person, r] : rows) {
    const int64_t id = person;  // clang 14 cannot capture a structured binding
    std::erase_if(place, [id](const auto& entry) { return entry.second == id; });
    if (r->spoc_order.IsSet()) place[r->order] = person;
  }
  std::optional<int64_t> spoc;
  std::vector<int64_t> deputies;
  for (const auto& [at, person] : place) {
    if (at == 0) {
      spoc = person;
    } else {
      deputies.push_back(person);
    }
  }
  return {spoc, deputies};
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

  // Pass 1: every row on its own.
  std::vector<OrgRow> rows;
  std::set<std::string> keys, external_ids;
  for (const auto& row : table.rows) {
    auto r = ReadOrgRow(cols, row, errors);
    if (!r) continue;
    const std::string key = r->by_nis ? "nis:" + r->nis_code.value : "ext:" + r->external_id.value;
    if (!keys.insert(key).second) {
      errors.push_back(cols.At(row, r->by_nis ? "nis_code" : "external_id", "duplicate_in_file"));
      continue;
    }
    if (r->external_id.IsSet() && !external_ids.insert(r->external_id.value).second) {
      errors.push_back(cols.At(row, "external_id", "duplicate_in_file"));
      continue;
    }
    rows.push_back(std::move(*r));
  }

  ImportReport report;
  report.dry_run = options.dry_run;
  report.rows = static_cast<int>(table.rows.size());
  report.ignored_columns = cols.ignored();

  // Pass 2: every row against the database, writing nothing.
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    std::set<std::string> regions;
    std::map<std::string, std::string> region_of_province;
    WR_ASSIGN_OR_RETURN(auto rs, store.Regions());
    for (const auto& r : rs) regions.insert(r.nis_code);
    WR_ASSIGN_OR_RETURN(auto ps, store.Provinces());
    for (const auto& pr : ps) region_of_province[pr.nis_code] = pr.region_nis;
    std::set<std::string> nis_in_file;
    for (const auto& r : rows) {
      if (r.by_nis) nis_in_file.insert(r.nis_code.value);
    }
    for (const auto& r : rows) {
      const CsvRow& row = *r.row;
      WR_ASSIGN_OR_RETURN(auto existing, FindByKey(store, r));
      auto valid = DirectoryService::ValidateOrganisation(Merge(r, existing, options));
      if (!valid) {
        cols.AddAll(row, valid.error(), errors);
        continue;
      }
      const size_t before = errors.size();
      if (valid->region_nis && !regions.contains(*valid->region_nis)) {
        errors.push_back(cols.At(row, "region_nis", "unknown_region"));
      }
      if (valid->province_nis) {
        auto it = region_of_province.find(*valid->province_nis);
        if (it == region_of_province.end()) {
          errors.push_back(cols.At(row, "province_nis", "unknown_province"));
        } else if (valid->region_nis && it->second != *valid->region_nis) {
          errors.push_back(cols.At(row, "province_nis", "province_not_in_region"));
        }
      }
      bool in_file_only = false;
      for (const auto& [field, cell] : {std::pair{"parent_nis", &r.parent_nis},
                                        std::pair{"merged_into_nis", &r.merged_into_nis}}) {
        if (!cell->IsSet()) continue;
        if (valid->nis_code == cell->value) {
          errors.push_back(cols.At(row, field, "self_reference"));
          continue;
        }
        WR_ASSIGN_OR_RETURN(auto target, store.FindByNisCode(cell->value));
        if (!target && !nis_in_file.contains(cell->value)) {
          errors.push_back(cols.At(row, field, "unknown_organisation"));
        }
        in_file_only = in_file_only || !target;
      }
      if (valid->external_id && r.external_id.IsSet() && r.by_nis) {
        WR_ASSIGN_OR_RETURN(auto holder, store.FindByExternalId(*valid->external_id));
        if (holder && (!existing || holder->id != existing->id)) {
          errors.push_back(cols.At(row, "external_id", "duplicate"));
        }
      }
      if (errors.size() != before) continue;
      if (!existing) {
        ++report.created;
        continue;
      }
      WR_ASSIGN_OR_RETURN(bool resolved, ResolveReferences(store, r, *valid));
      if (in_file_only || !resolved || !SameOrganisation(*existing, *valid)) ++report.updated;
    }
    return Ok();
  }));
  if (!errors.empty()) return Error::Invalid("the file has invalid rows", errors);
  if (options.dry_run) return report;

  // Pass 3: store, in batches; a reference to an organisation of a later row waits for
  // pass 4.
  report.created = report.updated = 0;
  const int64_t now = NowOf(clock_);
  auto store_row = [&](Tx& tx, OrgRow& r, bool last_pass, BatchCounts& counts) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto existing, FindByKey(store, r));
    auto valid = DirectoryService::ValidateOrganisation(Merge(r, existing, options));
    if (!valid) {
      std::vector<FieldError> row_errors;
      cols.AddAll(*r.row, valid.error(), row_errors);
      return Error::Invalid("line " + std::to_string(r.row->line) + " changed meanwhile",
                            row_errors);
    }
    WR_ASSIGN_OR_RETURN(bool resolved, ResolveReferences(store, r, *valid));
    if (!last_pass) r.deferred = !resolved;
    if (!resolved) {
      if (last_pass) return Error::Conflict("a referenced organisation vanished meanwhile");
      // Keep what is stored until the target exists.
      valid->parent_id = existing ? existing->parent_id : std::nullopt;
      valid->merged_into_id = existing ? existing->merged_into_id : std::nullopt;
      if (r.parent_nis.IsClear()) valid->parent_id.reset();
      if (r.merged_into_nis.IsClear()) valid->merged_into_id.reset();
    }
    DirectoryWrites writes(tx, p, now);
    const bool counted_before = last_pass && r.counted;
    if (!last_pass) r.counted = false;
    if (!existing) {
      WR_RETURN_IF_ERROR(StatusOf(writes.CreateOrganisation(*valid)));
      ++counts.created;
      r.counted = !last_pass;
    } else if (!SameOrganisation(*existing, *valid)) {
      WR_RETURN_IF_ERROR(StatusOf(writes.UpdateOrganisation(*existing, *valid)));
      if (!counted_before) ++counts.updated;
      r.counted = !last_pass || counted_before;
    }
    return Ok();
  };
  WR_RETURN_IF_ERROR(WriteInBatches(db_, rows.size(), options, true, report,
                                    [&](Tx& tx, size_t i, BatchCounts& counts) {
                                      return store_row(tx, rows[i], false, counts);
                                    }));
  // Pass 4: the references to organisations that came later in the file.
  std::vector<OrgRow*> deferred;
  for (auto& r : rows) {
    if (r.deferred) deferred.push_back(&r);
  }
  WR_RETURN_IF_ERROR(WriteInBatches(db_, deferred.size(), options, false, report,
                                    [&](Tx& tx, size_t i, BatchCounts& counts) {
                                      return store_row(tx, *deferred[i], true, counts);
                                    }));
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

  // Pass 1: every row on its own.
  std::vector<PersonRow> rows;
  std::set<std::string> external_ids;
  for (const auto& row : table.rows) {
    auto r = ReadPersonRow(cols, row, errors);
    if (!r) continue;
    if (r->external_id.IsSet() && !external_ids.insert(r->external_id.value).second) {
      errors.push_back(cols.At(row, "external_id", "duplicate_in_file"));
      continue;
    }
    rows.push_back(std::move(*r));
  }

  ImportReport report;
  report.dry_run = options.dry_run;
  report.rows = static_cast<int>(table.rows.size());
  report.ignored_columns = cols.ignored();

  // Pass 2: every row against the database, writing nothing.
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    std::map<int64_t, std::vector<core::Person>> people_of;
    std::map<int64_t, std::set<int>> orders_of;
    for (auto& r : rows) {
      const CsvRow& row = *r.row;
      WR_ASSIGN_OR_RETURN(auto org, OrganisationOf(store, r));
      if (!org) {
        errors.push_back(cols.At(
            row, r.organisation_nis.IsSet() ? "organisation_nis" : "organisation_external_id",
            "unknown_organisation"));
        continue;
      }
      r.organisation_id = org->id;
      if (!people_of.contains(org->id)) {
        WR_ASSIGN_OR_RETURN(people_of[org->id], store.PeopleOf(org->id));
      }
      WR_ASSIGN_OR_RETURN(auto existing, PersonOf(store, r, org->id, &people_of[org->id]));
      if (existing && existing->organisation_id != org->id) {
        errors.push_back(cols.At(row, "external_id", "belongs_to_another_organisation"));
        continue;
      }
      auto valid = DirectoryService::ValidatePerson(Merge(r, existing, options));
      if (!valid) {
        cols.AddAll(row, valid.error(), errors);
        continue;
      }
      if (r.spoc_order.IsSet() && !orders_of[org->id].insert(r.order).second) {
        errors.push_back(cols.At(row, "spoc_order", "duplicate_in_organisation"));
        continue;
      }
      if (!existing) {
        ++report.created;
      } else if (!SamePerson(*existing, *valid)) {
        ++report.updated;
      }
    }
    return Ok();
  }));
  if (!errors.empty()) return Error::Invalid("the file has invalid rows", errors);
  if (options.dry_run) return report;

  // Pass 3: store the people, in batches.
  report.created = report.updated = 0;
  const int64_t now = NowOf(clock_);
  std::vector<int64_t> person_ids(rows.size(), 0);
  WR_RETURN_IF_ERROR(WriteInBatches(
      db_, rows.size(), options, true, report,
      [&](Tx& tx, size_t i, BatchCounts& counts) -> Status {
        const PersonRow& r = rows[i];
        DirectoryStore store(tx);
        WR_ASSIGN_OR_RETURN(auto existing, PersonOf(store, r, r.organisation_id, nullptr));
        if (existing && existing->organisation_id != r.organisation_id) {
          return Error::Conflict("line " + std::to_string(r.row->line) + " changed meanwhile");
        }
        auto valid = DirectoryService::ValidatePerson(Merge(r, existing, options));
        if (!valid) {
          std::vector<FieldError> row_errors;
          cols.AddAll(*r.row, valid.error(), row_errors);
          return Error::Invalid("line " + std::to_string(r.row->line) + " changed meanwhile",
                                row_errors);
        }
        valid->organisation_id = r.organisation_id;
        DirectoryWrites writes(tx, p, now);
        if (!existing) {
          WR_ASSIGN_OR_RETURN(auto stored, writes.CreatePerson(*valid));
          person_ids[i] = stored.id;
          ++counts.created;
        } else {
          person_ids[i] = existing->id;
          if (!SamePerson(*existing, *valid)) {
            WR_RETURN_IF_ERROR(StatusOf(writes.UpdatePerson(*existing, *valid)));
            ++counts.updated;
          }
        }
        return Ok();
      }));

  // Pass 4: the SPOC and deputies of every organisation whose rows set them, through
  // the same audited assignment as the API (it bumps the organisation's version).
  std::map<int64_t, std::vector<std::pair<int64_t, const PersonRow*>>> orders;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].spoc_order.op != Cell::Op::kKeep) {
      orders[rows[i].organisation_id].emplace_back(person_ids[i], &rows[i]);
    }
  }
  std::vector<int64_t> org_ids;
  org_ids.reserve(orders.size());
  for (const auto& [org, unused] : orders) org_ids.push_back(org);
  WR_RETURN_IF_ERROR(WriteInBatches(
      db_, org_ids.size(), options, false, report, [&](Tx& tx, size_t i, BatchCounts&) -> Status {
        DirectoryStore store(tx);
        WR_ASSIGN_OR_RETURN(auto org, store.FindOrganisation(org_ids[i], kAll));
        if (!org) return Error::Conflict("an organisation vanished meanwhile");
        WR_ASSIGN_OR_RETURN(auto current, store.Assignments(org_ids[i]));
        auto [spoc, deputies] = ApplyOrders(current, orders[org_ids[i]]);
        std::vector<int64_t> next;
        next.push_back(spoc.value_or(0));
        next.insert(next.end(), deputies.begin(), deputies.end());
        std::vector<int64_t> before = current;
        if (before.empty()) before.push_back(0);
        if (next == before) return Ok();
        return DirectoryWrites(tx, p, now).SetSpoc(*org, spoc, deputies);
      }));
  return report;
}

}  // namespace warroom::service
