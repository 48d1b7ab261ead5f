#include "server/storage/repositories/directory_store.h"

#include <algorithm>
#include <sstream>

#include "server/core/directory/search_text.h"
#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {
namespace {

using core::DirectoryScope;

constexpr const char* kOrgColumns =
    "o.id, o.kind, o.nis_code, o.external_id, o.name_nl, o.name_fr, o.name_de, o.name_en, "
    "o.region_nis, o.province_nis, o.parent_id, o.merged_into_id, o.status, o.is_demo, "
    "o.spoc_person_id, o.deputy_count, o.has_out_of_band, o.contacts_verified_min, o.version, "
    "o.created_at, o.updated_at, o.name_sort";
constexpr size_t kOrgColumnCount = 22;

constexpr const char* kPersonColumns =
    "p.id, p.organisation_id, p.external_id, p.full_name, p.job_title, p.work_email, "
    "p.oob_email, p.mobile, p.landline, p.preferred_language, p.roles, p.verified_at, "
    "p.is_demo, p.version, p.created_at, p.updated_at, "
    // The linked account (users_person is unique: at most one).
    "(SELECT u.id FROM users u WHERE u.person_id = p.id), "
    "(SELECT u.status FROM users u WHERE u.person_id = p.id)";

// StaleBefore(now) as a parameter of one statement, bound when a gap's SQL first asks
// for it (a statement must use every parameter it is given).
class StaleBeforeParam {
 public:
  StaleBeforeParam(Params& params, int64_t now_ms) : params_(params), now_ms_(now_ms) {}
  const std::string& Placeholder() {
    if (placeholder_.empty()) placeholder_ = Bind(params_, core::StaleBefore(now_ms_));
    return placeholder_;
  }

 private:
  Params& params_;
  int64_t now_ms_;
  std::string placeholder_;
};

// The SQL of `rule`, with its StaleBefore placeholder bound.
std::string GapConditionSql(const core::GapRule& rule, StaleBeforeParam& stale_before) {
  std::string sql(rule.sql);
  const size_t at = sql.find(core::kStaleBeforeSql);
  if (at != std::string::npos) {
    sql.replace(at, core::kStaleBeforeSql.size(), stale_before.Placeholder());
  }
  return sql;
}

// How many gaps the row `o` has, as core::GapsOf counts them.
std::string GapCountSql(StaleBeforeParam& stale_before) {
  std::string sum;
  for (const core::GapRule& rule : core::GapRules()) {
    if (!sum.empty()) sum += " + ";
    sum += "(CASE WHEN " + GapConditionSql(rule, stale_before) + " THEN 1 ELSE 0 END)";
  }
  return "(CASE WHEN " + core::GapsCountedSql() + " THEN " + sum + " ELSE 0 END)";
}

// Moves the text columns out of `r`.
core::Organisation OrgFromRow(Row& r, size_t c = 0) {
  core::Organisation o;
  o.id = r.Int(c + 0);
  o.kind =
      core::ParseOrganisationKind(r.Text(c + 1)).value_or(core::OrganisationKind::kMunicipality);
  o.nis_code = r.TakeOptText(c + 2);
  o.external_id = r.TakeOptText(c + 3);
  o.name_nl = r.TakeText(c + 4);
  o.name_fr = r.TakeOptText(c + 5);
  o.name_de = r.TakeOptText(c + 6);
  o.name_en = r.TakeOptText(c + 7);
  o.region_nis = r.TakeOptText(c + 8);
  o.province_nis = r.TakeOptText(c + 9);
  o.parent_id = r.OptInt(c + 10);
  o.merged_into_id = r.OptInt(c + 11);
  o.status =
      core::ParseOrganisationStatus(r.Text(c + 12)).value_or(core::OrganisationStatus::kActive);
  o.is_demo = r.Int(c + 13) != 0;
  o.spoc_person_id = r.OptInt(c + 14);
  o.deputy_count = static_cast<int>(r.Int(c + 15));
  o.has_out_of_band = r.Int(c + 16) != 0;
  o.contacts_verified_min = r.Int(c + 17);
  o.version = static_cast<int>(r.Int(c + 18));
  o.created_at = r.Int(c + 19);
  o.updated_at = r.Int(c + 20);
  return o;
}

std::string JoinRoles(const std::vector<core::ContactRole>& roles) {
  std::string out;
  for (core::ContactRole r : roles) {
    // SPOC and deputy follow from the assignments; they are not stored as roles.
    if (r == core::ContactRole::kSpoc || r == core::ContactRole::kDeputySpoc) continue;
    if (!out.empty()) out += ",";
    out += core::Name(r);
  }
  return out;
}

std::vector<core::ContactRole> SplitRoles(const std::string& s) {
  std::vector<core::ContactRole> roles;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (auto r = core::ParseContactRole(item)) roles.push_back(*r);
  }
  return roles;
}

