// DirectoryService: the directory's use cases. Each runs in one transaction, checks the
// caller's rights (core/directory/access.h), validates input (core/directory/validate.h),
// reads through the caller's scope, and appends the audit entry of every change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/directory/access.h"
#include "server/core/directory/entities.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/service/audited_write.h"
#include "server/storage/repositories/directory_store.h"

namespace warroom::service {

// A field of a PATCH body: std::nullopt when absent; for nullable fields the inner
// optional is empty when the body says null.
template <typename T>
using Patch = std::optional<T>;

struct OrganisationInput {
  core::OrganisationKind kind = core::OrganisationKind::kMunicipality;
  std::optional<std::string> nis_code;
  std::optional<std::string> external_id;
  std::string name_nl;
  std::optional<std::string> name_fr;
  std::optional<std::string> name_de;
  std::optional<std::string> name_en;
  std::optional<std::string> region_nis;
  std::optional<std::string> province_nis;
  std::optional<int64_t> parent_id;
  std::optional<int64_t> merged_into_id;
  core::OrganisationStatus status = core::OrganisationStatus::kActive;
  bool is_demo = false;
};

struct OrganisationPatch {
  Patch<core::OrganisationKind> kind;
  Patch<std::string> name_nl;
  Patch<std::optional<std::string>> name_fr;
  Patch<std::optional<std::string>> name_de;
  Patch<std::optional<std::string>> name_en;
  Patch<std::optional<std::string>> external_id;
  Patch<std::optional<std::string>> region_nis;
  Patch<std::optional<std::string>> province_nis;
  Patch<std::optional<int64_t>> parent_id;
  Patch<std::optional<int64_t>> merged_into_id;
  Patch<core::OrganisationStatus> status;
};

struct PersonInput {
  std::string full_name;
  std::optional<std::string> external_id;
  std::optional<std::string> job_title;
  std::optional<std::string> work_email;
  std::optional<std::string> oob_email;
  std::optional<std::string> mobile;
  std::optional<std::string> landline;
  core::Language preferred_language = core::Language::kNl;
  std::vector<core::ContactRole> roles;
  bool is_demo = false;
  std::optional<int64_t> verified_at;
};

struct PersonPatch {
  Patch<std::string> full_name;
  Patch<std::optional<std::string>> job_title;
  Patch<std::optional<std::string>> work_email;
  Patch<std::optional<std::string>> oob_email;
  Patch<std::optional<std::string>> mobile;
  Patch<std::optional<std::string>> landline;
  Patch<core::Language> preferred_language;
  Patch<std::vector<core::ContactRole>> roles;
};

// The input that would store `o` / `p` unchanged (the starting point of an update). A
// person's SPOC and deputy roles come from the assignments and are left out.
OrganisationInput InputOf(const core::Organisation& o);
PersonInput InputOf(const core::Person& p);

struct OrganisationListRequest {
  storage::OrganisationQuery query;  // after_* are filled from `cursor`
  std::string cursor;
};

struct OrganisationPage {
  std::vector<storage::OrganisationListItem> items;
  std::optional<std::string> next_cursor;
  // How many organisations the query selects over all pages; on the first page only
  // (a request without cursor), so that paging on does not count again.
  std::optional<int64_t> total;
  bool people_visible = false;  // SPOC names may be shown
};

struct OrganisationDetail {
  core::Organisation organisation;
  bool people_visible = false;
  // A real organisation with fictional contacts of the demo exercise among its people.
  bool exercise_contacts = false;
  std::optional<core::PersonRef> spoc;
  std::vector<core::PersonRef> deputies;  // in escalation order
  std::vector<core::Person> people;
  std::vector<core::ProviderService> providers;
  std::vector<core::ProviderService> customers;
  std::optional<core::OrganisationRef> parent;
  std::optional<core::OrganisationRef> merged_into;
};

class DirectoryService {
 public:
  DirectoryService(ports::Database& db, const ports::Clock& clock) : db_(db), clock_(clock) {}

  // kPermissionDenied for callers who may only see aggregates; kInvalidArgument for a
  // malformed cursor.
  Result<OrganisationPage> List(const core::Principal& p, OrganisationListRequest request);
  // kNotFound when missing or outside the caller's scope.
  Result<OrganisationDetail> Get(const core::Principal& p, int64_t id);
  Result<core::Organisation> Create(const core::Principal& p, const OrganisationInput& in);
  // kPreconditionFailed when `expected_version` is stale.
  Result<core::Organisation> Update(const core::Principal& p, int64_t id, int expected_version,
                                    const OrganisationPatch& patch);
  // Sets the SPOC and the ordered deputies (core::ValidateAssignment: people of the
  // organisation, each once). Bumps the organisation's version.
  Result<OrganisationDetail> SetSpoc(const core::Principal& p, int64_t id, int expected_version,
                                     std::optional<int64_t> spoc,
                                     const std::vector<int64_t>& deputies);

