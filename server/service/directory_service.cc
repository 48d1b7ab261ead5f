#include "server/service/directory_service.h"

#include <algorithm>
#include <chrono>

#include "server/core/directory/validate.h"
#include "server/service/views.h"

namespace warroom::service {
namespace {

using core::DirectoryScope;
using ports::Tx;
using storage::DirectoryStore;

constexpr DirectoryScope kAllScope{DirectoryScope::Kind::kAll, 0};

// Collects field errors so that one response names every bad field.
class Checker {
 public:
  void Fail(const std::string& field, const std::string& code) {
    errors_.push_back({field, 0, 0, code, code});
  }
  void Fail(std::vector<FieldError> errors) {
    for (auto& e : errors) errors_.push_back(std::move(e));
  }
  // Normalises a required name into `out`.
  void Name(const std::string& field, const std::string& in, std::string& out) {
    auto r = core::NormaliseName(in);
    if (r) {
      out = *r;
    } else {
      Fail(field, r.error().message);
    }
  }
  void OptName(const std::string& field, std::optional<std::string>& v, size_t max = 200) {
    if (!v) return;
    auto r = core::NormaliseName(*v, max);
    if (!r && r.error().message == "required") {
      v.reset();  // an empty optional text means "none"
    } else if (!r) {
      Fail(field, r.error().message);
    } else {
      v = *r;
    }
  }
  void OptEmail(const std::string& field, std::optional<std::string>& v) {
    if (!v) return;
    if (core::NormaliseName(*v).has_value()) {
      auto r = core::NormaliseEmail(*v);
      if (r) {
        v = *r;
      } else {
        Fail(field, r.error().message);
      }
    } else {
      v.reset();
    }
  }
  void OptPhone(const std::string& field, std::optional<std::string>& v) {
    if (!v) return;
    if (core::NormaliseName(*v).has_value()) {
      auto r = core::NormalisePhone(*v);
      if (r) {
        v = *r;
      } else {
        Fail(field, r.error().message);
      }
    } else {
      v.reset();
    }
  }
  void OptNis(const std::string& field, const std::optional<std::string>& v) {
    if (v && !core::IsNisCode(*v)) Fail(field, "invalid_nis_code");
  }
  Status Done() const {
    if (errors_.empty()) return Ok();
    return Error::Invalid("the request has invalid fields", errors_);
  }