Result<core::Person> PersonFromRow(const Row& r) {
  core::Person p;
  p.id = r.Int(0);
  p.organisation_id = r.Int(1);
  p.external_id = r.OptText(2);
  p.full_name = r.Text(3);
  p.job_title = r.OptText(4);
  p.work_email = r.OptText(5);
  p.oob_email = r.OptText(6);
  p.mobile = r.OptText(7);
  p.landline = r.OptText(8);
  p.preferred_language = core::ParseLanguage(r.Text(9)).value_or(core::Language::kNl);
  p.roles = SplitRoles(r.Text(10));
  p.verified_at = r.OptInt(11);
  p.is_demo = r.Int(12) != 0;
  p.version = static_cast<int>(r.Int(13));
  p.created_at = r.Int(14);
  p.updated_at = r.Int(15);
  if (auto account_id = r.OptInt(16)) {
    WR_ASSIGN_OR_RETURN(auto status, core::auth::StoredAccountStatus(r.Text(17)));
    p.account = core::PersonAccount{*account_id, status};
  }
  return p;
}

constexpr const char* kServiceSelect =
    "SELECT s.id, s.service, s.description, pr.id, pr.name_nl, pr.name_fr, cu.id, cu.name_nl, "
    "cu.name_fr FROM provider_services s JOIN organisations pr ON pr.id = s.provider_id "
    "JOIN organisations cu ON cu.id = s.customer_id ";

constexpr size_t kServiceColumnCount = 9;
// kServiceSelect, then the customer's SPOC (id, name, mobile, landline).
constexpr const char* kCustomerSpocSelect =
    "SELECT s.id, s.service, s.description, pr.id, pr.name_nl, pr.name_fr, cu.id, cu.name_nl, "
    "cu.name_fr, sp.id, sp.full_name, sp.mobile, sp.landline FROM provider_services s "
    "JOIN organisations pr ON pr.id = s.provider_id "
    "JOIN organisations cu ON cu.id = s.customer_id "
    "LEFT JOIN people sp ON sp.id = cu.spoc_person_id ";

constexpr const char* kProvidersOrder = " ORDER BY pr.name_sort, s.service";
constexpr const char* kCustomersOrder = " ORDER BY cu.name_sort, s.service";
constexpr const char* kPeopleOrder = "ORDER BY p.full_name, p.id";
constexpr const char* kAssignmentSelect = "SELECT position, person_id FROM spoc_assignments ";

core::ProviderService ServiceFromRow(const Row& r) {
  core::ProviderService s;
  s.id = r.Int(0);
  s.service = core::ParseServiceKind(r.Text(1)).value_or(core::ServiceKind::kOther);
  s.description = r.OptText(2);
  s.provider = {r.Int(3), r.Text(4), r.OptText(5)};
  s.customer = {r.Int(6), r.Text(7), r.OptText(8)};
  return s;
}

// Annotates people with their SPOC/deputy role from the assignments.
void ApplyAssignments(std::vector<core::Person>& people, const std::vector<int64_t>& order) {
  for (core::Person& p : people) {
    const auto it = std::find(order.begin(), order.end(), p.id);
    if (it == order.end()) continue;
    const auto pos = static_cast<int>(it - order.begin());
    if (pos == 0) {
      p.roles.insert(p.roles.begin(), core::ContactRole::kSpoc);
    } else {
      p.roles.insert(p.roles.begin(), core::ContactRole::kDeputySpoc);
      p.deputy_order = pos;
    }
  }
}

// Position 0 is the SPOC; when there is none the list starts with 0 as a placeholder so
// that deputies keep their positions.
std::vector<int64_t> OrderFromRows(const Rows& rows) {
  std::vector<int64_t> order;
  for (const Row& r : rows) {
    const auto pos = static_cast<size_t>(r.Int(0));
    if (order.size() <= pos) order.resize(pos + 1, 0);
    order[pos] = r.Int(1);
  }
  return order;
}

Result<std::vector<core::Person>> PeopleFromRows(const Rows& rows,
                                                 const std::vector<int64_t>& order) {
  std::vector<core::Person> people;
  people.reserve(rows.size());
  for (const Row& r : rows) {
    WR_ASSIGN_OR_RETURN(core::Person person, PersonFromRow(r));
    people.push_back(std::move(person));
  }
  ApplyAssignments(people, order);
  return people;
}

}  // namespace

int64_t& GapCounts::Of(core::DirectoryGap gap) {
  switch (gap) {
    case core::DirectoryGap::kNoSpoc:
      return no_spoc;
    case core::DirectoryGap::kNoDeputy:
      return no_deputy;
    case core::DirectoryGap::kNoOutOfBand:
      return no_out_of_band;
    case core::DirectoryGap::kStaleContacts:
      return stale_contacts;
  }
  return no_spoc;
}