  Result<core::Person> CreatePerson(const core::Principal& p, int64_t organisation_id,
                                    const PersonInput& in);
  Result<core::Person> GetPerson(const core::Principal& p, int64_t id);
  Result<core::Person> UpdatePerson(const core::Principal& p, int64_t id, int expected_version,
                                    const PersonPatch& patch);
  // Records that the person's contact details were checked now.
  Result<core::Person> VerifyPerson(const core::Principal& p, int64_t id);

  Result<std::vector<core::ProviderService>> Customers(const core::Principal& p,
                                                       int64_t provider_id,
                                                       std::optional<core::ServiceKind> service);
  Result<core::ProviderService> CreateService(const core::Principal& p, int64_t provider_id,
                                              int64_t customer_id, core::ServiceKind service,
                                              const std::optional<std::string>& description);
  Status DeleteService(const core::Principal& p, int64_t id);

  // Counts the gaps of the active local governments of `query` that the caller may count
  // (core::GapScope): a SPOC gets her own organisation's.
  Result<storage::GapCounts> Gaps(const core::Principal& p, const storage::GapQuery& query);
  Result<std::vector<core::Region>> Regions();
  Result<std::vector<core::Province>> Provinces();

  // Validation shared with the CSV import: returns the normalised record or every
  // field error found.
  static Result<core::Organisation> ValidateOrganisation(const OrganisationInput& in);
  static Result<core::Person> ValidatePerson(const PersonInput& in);

 private:
  int64_t NowMs() const;

  ports::Database& db_;
  const ports::Clock& clock_;
  storage::SearchWordCounts search_word_counts_;
};

// The audited writes of the directory, inside the caller's transaction. Every path that
// changes organisations, people or SPOC assignments (the API, the CSV import, the CLI,
// the demo seed, which imports) stores through these, so that each change appends the
// same audit entry and bumps the same versions whichever way it came. They check
// neither rights nor input: their callers (DirectoryService, DirectoryImport) do.
class DirectoryWrites {
 public:
  DirectoryWrites(ports::Tx& tx, const core::Principal& p, int64_t now_ms)
      : tx_(tx), p_(p), now_(now_ms) {}

  // Inserts `o` (audit "organisation.create"). kConflict on a duplicate NIS code or
  // external id.
  Result<core::Organisation> CreateOrganisation(const core::Organisation& o);
  // Stores `next` over `current` (same id), bumping the version (audit
  // "organisation.update"). kPreconditionFailed when current.version is no longer the
  // stored one; kConflict on a duplicate NIS code or external id.
  Result<core::Organisation> UpdateOrganisation(const core::Organisation& current,
                                                const core::Organisation& next);
  // Replaces the SPOC and the ordered deputies of `current` and bumps its version
  // (audit "organisation.set_spoc"). kInvalidArgument with field errors ("/spoc_id",
  // "/deputy_ids/<i>") when the assignment breaks core::ValidateAssignment: this is the
  // one place every path (API, import, demo removal) checks it. kPreconditionFailed
  // when current.version is stale.
  Status SetSpoc(const core::Organisation& current, std::optional<int64_t> spoc,
                 const std::vector<int64_t>& deputies);
  // Inserts `person` (audit "person.create"). kConflict on a duplicate external id.
  Result<core::Person> CreatePerson(const core::Person& person);
  // Stores `next` over `current` (same id), bumping the version; `action` names the
  // audit entry ("person.update", "person.verify"). kPreconditionFailed when stale.
  Result<core::Person> UpdatePerson(const core::Person& current, const core::Person& next,
                                    const std::string& action = "person.update");
  // Records that `provider_id` delivers `service` to `customer_id` (audit
  // "service.create"). kConflict when it does already.
  Result<core::ProviderService> CreateService(int64_t provider_id, int64_t customer_id,
                                              core::ServiceKind service,
                                              const std::optional<std::string>& description);
  // Deletes the service `current` (audit "service.delete"). kNotFound when gone.
  Status DeleteService(const core::ProviderService& current);

 private:
  Status Audit(std::string action, std::string type, int64_t id, int64_t org, std::string before,
               std::string after);

  ports::Tx& tx_;
  const core::Principal& p_;
  int64_t now_;
};

// Encodes and decodes the keyset cursor of the organisation list.
std::string EncodeCursor(const std::string& name_sort, int64_t id);
bool DecodeCursor(const std::string& cursor, std::string& name_sort, int64_t& id);

}  // namespace warroom::service