 private:
  std::vector<FieldError> errors_;
};

int64_t ToMs(ports::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string Dump(const nlohmann::json& j) { return j.dump(); }

// Checks that referenced geography and organisations exist; adds field errors.
Status CheckReferences(Tx& tx, const core::Organisation& o, int64_t self_id) {
  std::vector<FieldError> errors;
  if (o.region_nis) {
    WR_ASSIGN_OR_RETURN(
        auto row, tx.QueryOptional("SELECT 1 FROM regions WHERE nis_code = $1", {*o.region_nis}));
    if (!row) errors.push_back({"/region_nis", 0, 0, "unknown_region", "unknown_region"});
  }
  if (o.province_nis) {
    WR_ASSIGN_OR_RETURN(auto row,
                        tx.QueryOptional("SELECT region_nis FROM provinces WHERE nis_code = $1",
                                         {*o.province_nis}));
    if (!row) {
      errors.push_back({"/province_nis", 0, 0, "unknown_province", "unknown_province"});
    } else if (o.region_nis && row->Text(0) != *o.region_nis) {
      errors.push_back({"/province_nis", 0, 0, "province_not_in_region", "province_not_in_region"});
    }
  }
  for (const auto& [field, ref] :
       {std::pair{"/parent_id", o.parent_id}, std::pair{"/merged_into_id", o.merged_into_id}}) {
    if (!ref) continue;
    if (*ref == self_id) {
      errors.push_back({field, 0, 0, "self_reference", "self_reference"});
      continue;
    }
    WR_ASSIGN_OR_RETURN(auto row,
                        tx.QueryOptional("SELECT 1 FROM organisations WHERE id = $1", {*ref}));
    if (!row) errors.push_back({field, 0, 0, "unknown_organisation", "unknown_organisation"});
  }
  if (!errors.empty()) return Error::Invalid("the request has invalid fields", errors);
  return Ok();
}

// Maps a store conflict on a unique column to a field error the user understands.
Error ExplainConflict(const Error& e) {
  if (e.code != ErrorCode::kConflict) return e;
  if (e.conflict_on == "nis_code") {
    return Error(ErrorCode::kConflict, "another organisation has this NIS code",
                 {{"/nis_code", 0, 0, "duplicate", "duplicate"}});
  }
  if (e.conflict_on == "external_id") {
    return Error(ErrorCode::kConflict, "another record has this external id",
                 {{"/external_id", 0, 0, "duplicate", "duplicate"}});
  }
  return e;
}

Result<OrganisationDetail> LoadDetail(Tx& tx, const core::Principal& p, int64_t id) {
  OrganisationDetail d;
  d.people_visible = core::CanReadPeople(p, id);
  WR_ASSIGN_OR_RETURN(
      auto page, DirectoryStore(tx).LoadOrganisationPage(id, core::ReadScope(p), d.people_visible));
  if (!page) return Error::NotFound("organisation not found");
  d.organisation = std::move(page->organisation);
  d.people = std::move(page->people);
  d.providers = std::move(page->providers);
  d.customers = std::move(page->customers);
  d.parent = std::move(page->parent);
  d.merged_into = std::move(page->merged_into);
  d.exercise_contacts =
      !d.organisation.is_demo && std::any_of(d.people.begin(), d.people.end(),
                                             [](const core::Person& x) { return x.is_demo; });
  // The people carry their SPOC and deputy roles from the assignments.
  std::vector<std::pair<int, core::PersonRef>> deputies;
  for (const auto& person : d.people) {
    const core::PersonRef ref{person.id, person.full_name};
    if (std::find(person.roles.begin(), person.roles.end(), core::ContactRole::kSpoc) !=
        person.roles.end()) {
      d.spoc = ref;
    } else if (person.deputy_order) {
      deputies.emplace_back(*person.deputy_order, ref);
    }
  }
  std::sort(deputies.begin(), deputies.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, ref] : deputies) d.deputies.push_back(std::move(ref));
  for (core::ProviderService& s : d.customers) {
    if (!core::CanReadPeople(p, s.customer.id)) s.customer_spoc.reset();
  }
  if (p.role == core::Role::kProvider && p.organisation_id != id) {
    // A provider sees what it delivers to this customer, not the customer's other providers.
    std::erase_if(d.providers, [&](const core::ProviderService& s) {
      return s.provider.id != p.organisation_id;
    });
    d.customers.clear();
  }
  return d;
}

}  // namespace

OrganisationInput InputOf(const core::Organisation& o) {
  return {o.kind,           o.nis_code, o.external_id, o.name_nl,      o.name_fr,
          o.name_de,        o.name_en,  o.region_nis,  o.province_nis, o.parent_id,
          o.merged_into_id, o.status,   o.is_demo};
}

PersonInput InputOf(const core::Person& p) {
  PersonInput in{p.full_name, p.external_id, p.job_title,  p.work_email,
                 p.oob_email, p.mobile,      p.landline,   p.preferred_language,
                 p.roles,     p.is_demo,     p.verified_at};
  std::erase_if(in.roles, [](core::ContactRole r) {
    return r == core::ContactRole::kSpoc || r == core::ContactRole::kDeputySpoc;
  });
  return in;
}

Status DirectoryWrites::Audit(std::string action, std::string type, int64_t id, int64_t org,
                              std::string before, std::string after) {
  return service::Audit(tx_, ActorOf(p_), std::move(action), {std::move(type), id, org},
                        std::move(before), std::move(after), now_);
}

Result<core::Organisation> DirectoryWrites::CreateOrganisation(const core::Organisation& o) {
  WR_ASSIGN_OR_RETURN(core::Organisation stored, DirectoryStore(tx_).InsertOrganisation(o, now_));
  WR_RETURN_IF_ERROR(
      Audit("organisation.create", "organisation", stored.id, stored.id, "", Dump(ToJson(stored))));
  return stored;
}

Result<core::Organisation> DirectoryWrites::UpdateOrganisation(const core::Organisation& current,
                                                               const core::Organisation& next) {
  core::Organisation o = next;
  o.id = current.id;
  WR_ASSIGN_OR_RETURN(core::Organisation stored,
                      DirectoryStore(tx_).UpdateOrganisation(o, current.version, now_));
  WR_RETURN_IF_ERROR(Audit("organisation.update", "organisation", current.id, current.id,
                           Dump(ToJson(current)), Dump(ToJson(stored))));
  return stored;
}

Status DirectoryWrites::SetSpoc(const core::Organisation& current, std::optional<int64_t> spoc,
                                const std::vector<int64_t>& deputies) {
  DirectoryStore store(tx_);
  WR_ASSIGN_OR_RETURN(auto people, store.PeopleOf(current.id));
  std::vector<int64_t> members;
  members.reserve(people.size());
  for (const core::Person& person : people) members.push_back(person.id);
  if (auto errors = core::ValidateAssignment(spoc, deputies, members); !errors.empty()) {
    return Error::Invalid("the assignment has invalid people", std::move(errors));
  }
  WR_ASSIGN_OR_RETURN(auto before, store.Assignments(current.id));
  WR_RETURN_IF_ERROR(store.ReplaceAssignments(current.id, spoc, deputies));
  WR_RETURN_IF_ERROR(store.BumpOrganisationVersion(current.id, current.version, now_));
  nlohmann::json before_json = {{"order", before}};
  nlohmann::json after_json = {{"spoc_id", OrNull(spoc)}, {"deputy_ids", deputies}};
  return Audit("organisation.set_spoc", "organisation", current.id, current.id, Dump(before_json),
               Dump(after_json));
}

Result<core::Person> DirectoryWrites::CreatePerson(const core::Person& person) {
  WR_ASSIGN_OR_RETURN(core::Person stored, DirectoryStore(tx_).InsertPerson(person, now_));
  WR_RETURN_IF_ERROR(Audit("person.create", "person", stored.id, stored.organisation_id, "",
                           Dump(ToJson(stored))));
  return stored;
}

Result<core::Person> DirectoryWrites::UpdatePerson(const core::Person& current,
                                                   const core::Person& next,
                                                   const std::string& action) {
  core::Person p = next;
  p.id = current.id;
  p.organisation_id = current.organisation_id;
  WR_ASSIGN_OR_RETURN(core::Person stored,
                      DirectoryStore(tx_).UpdatePerson(p, current.version, now_));
  WR_RETURN_IF_ERROR(Audit(action, "person", current.id, current.organisation_id,
                           Dump(ToJson(current)), Dump(ToJson(stored))));
  return stored;
}

Result<core::ProviderService> DirectoryWrites::CreateService(
    int64_t provider_id, int64_t customer_id, core::ServiceKind service,
    const std::optional<std::string>& description) {
  WR_ASSIGN_OR_RETURN(
      core::ProviderService stored,
      DirectoryStore(tx_).InsertService(provider_id, customer_id, service, description, now_));
  WR_RETURN_IF_ERROR(Audit("service.create", "provider_service", stored.id, customer_id, "",
                           Dump(ToJson(stored))));
  return stored;
}

Status DirectoryWrites::DeleteService(const core::ProviderService& current) {
  WR_RETURN_IF_ERROR(DirectoryStore(tx_).DeleteService(current.id));
  return Audit("service.delete", "provider_service", current.id, current.customer.id,
               Dump(ToJson(current)), "");
}

int64_t DirectoryService::NowMs() const { return ToMs(clock_.Now()); }

std::string EncodeCursor(const std::string& name_sort, int64_t id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : name_sort) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out + "." + std::to_string(id);
}