std::string SortKeyOf(const core::Organisation& o) {
  return core::FoldForSearch(o.name_nl.empty() ? o.name_fr.value_or("") : o.name_nl);
}

Result<std::optional<core::Organisation>> DirectoryStore::FindOrganisation(
    int64_t id, const DirectoryScope& scope) {
  Params params{id};
  const std::string sql = std::string("SELECT ") + kOrgColumns +
                          " FROM organisations o WHERE o.id = $1 AND " +
                          ScopeSql(scope, "o.id", params);
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(sql, params));
  if (!row) return std::optional<core::Organisation>();
  return std::optional<core::Organisation>(OrgFromRow(*row));
}

Result<std::optional<core::Organisation>> DirectoryStore::FindByNisCode(const std::string& nis) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(std::string("SELECT ") + kOrgColumns +
                                                      " FROM organisations o WHERE o.nis_code = $1",
                                                  {nis}));
  if (!row) return std::optional<core::Organisation>();
  return std::optional<core::Organisation>(OrgFromRow(*row));
}

Result<std::optional<core::Organisation>> DirectoryStore::FindByExternalId(
    const std::string& external_id) {
  WR_ASSIGN_OR_RETURN(auto row,
                      tx_.QueryOptional(std::string("SELECT ") + kOrgColumns +
                                            " FROM organisations o WHERE o.external_id = $1",
                                        {external_id}));
  if (!row) return std::optional<core::Organisation>();
  return std::optional<core::Organisation>(OrgFromRow(*row));
}

namespace {

// The rows a directory query selects, before any cursor and limit: shared by the page
// and its total, so that the two never disagree.
struct ListFilter {
  std::string from;
  std::string where;
  Params params;
  std::string sort_name;
  std::string sort_id;
};

Result<ListFilter> FilterOf(Tx& tx, const OrganisationQuery& q, const DirectoryScope& scope,
                            int64_t now_ms, SearchWordCounts* recent_counts) {
  Params params;
  std::string where = ScopeSql(scope, "o.id", params);
  std::string from = "organisations o";
  std::string sort_name = "o.name_sort";
  std::string sort_id = "o.id";
  const std::string text = core::FoldForSearch(q.text);
  const bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ';
  });
  if (digits_only) {
    std::string code;
    for (char c : text) {
      if (c != ' ') code.push_back(c);
    }
    where += " AND o.nis_code >= " + Bind(params, code) + " AND o.nis_code < " +
             Bind(params, core::PrefixUpperBound(code));
  } else if (std::vector<std::string> words = core::SearchTerms(q.text); !words.empty()) {
    // Drive the search by its rarest word: its keys are read in page order, so a page
    // costs about a page of rows however common the word is. Every other word (and
    // the whole of a word longer than a key) is checked per row on the
    // (organisation_id, search_key) index.
    if (words.size() > 1) {
      // One statement counts the keys of every word not counted lately, up to a cap:
      // past it a word is common enough that which one drives matters little, and among
      // such words the longer key (usually the rarer word) drives.
      constexpr int64_t kCountCap = 64;
      std::vector<int64_t> word_counts(words.size(), 0);
      std::vector<std::string> keys;
      keys.reserve(words.size());
      std::vector<std::size_t> uncounted;
      Params counts_params{kCountCap};
      std::string counts = "SELECT ";
      for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& key = keys.emplace_back(core::SearchKeyOf(words[i]));
        if (std::optional<int64_t> known =
                recent_counts == nullptr ? std::nullopt : recent_counts->Find(key, now_ms)) {
          word_counts[i] = *known;
          continue;
        }
        if (!uncounted.empty()) counts += ", ";
        counts +=
            "(SELECT COUNT(*) FROM (SELECT 1 FROM organisation_search_keys WHERE "
            "search_key = " +
            Bind(counts_params, key) + " LIMIT $1) AS c" + std::to_string(i) + ")";
        uncounted.push_back(i);
      }
      if (!uncounted.empty()) {
        WR_ASSIGN_OR_RETURN(Row count, tx.QueryOne(counts, counts_params));
        for (std::size_t j = 0; j < uncounted.size(); ++j) {
          word_counts[uncounted[j]] = count.Int(j);
          if (recent_counts != nullptr) {
            recent_counts->Store(keys[uncounted[j]], count.Int(j), now_ms);
          }
        }
      }
      std::vector<std::pair<int64_t, std::string>> counted;
      for (std::size_t i = 0; i < words.size(); ++i) {
        counted.emplace_back(word_counts[i], std::move(words[i]));
      }
      std::stable_sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return core::SearchKeyOf(a.second).size() > core::SearchKeyOf(b.second).size();
      });
      words.clear();
      for (auto& [count, word] : counted) words.push_back(std::move(word));
    }
    // OFFSET keeps PostgreSQL from turning a check into a join that collects every
    // organisation of a common word: it stays a lookup per row, as on SQLite.
    constexpr const char* kPerRow = " LIMIT 1 OFFSET 0";
    from = "organisation_search_keys k CROSS JOIN organisations o";
    where += " AND o.id = k.organisation_id AND k.search_key = " +
             Bind(params, core::SearchKeyOf(words.front()));
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string key = core::SearchKeyOf(words[i]);
      if (key.size() != words[i].size()) {
        where +=
            " AND EXISTS (SELECT 1 FROM organisation_search_keys w WHERE "
            "w.organisation_id = o.id AND w.search_key >= " +
            Bind(params, words[i]) + " AND w.search_key < " +
            Bind(params, core::PrefixUpperBound(words[i])) + kPerRow + ")";
      } else if (i > 0) {
        where +=
            " AND EXISTS (SELECT 1 FROM organisation_search_keys w WHERE "
            "w.organisation_id = o.id AND w.search_key = " +
            Bind(params, key) + kPerRow + ")";
      }
    }
    sort_name = "k.name_sort";
    sort_id = "k.organisation_id";
  }
  if (q.kind) where += " AND o.kind = " + Bind(params, std::string(core::Name(*q.kind)));
  if (q.province_nis) where += " AND o.province_nis = " + Bind(params, *q.province_nis);
  if (q.region_nis) where += " AND o.region_nis = " + Bind(params, *q.region_nis);
  if (q.status) where += " AND o.status = " + Bind(params, std::string(core::Name(*q.status)));
  if (q.gap) {
    StaleBeforeParam stale_before(params, now_ms);
    for (const core::GapRule& rule : core::GapRules()) {
      if (rule.gap != *q.gap) continue;
      where += " AND " + core::GapsCountedSql() + " AND " + GapConditionSql(rule, stale_before);
    }
  }
  return ListFilter{std::move(from), std::move(where), std::move(params), std::move(sort_name),
                    std::move(sort_id)};
}

}  // namespace