bool DecodeCursor(const std::string& cursor, std::string& name_sort, int64_t& id) {
  const size_t dot = cursor.rfind('.');
  if (dot == std::string::npos || dot % 2 != 0 || dot + 1 >= cursor.size() ||
      cursor.size() - dot > 20) {
    return false;
  }
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  name_sort.clear();
  for (size_t i = 0; i < dot; i += 2) {
    const int hi = nibble(cursor[i]);
    const int lo = nibble(cursor[i + 1]);
    if (hi < 0 || lo < 0) return false;
    name_sort.push_back(static_cast<char>(hi * 16 + lo));
  }
  id = 0;
  for (size_t i = dot + 1; i < cursor.size(); ++i) {
    if (cursor[i] < '0' || cursor[i] > '9') return false;
    id = id * 10 + (cursor[i] - '0');
  }
  return true;
}

Result<core::Organisation> DirectoryService::ValidateOrganisation(const OrganisationInput& in) {
  Checker c;
  core::Organisation o;
  o.kind = in.kind;
  c.Name("/name_nl", in.name_nl, o.name_nl);
  o.name_fr = in.name_fr;
  o.name_de = in.name_de;
  o.name_en = in.name_en;
  o.external_id = in.external_id;
  c.OptName("/name_fr", o.name_fr);
  c.OptName("/name_de", o.name_de);
  c.OptName("/name_en", o.name_en);
  c.OptName("/external_id", o.external_id, 100);
  o.nis_code = in.nis_code;
  c.OptNis("/nis_code", o.nis_code);
  if (in.kind == core::OrganisationKind::kMunicipality && !in.nis_code) {
    c.Fail("/nis_code", "required");
  }
  o.region_nis = in.region_nis;
  o.province_nis = in.province_nis;
  c.OptNis("/region_nis", o.region_nis);
  c.OptNis("/province_nis", o.province_nis);
  c.Fail(core::CheckNisGeography(o.nis_code, o.province_nis, o.region_nis));
  o.parent_id = in.parent_id;
  o.merged_into_id = in.merged_into_id;
  o.status = in.status;
  o.is_demo = in.is_demo;
  if (in.status == core::OrganisationStatus::kMerged && !in.merged_into_id) {
    c.Fail("/merged_into_id", "required");
  }
  WR_RETURN_IF_ERROR(c.Done());
  return o;
}

Result<core::Person> DirectoryService::ValidatePerson(const PersonInput& in) {
  Checker c;
  core::Person p;
  c.Name("/full_name", in.full_name, p.full_name);
  p.external_id = in.external_id;
  p.job_title = in.job_title;
  p.work_email = in.work_email;
  p.oob_email = in.oob_email;
  p.mobile = in.mobile;
  p.landline = in.landline;
  c.OptName("/external_id", p.external_id, 100);
  c.OptName("/job_title", p.job_title);
  c.OptEmail("/work_email", p.work_email);
  c.OptEmail("/oob_email", p.oob_email);
  c.OptPhone("/mobile", p.mobile);
  c.OptPhone("/landline", p.landline);
  if (p.work_email && p.oob_email && *p.work_email == *p.oob_email) {
    c.Fail("/oob_email", "same_as_work_email");
  }
  p.preferred_language = in.preferred_language;
  p.roles = in.roles;
  p.is_demo = in.is_demo;
  p.verified_at = in.verified_at;
  WR_RETURN_IF_ERROR(c.Done());
  return p;
}

Result<OrganisationPage> DirectoryService::List(const core::Principal& p,
                                                OrganisationListRequest request) {
  if (core::ReadScope(p).kind == DirectoryScope::Kind::kNone) {
    return Error::PermissionDenied("this role sees aggregate figures only");
  }
  const bool by_gaps = request.query.order == storage::OrganisationOrder::kMostGaps;
  if (!request.cursor.empty()) {
    std::string name;
    int64_t id = 0;
    // A list by gaps continues after "g<gaps>.<name and id>".
    std::string_view rest = request.cursor;
    bool valid = true;
    if (by_gaps) {
      valid =
          rest.size() > 3 && rest[0] == 'g' && rest[1] >= '0' && rest[1] <= '9' && rest[2] == '.';
      if (valid) {
        request.query.after_gaps = rest[1] - '0';
        rest.remove_prefix(3);
      }
    }
    if (!valid || !DecodeCursor(std::string(rest), name, id)) {
      return Error::Invalid("the cursor is not valid",
                            {{"cursor", 0, 0, "invalid_cursor", "invalid_cursor"}});
    }
    request.query.after_name = name;
    request.query.after_id = id;
  }
  OrganisationPage page;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(page.items, store.ListOrganisations(request.query, core::ReadScope(p), now,
                                                            &search_word_counts_));
    if (request.cursor.empty()) {
      WR_ASSIGN_OR_RETURN(page.total, store.CountOrganisations(request.query, core::ReadScope(p),
                                                               now, &search_word_counts_));
    }
    return Ok();
  }));
  if (static_cast<int>(page.items.size()) > request.query.limit) {
    page.items.resize(static_cast<size_t>(request.query.limit));
    const auto& last = page.items.back();
    page.next_cursor = EncodeCursor(last.name_sort, last.organisation.id);
    if (by_gaps) {
      page.next_cursor = "g" + std::to_string(core::GapsOf(last.organisation, now).size()) + "." +
                         *page.next_cursor;
    }
  }
  page.people_visible = core::IsWarroomRole(p.role);
  for (auto& item : page.items) {
    if (!core::CanReadPeople(p, item.organisation.id)) item.spoc.reset();
  }
  return page;
}