Result<std::vector<OrganisationListItem>> DirectoryStore::ListOrganisations(
    const OrganisationQuery& q, const DirectoryScope& scope, int64_t now_ms,
    SearchWordCounts* recent_counts) {
  WR_ASSIGN_OR_RETURN(ListFilter f, FilterOf(tx_, q, scope, now_ms, recent_counts));
  Params& params = f.params;
  std::string where = f.where;
  std::string order = f.sort_name + ", " + f.sort_id;
  std::string after;
  if (q.after_name) {
    after = "(" + f.sort_name + ", " + f.sort_id + ") > (" + Bind(params, *q.after_name) + ", " +
            Bind(params, q.after_id) + ")";
  }
  if (q.order == OrganisationOrder::kMostGaps) {
    StaleBeforeParam stale_before(params, now_ms);
    const std::string gaps = GapCountSql(stale_before);
    order = gaps + " DESC, " + order;
    if (q.after_name) {
      const std::string after_gaps = Bind(params, int64_t{q.after_gaps});
      after = "(" + gaps + " < " + after_gaps + " OR (" + gaps + " = " + after_gaps + " AND " +
              after + "))";
    }
  }
  if (!after.empty()) where += " AND " + after;
  const std::string sql = std::string("SELECT ") + kOrgColumns + ", sp.id, sp.full_name FROM " +
                          f.from + " LEFT JOIN people sp ON sp.id = o.spoc_person_id WHERE " +
                          where + " ORDER BY " + order + " LIMIT " +
                          Bind(params, int64_t{q.limit} + 1);
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  std::vector<OrganisationListItem> out;
  out.reserve(rows.size());
  for (Row& r : rows) {
    OrganisationListItem item;
    item.organisation = OrgFromRow(r);
    item.name_sort = r.TakeText(kOrgColumnCount - 1);
    if (!r.IsNull(kOrgColumnCount)) {
      item.spoc = core::PersonRef{r.Int(kOrgColumnCount), r.TakeText(kOrgColumnCount + 1)};
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<int64_t> DirectoryStore::CountOrganisations(const OrganisationQuery& q,
                                                   const DirectoryScope& scope, int64_t now_ms,
                                                   SearchWordCounts* recent_counts) {
  WR_ASSIGN_OR_RETURN(ListFilter f, FilterOf(tx_, q, scope, now_ms, recent_counts));
  WR_ASSIGN_OR_RETURN(
      Row row, tx_.QueryOne("SELECT COUNT(*) FROM " + f.from + " WHERE " + f.where, f.params));
  return row.Int(0);
}

Status DirectoryStore::WriteSearchKeys(int64_t organisation_id, const core::Organisation& o) {
  WR_RETURN_IF_ERROR(tx_.Exec("DELETE FROM organisation_search_keys WHERE organisation_id = $1",
                              {organisation_id}));
  std::vector<std::string> terms = core::SearchTerms(o.name_nl);
  for (const auto* name : {&o.name_fr, &o.name_de, &o.name_en}) {
    if (*name) {
      for (auto& t : core::SearchTerms(**name)) terms.push_back(std::move(t));
    }
  }
  const std::vector<std::string> keys = core::SearchKeys(terms);
  const std::string sort_key = SortKeyOf(o);
  // A few dozen keys per organisation: insert them in rows of up to 16 per statement.
  constexpr std::size_t kRowsPerInsert = 16;
  for (std::size_t first = 0; first < keys.size(); first += kRowsPerInsert) {
    const std::size_t last = std::min(keys.size(), first + kRowsPerInsert);
    Params params{sort_key, organisation_id};
    std::string sql =
        "INSERT INTO organisation_search_keys (search_key, name_sort, organisation_id) VALUES ";
    for (std::size_t i = first; i < last; ++i) {
      sql += (i == first ? "(" : ", (") + Bind(params, keys[i]) + ", $1, $2)";
    }
    WR_RETURN_IF_ERROR(tx_.Exec(sql, params));
  }
  return Ok();
}

Result<core::Organisation> DirectoryStore::InsertOrganisation(const core::Organisation& o,
                                                              int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne(
          "INSERT INTO organisations (kind, nis_code, external_id, name_nl, name_fr, name_de, "
          "name_en, name_sort, region_nis, province_nis, parent_id, merged_into_id, status, "
          "is_demo, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10, $11, $12, $13, $14, 1, $15, $15) RETURNING id",
          {std::string(core::Name(o.kind)), Nullable(o.nis_code), Nullable(o.external_id),
           o.name_nl, Nullable(o.name_fr), Nullable(o.name_de), Nullable(o.name_en), SortKeyOf(o),
           Nullable(o.region_nis), Nullable(o.province_nis), Nullable(o.parent_id),
           Nullable(o.merged_into_id), std::string(core::Name(o.status)), int64_t{o.is_demo},
           now_ms}));
  core::Organisation stored = o;
  stored.id = row.Int(0);
  stored.version = 1;
  stored.created_at = stored.updated_at = now_ms;
  stored.spoc_person_id.reset();
  stored.deputy_count = 0;
  stored.has_out_of_band = false;
  stored.contacts_verified_min = 0;
  WR_RETURN_IF_ERROR(WriteSearchKeys(stored.id, stored));
  return stored;
}

Result<core::Organisation> DirectoryStore::UpdateOrganisation(const core::Organisation& o,
                                                              int expected_version,
                                                              int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec(
          "UPDATE organisations SET kind = $1, nis_code = $2, external_id = $3, name_nl = $4, "
          "name_fr = $5, name_de = $6, name_en = $7, name_sort = $8, region_nis = $9, "
          "province_nis = $10, parent_id = $11, merged_into_id = $12, status = $13, "
          "is_demo = $14, version = version + 1, updated_at = $15 "
          "WHERE id = $16 AND version = $17",
          {std::string(core::Name(o.kind)), Nullable(o.nis_code), Nullable(o.external_id),
           o.name_nl, Nullable(o.name_fr), Nullable(o.name_de), Nullable(o.name_en), SortKeyOf(o),
           Nullable(o.region_nis), Nullable(o.province_nis), Nullable(o.parent_id),
           Nullable(o.merged_into_id), std::string(core::Name(o.status)), int64_t{o.is_demo},
           now_ms, o.id, int64_t{expected_version}}));
  if (changed == 0) {
    return Error::PreconditionFailed("the organisation was changed by someone else");
  }
  WR_RETURN_IF_ERROR(WriteSearchKeys(o.id, o));
  WR_ASSIGN_OR_RETURN(auto stored, FindOrganisation(o.id, {DirectoryScope::Kind::kAll, 0}));
  if (!stored) return Error::NotFound("organisation not found");
  return *stored;
}

Status DirectoryStore::BumpOrganisationVersion(int64_t id, int expected_version, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t changed,
                      tx_.Exec("UPDATE organisations SET version = version + 1, updated_at = $1 "
                               "WHERE id = $2 AND version = $3",
                               {now_ms, id, int64_t{expected_version}}));
  if (changed == 0) {
    return Error::PreconditionFailed("the organisation was changed by someone else");
  }
  return Ok();
}