Result<OrganisationDetail> DirectoryService::Get(const core::Principal& p, int64_t id) {
  OrganisationDetail d;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(d, LoadDetail(tx, p, id));
    return Ok();
  }));
  return d;
}

Result<core::Organisation> DirectoryService::Create(const core::Principal& p,
                                                    const OrganisationInput& in) {
  if (!core::CanEditOrganisations(p)) {
    return Error::PermissionDenied("only the war room adds organisations");
  }
  WR_ASSIGN_OR_RETURN(core::Organisation o, ValidateOrganisation(in));
  core::Organisation stored;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(CheckReferences(tx, o, 0));
    auto inserted = DirectoryWrites(tx, p, now).CreateOrganisation(o);
    if (!inserted) return ExplainConflict(inserted.error());
    stored = *inserted;
    return Ok();
  }));
  return stored;
}

Result<core::Organisation> DirectoryService::Update(const core::Principal& p, int64_t id,
                                                    int expected_version,
                                                    const OrganisationPatch& patch) {
  core::Organisation stored;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto current, store.FindOrganisation(id, core::ReadScope(p)));
    if (!current) return Error::NotFound("organisation not found");
    if (!core::CanEditOrganisations(p)) {
      return Error::PermissionDenied("only the war room changes an organisation's record");
    }
    if (current->version != expected_version) {
      return Error::PreconditionFailed("the organisation was changed by someone else");
    }
    OrganisationInput in = InputOf(*current);
    if (patch.kind) in.kind = *patch.kind;
    if (patch.name_nl) in.name_nl = *patch.name_nl;
    if (patch.name_fr) in.name_fr = *patch.name_fr;
    if (patch.name_de) in.name_de = *patch.name_de;
    if (patch.name_en) in.name_en = *patch.name_en;
    if (patch.external_id) in.external_id = *patch.external_id;
    if (patch.region_nis) in.region_nis = *patch.region_nis;
    if (patch.province_nis) in.province_nis = *patch.province_nis;
    if (patch.parent_id) in.parent_id = *patch.parent_id;
    if (patch.merged_into_id) in.merged_into_id = *patch.merged_into_id;
    if (patch.status) in.status = *patch.status;
    WR_ASSIGN_OR_RETURN(core::Organisation next, ValidateOrganisation(in));
    next.id = id;
    WR_RETURN_IF_ERROR(CheckReferences(tx, next, id));
    auto updated = DirectoryWrites(tx, p, now).UpdateOrganisation(*current, next);
    if (!updated) return ExplainConflict(updated.error());
    stored = *updated;
    return Ok();
  }));
  return stored;
}