Result<std::optional<OrganisationPage>> DirectoryStore::LoadOrganisationPage(
    int64_t id, const core::DirectoryScope& scope, bool with_people) {
  // Every statement is limited to the organisation `id` and carries the scope, so none
  // of them reads anything of an organisation outside it.
  auto scoped = [&](std::string sql, const char* id_column, std::string_view order) {
    Params params{id};
    sql += " AND " + ScopeSql(scope, id_column, params);
    sql += order;
    return Statement{std::move(sql), std::move(params)};
  };
  std::vector<Statement> batch;
  batch.push_back(scoped(
      std::string("SELECT ") + kOrgColumns + " FROM organisations o WHERE o.id = $1", "o.id", ""));
  // The parent (kind 0) and the organisation it merged into (kind 1), by name.
  batch.push_back(
      scoped("SELECT r.kind, n.id, n.name_nl, n.name_fr FROM (SELECT 0 AS kind, o.parent_id AS ref "
             "FROM organisations o WHERE o.id = $1 UNION ALL SELECT 1, o.merged_into_id FROM "
             "organisations o WHERE o.id = $1) r JOIN organisations n ON n.id = r.ref WHERE 1 = 1",
             "$1", ""));
  batch.push_back(scoped(std::string(kServiceSelect) + "WHERE s.customer_id = $1", "s.customer_id",
                         kProvidersOrder));
  // A provider's customers come with their SPOC's phone numbers ("who do we call?").
  batch.push_back(scoped(std::string(kCustomerSpocSelect) + "WHERE s.provider_id = $1",
                         "s.provider_id", kCustomersOrder));
  if (with_people) {
    batch.push_back(scoped(
        std::string("SELECT ") + kPersonColumns + " FROM people p WHERE p.organisation_id = $1",
        "p.organisation_id", std::string(" ") + kPeopleOrder));
    batch.push_back(scoped(std::string(kAssignmentSelect) + "WHERE organisation_id = $1",
                           "organisation_id", " ORDER BY position"));
  }
  WR_ASSIGN_OR_RETURN(std::vector<Rows> results, tx_.QueryBatch(batch));
  if (results[0].empty()) return std::optional<OrganisationPage>();
  OrganisationPage page;
  page.organisation = OrgFromRow(results[0].front());
  for (Row& r : results[1]) {
    core::OrganisationRef ref{r.Int(1), r.TakeText(2), r.TakeOptText(3)};
    (r.Int(0) == 0 ? page.parent : page.merged_into) = std::move(ref);
  }
  for (const Row& r : results[2]) page.providers.push_back(ServiceFromRow(r));
  for (const Row& r : results[3]) {
    core::ProviderService& s = page.customers.emplace_back(ServiceFromRow(r));
    if (!r.IsNull(kServiceColumnCount)) {
      s.customer_spoc =
          core::SpocPhone{r.Int(kServiceColumnCount), r.Text(kServiceColumnCount + 1),
                          r.OptText(kServiceColumnCount + 2), r.OptText(kServiceColumnCount + 3)};
    }
  }
  if (with_people) {
    WR_ASSIGN_OR_RETURN(page.people, PeopleFromRows(results[4], OrderFromRows(results[5])));
  }
  return std::optional<OrganisationPage>(std::move(page));
}

Result<std::optional<core::Person>> DirectoryStore::FindPerson(int64_t id,
                                                               const DirectoryScope& scope) {
  Params params{id};
  const std::string sql = std::string("SELECT ") + kPersonColumns +
                          " FROM people p WHERE p.id = $1 AND " +
                          ScopeSql(scope, "p.organisation_id", params);
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(sql, params));
  if (!row) return std::optional<core::Person>();
  WR_ASSIGN_OR_RETURN(core::Person person, PersonFromRow(*row));
  std::vector<core::Person> one{std::move(person)};
  WR_ASSIGN_OR_RETURN(auto order, Assignments(one[0].organisation_id));
  ApplyAssignments(one, order);
  return std::optional<core::Person>(std::move(one[0]));
}

Result<std::optional<core::Person>> DirectoryStore::FindPersonByExternalId(
    const std::string& external_id) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(std::string("SELECT ") + kPersonColumns +
                                                      " FROM people p WHERE p.external_id = $1",
                                                  {external_id}));
  if (!row) return std::optional<core::Person>();
  WR_ASSIGN_OR_RETURN(core::Person person, PersonFromRow(*row));
  return std::optional<core::Person>(std::move(person));
}

Result<std::vector<core::Person>> DirectoryStore::PeopleOf(int64_t organisation_id) {
  WR_ASSIGN_OR_RETURN(Rows rows,
                      tx_.Query(std::string("SELECT ") + kPersonColumns +
                                    " FROM people p WHERE p.organisation_id = $1 " + kPeopleOrder,
                                {organisation_id}));
  WR_ASSIGN_OR_RETURN(auto order, Assignments(organisation_id));
  return PeopleFromRows(rows, order);
}