Result<OrganisationDetail> DirectoryService::SetSpoc(const core::Principal& p, int64_t id,
                                                     int expected_version,
                                                     std::optional<int64_t> spoc,
                                                     const std::vector<int64_t>& deputies) {
  OrganisationDetail d;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto current, store.FindOrganisation(id, core::ReadScope(p)));
    if (!current) return Error::NotFound("organisation not found");
    if (!core::CanEditPeople(p, id)) {
      return Error::PermissionDenied("only the SPOC or the war room assigns the SPOC");
    }
    if (current->version != expected_version) {
      return Error::PreconditionFailed("the organisation was changed by someone else");
    }
    WR_RETURN_IF_ERROR(DirectoryWrites(tx, p, now).SetSpoc(*current, spoc, deputies));
    WR_ASSIGN_OR_RETURN(d, LoadDetail(tx, p, id));
    return Ok();
  }));
  return d;
}

Result<core::Person> DirectoryService::CreatePerson(const core::Principal& p,
                                                    int64_t organisation_id,
                                                    const PersonInput& in) {
  core::Person stored;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto org, store.FindOrganisation(organisation_id, core::ReadScope(p)));
    if (!org) return Error::NotFound("organisation not found");
    if (!core::CanEditPeople(p, organisation_id)) {
      return Error::PermissionDenied("only the SPOC or the war room adds contacts");
    }
    WR_ASSIGN_OR_RETURN(core::Person person, ValidatePerson(in));
    person.organisation_id = organisation_id;
    auto inserted = DirectoryWrites(tx, p, now).CreatePerson(person);
    if (!inserted) return ExplainConflict(inserted.error());
    stored = *inserted;
    return Ok();
  }));
  return stored;
}

Result<core::Person> DirectoryService::GetPerson(const core::Principal& p, int64_t id) {
  std::optional<core::Person> person;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(person, DirectoryStore(tx).FindPerson(id, core::ReadScope(p)));
    return Ok();
  }));
  if (!person || !core::CanReadPeople(p, person->organisation_id)) {
    return Error::NotFound("person not found");
  }
  return *person;
}

Result<core::Person> DirectoryService::UpdatePerson(const core::Principal& p, int64_t id,
                                                    int expected_version,
                                                    const PersonPatch& patch) {
  core::Person stored;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto current, store.FindPerson(id, core::ReadScope(p)));
    if (!current || !core::CanReadPeople(p, current->organisation_id)) {
      return Error::NotFound("person not found");
    }
    if (!core::CanEditPeople(p, current->organisation_id)) {
      return Error::PermissionDenied("only the SPOC or the war room changes contacts");
    }
    if (current->version != expected_version) {
      return Error::PreconditionFailed("the person was changed by someone else");
    }
    PersonInput in = InputOf(*current);
    if (patch.full_name) in.full_name = *patch.full_name;
    if (patch.job_title) in.job_title = *patch.job_title;
    if (patch.work_email) in.work_email = *patch.work_email;
    if (patch.oob_email) in.oob_email = *patch.oob_email;
    if (patch.mobile) in.mobile = *patch.mobile;
    if (patch.landline) in.landline = *patch.landline;
    if (patch.preferred_language) in.preferred_language = *patch.preferred_language;
    if (patch.roles) in.roles = *patch.roles;
    WR_ASSIGN_OR_RETURN(core::Person next, ValidatePerson(in));
    next.id = id;
    next.organisation_id = current->organisation_id;
    auto updated = DirectoryWrites(tx, p, now).UpdatePerson(*current, next);
    if (!updated) return ExplainConflict(updated.error());
    stored = *updated;
    return Ok();
  }));
  return stored;
}