Result<core::Person> DirectoryStore::InsertPerson(const core::Person& p, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne(
          "INSERT INTO people (organisation_id, external_id, full_name, job_title, work_email, "
          "oob_email, mobile, landline, preferred_language, roles, verified_at, is_demo, version, "
          "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, "
          "$13, $13) RETURNING id",
          {p.organisation_id, Nullable(p.external_id), p.full_name, Nullable(p.job_title),
           Nullable(p.work_email), Nullable(p.oob_email), Nullable(p.mobile), Nullable(p.landline),
           std::string(core::Name(p.preferred_language)), JoinRoles(p.roles),
           Nullable(p.verified_at), int64_t{p.is_demo}, now_ms}));
  core::Person stored = p;
  stored.id = row.Int(0);
  stored.version = 1;
  stored.created_at = stored.updated_at = now_ms;
  stored.roles = SplitRoles(JoinRoles(p.roles));
  stored.deputy_order.reset();
  return stored;
}

Result<core::Person> DirectoryStore::UpdatePerson(const core::Person& p, int expected_version,
                                                  int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE people SET external_id = $1, full_name = $2, job_title = $3, "
               "work_email = $4, oob_email = $5, mobile = $6, landline = $7, "
               "preferred_language = $8, roles = $9, verified_at = $10, "
               "version = version + 1, updated_at = $11 WHERE id = $12 AND version = $13",
               {Nullable(p.external_id), p.full_name, Nullable(p.job_title), Nullable(p.work_email),
                Nullable(p.oob_email), Nullable(p.mobile), Nullable(p.landline),
                std::string(core::Name(p.preferred_language)), JoinRoles(p.roles),
                Nullable(p.verified_at), now_ms, p.id, int64_t{expected_version}}));
  if (changed == 0) return Error::PreconditionFailed("the person was changed by someone else");
  WR_RETURN_IF_ERROR(RefreshContactSummary(p.organisation_id));
  WR_ASSIGN_OR_RETURN(auto stored, FindPerson(p.id, {DirectoryScope::Kind::kAll, 0}));
  if (!stored) return Error::NotFound("person not found");
  return *stored;
}

Result<std::vector<int64_t>> DirectoryStore::Assignments(int64_t organisation_id) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(std::string(kAssignmentSelect) +
                                               "WHERE organisation_id = $1 ORDER BY position",
                                           {organisation_id}));
  return OrderFromRows(rows);
}

Status DirectoryStore::ReplaceAssignments(int64_t organisation_id, std::optional<int64_t> spoc,
                                          const std::vector<int64_t>& deputies) {
  WR_RETURN_IF_ERROR(
      tx_.Exec("DELETE FROM spoc_assignments WHERE organisation_id = $1", {organisation_id}));
  if (spoc) {
    WR_RETURN_IF_ERROR(
        tx_.Exec("INSERT INTO spoc_assignments (organisation_id, position, "
                 "person_id) VALUES ($1, 0, $2)",
                 {organisation_id, *spoc}));
  }
  int64_t position = 1;
  for (int64_t d : deputies) {
    WR_RETURN_IF_ERROR(
        tx_.Exec("INSERT INTO spoc_assignments (organisation_id, position, "
                 "person_id) VALUES ($1, $2, $3)",
                 {organisation_id, position++, d}));
  }
  return RefreshContactSummary(organisation_id);
}

Status DirectoryStore::RefreshContactSummary(int64_t organisation_id) {
  return StatusOf(
      tx_.Exec("UPDATE organisations SET "
               "spoc_person_id = (SELECT a.person_id FROM spoc_assignments a "
               "  WHERE a.organisation_id = $1 AND a.position = 0), "
               "deputy_count = (SELECT COUNT(*) FROM spoc_assignments a "
               "  WHERE a.organisation_id = $1 AND a.position > 0), "
               "has_out_of_band = CASE WHEN EXISTS (SELECT 1 FROM spoc_assignments a "
               "  JOIN people p ON p.id = a.person_id WHERE a.organisation_id = $1 AND "
               "  (COALESCE(p.oob_email, '') <> '' OR COALESCE(p.mobile, '') <> '')) "
               "  THEN 1 ELSE 0 END, "
               "contacts_verified_min = COALESCE((SELECT MIN(COALESCE(p.verified_at, 0)) "
               "  FROM spoc_assignments a JOIN people p ON p.id = a.person_id "
               "  WHERE a.organisation_id = $1), 0) "
               "WHERE id = $1",
               {organisation_id}));
}

Result<std::vector<core::ProviderService>> DirectoryStore::ServicesForCustomer(
    int64_t customer_id) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(std::string(kServiceSelect) +
                                               "WHERE s.customer_id = $1" + kProvidersOrder,
                                           {customer_id}));
  std::vector<core::ProviderService> out;
  for (const Row& r : rows) out.push_back(ServiceFromRow(r));
  return out;
}