Result<core::Person> DirectoryService::VerifyPerson(const core::Principal& p, int64_t id) {
  core::Person stored;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto current, store.FindPerson(id, core::ReadScope(p)));
    if (!current || !core::CanReadPeople(p, current->organisation_id)) {
      return Error::NotFound("person not found");
    }
    if (!core::CanEditPeople(p, current->organisation_id)) {
      return Error::PermissionDenied("only the SPOC or the war room verifies contacts");
    }
    core::Person next = *current;
    next.verified_at = now;
    WR_ASSIGN_OR_RETURN(stored,
                        DirectoryWrites(tx, p, now).UpdatePerson(*current, next, "person.verify"));
    return Ok();
  }));
  return stored;
}

Result<std::vector<core::ProviderService>> DirectoryService::Customers(
    const core::Principal& p, int64_t provider_id, std::optional<core::ServiceKind> service) {
  std::vector<core::ProviderService> out;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto org, store.FindOrganisation(provider_id, core::ReadScope(p)));
    if (!org) return Error::NotFound("organisation not found");
    // Customers of a provider are the war room's and that provider's business only.
    if (!core::IsWarroomRole(p.role) && p.organisation_id != provider_id) {
      return Error::NotFound("organisation not found");
    }
    WR_ASSIGN_OR_RETURN(out, store.ServicesOfProvider(provider_id, service));
    return Ok();
  }));
  return out;
}

Result<core::ProviderService> DirectoryService::CreateService(
    const core::Principal& p, int64_t provider_id, int64_t customer_id, core::ServiceKind service,
    const std::optional<std::string>& description) {
  if (!core::CanEditOrganisations(p)) {
    return Error::PermissionDenied("only the war room records providers' services");
  }
  std::optional<std::string> desc = description;
  Checker c;
  c.OptName("/description", desc, 500);
  WR_RETURN_IF_ERROR(c.Done());
  core::ProviderService stored;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto provider, store.FindOrganisation(provider_id, kAllScope));
    WR_ASSIGN_OR_RETURN(auto customer, store.FindOrganisation(customer_id, kAllScope));
    std::vector<FieldError> errors;
    if (!provider) {
      errors.push_back({"/provider_id", 0, 0, "unknown_organisation", "unknown_organisation"});
    } else if (provider->kind != core::OrganisationKind::kIctProvider &&
               provider->kind != core::OrganisationKind::kIntermunicipalAssociation) {
      errors.push_back({"/provider_id", 0, 0, "not_a_provider", "not_a_provider"});
    }
    if (!customer) {
      errors.push_back({"/customer_id", 0, 0, "unknown_organisation", "unknown_organisation"});
    } else if (provider_id == customer_id) {
      errors.push_back({"/customer_id", 0, 0, "self_reference", "self_reference"});
    }
    if (!errors.empty()) return Error::Invalid("the request has invalid fields", errors);
    auto inserted =
        DirectoryWrites(tx, p, now).CreateService(provider_id, customer_id, service, desc);
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kConflict) {
        return Error::Conflict("this provider already delivers this service to this customer");
      }
      return inserted.error();
    }
    stored = *inserted;
    return Ok();
  }));
  return stored;
}

Status DirectoryService::DeleteService(const core::Principal& p, int64_t id) {
  if (!core::CanEditOrganisations(p)) {
    return Error::PermissionDenied("only the war room records providers' services");
  }
  const int64_t now = NowMs();
  return db_.Write([&](Tx& tx) -> Status {
    DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto current, store.FindService(id));
    if (!current) return Error::NotFound("service not found");
    return DirectoryWrites(tx, p, now).DeleteService(*current);
  });
}

Result<storage::GapCounts> DirectoryService::Gaps(const core::Principal& p,
                                                  const storage::GapQuery& query) {
  storage::GapCounts counts;
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(counts, DirectoryStore(tx).CountGaps(query, core::GapScope(p), now));
    return Ok();
  }));
  return counts;
}

Result<std::vector<core::Region>> DirectoryService::Regions() {
  std::vector<core::Region> out;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, DirectoryStore(tx).Regions());
    return Ok();
  }));
  return out;
}

Result<std::vector<core::Province>> DirectoryService::Provinces() {
  std::vector<core::Province> out;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, DirectoryStore(tx).Provinces());
    return Ok();
  }));
  return out;
}

}  // namespace warroom::service