Result<std::vector<core::ProviderService>> DirectoryStore::ServicesOfProvider(
    int64_t provider_id, std::optional<core::ServiceKind> service) {
  Params params{provider_id};
  std::string sql = std::string(kServiceSelect) + "WHERE s.provider_id = $1";
  if (service) sql += " AND s.service = " + Bind(params, std::string(core::Name(*service)));
  sql += kCustomersOrder;
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, params));
  std::vector<core::ProviderService> out;
  for (const Row& r : rows) out.push_back(ServiceFromRow(r));
  return out;
}

Result<std::optional<core::ProviderService>> DirectoryStore::FindService(int64_t id) {
  WR_ASSIGN_OR_RETURN(auto row,
                      tx_.QueryOptional(std::string(kServiceSelect) + "WHERE s.id = $1", {id}));
  if (!row) return std::optional<core::ProviderService>();
  return std::optional<core::ProviderService>(ServiceFromRow(*row));
}

Result<core::ProviderService> DirectoryStore::InsertService(
    int64_t provider_id, int64_t customer_id, core::ServiceKind service,
    const std::optional<std::string>& description, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      Row row, tx_.QueryOne("INSERT INTO provider_services (provider_id, customer_id, service, "
                            "description, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                            {provider_id, customer_id, std::string(core::Name(service)),
                             Nullable(description), now_ms}));
  WR_ASSIGN_OR_RETURN(auto stored, FindService(row.Int(0)));
  if (!stored) return Error::Internal("service vanished after insert");
  return *stored;
}

Status DirectoryStore::DeleteService(int64_t id) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("DELETE FROM provider_services WHERE id = $1", {id}));
  if (n == 0) return Error::NotFound("service not found");
  return Ok();
}

Status DirectoryStore::UpsertRegion(const core::Region& r) {
  return StatusOf(
      tx_.Exec("INSERT INTO regions (nis_code, name_nl, name_fr, name_de, name_en) VALUES ($1, "
               "$2, $3, $4, $5) ON CONFLICT (nis_code) DO UPDATE SET name_nl = excluded.name_nl, "
               "name_fr = excluded.name_fr, name_de = excluded.name_de, "
               "name_en = excluded.name_en",
               {r.nis_code, r.name_nl, r.name_fr, Nullable(r.name_de), Nullable(r.name_en)}));
}

Status DirectoryStore::UpsertProvince(const core::Province& p) {
  return StatusOf(tx_.Exec(
      "INSERT INTO provinces (nis_code, name_nl, name_fr, name_de, region_nis, name_en) VALUES "
      "($1, $2, $3, $4, $5, $6) ON CONFLICT (nis_code) DO UPDATE SET name_nl = excluded.name_nl, "
      "name_fr = excluded.name_fr, name_de = excluded.name_de, region_nis = excluded.region_nis, "
      "name_en = excluded.name_en",
      {p.nis_code, p.name_nl, p.name_fr, Nullable(p.name_de), p.region_nis, Nullable(p.name_en)}));
}

Result<std::vector<core::Region>> DirectoryStore::Regions() {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query("SELECT nis_code, name_nl, name_fr, name_de, name_en "
                                           "FROM regions ORDER BY nis_code",
                                           {}));
  std::vector<core::Region> out;
  for (const Row& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.OptText(3), r.OptText(4)});
  }
  return out;
}

Result<std::vector<core::Province>> DirectoryStore::Provinces() {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query("SELECT nis_code, name_nl, name_fr, name_de, "
                                           "region_nis, name_en FROM provinces ORDER BY nis_code",
                                           {}));
  std::vector<core::Province> out;
  for (const Row& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.OptText(3), r.Text(4), r.OptText(5)});
  }
  return out;
}

Result<GapCounts> DirectoryStore::CountGaps(const GapQuery& q, const DirectoryScope& scope,
                                            int64_t now_ms) {
  Params params;
  StaleBeforeParam stale_before(params, now_ms);
  std::string where = core::GapsCountedSql() + " AND " + ScopeSql(scope, "o.id", params);
  if (q.kind) where += " AND o.kind = " + Bind(params, std::string(core::Name(*q.kind)));
  if (q.province_nis) where += " AND o.province_nis = " + Bind(params, *q.province_nis);
  if (q.region_nis) where += " AND o.region_nis = " + Bind(params, *q.region_nis);
  std::string sql = "SELECT COUNT(*)";
  for (const core::GapRule& rule : core::GapRules()) {
    sql += ", COALESCE(SUM(CASE WHEN " + GapConditionSql(rule, stale_before) +
           " THEN 1 ELSE 0 END), 0)";
  }
  WR_ASSIGN_OR_RETURN(Row r, tx_.QueryOne(sql + " FROM organisations o WHERE " + where, params));
  GapCounts counts;
  counts.organisations = r.Int(0);
  size_t column = 1;
  for (const core::GapRule& rule : core::GapRules()) counts.Of(rule.gap) = r.Int(column++);
  return counts;
}

}  // namespace warroom::storage
