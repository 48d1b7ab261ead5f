// DirectoryStore: the SQL of the directory (organisations, people, SPOC assignments,
// provider services, regions and provinces), written once for both engines.
//
// Tenant isolation lives here: every read of organisation-scoped rows takes the
// caller's core::DirectoryScope and filters in the WHERE clause, so a record outside
// the scope is indistinguishable from a missing one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/directory/access.h"
#include "server/core/directory/entities.h"
#include "server/storage/database.h"
#include "server/storage/repositories/search_word_counts.h"

namespace warroom::storage {

// The order of a directory list: by name, or the least reachable first (most gaps,
// then by name), so that the war room starts with whom it cannot reach.
enum class OrganisationOrder { kName, kMostGaps };

struct OrganisationQuery {
  std::string text;  // words of a name in any language, or (part of) a NIS code
  std::optional<core::OrganisationKind> kind;
  std::optional<std::string> province_nis;
  std::optional<std::string> region_nis;
  std::optional<core::DirectoryGap> gap;
  std::optional<core::OrganisationStatus> status;
  OrganisationOrder order = OrganisationOrder::kName;
  int limit = 50;
  // Keyset cursor: continue after (name_sort, id), and for kMostGaps after the gap
  // count `after_gaps` (as core::GapsOf counts them).
  std::optional<std::string> after_name;
  int64_t after_id = 0;
  int after_gaps = 0;
};

struct OrganisationListItem {
  core::Organisation organisation;
  std::optional<core::PersonRef> spoc;
  std::string name_sort;
};

// Everything an organisation's page shows (DirectoryStore::LoadOrganisationPage).
struct OrganisationPage {
  core::Organisation organisation;
  // Ordered by name, with the SPOC and deputy roles from the assignments; read only
  // when asked for.
  std::vector<core::Person> people;
  std::vector<core::ProviderService> providers;  // services delivered to it
  std::vector<core::ProviderService> customers;  // services it delivers to others
  std::optional<core::OrganisationRef> parent;
  std::optional<core::OrganisationRef> merged_into;
};

// Which local governments the gap summary counts (all of them when empty).
struct GapQuery {
  std::optional<core::OrganisationKind> kind;
  std::optional<std::string> province_nis;
  std::optional<std::string> region_nis;
};

struct GapCounts {
  int64_t organisations = 0;
  int64_t no_spoc = 0;
  int64_t no_deputy = 0;
  int64_t no_out_of_band = 0;
  int64_t stale_contacts = 0;

  // The count of `gap`.
  int64_t& Of(core::DirectoryGap gap);
};

class DirectoryStore {
 public:
  explicit DirectoryStore(Tx& tx) : tx_(tx) {}

  // Organisations. Find* return std::nullopt when missing or outside the scope.
  Result<std::optional<core::Organisation>> FindOrganisation(int64_t id,
                                                             const core::DirectoryScope& scope);
  Result<std::optional<core::Organisation>> FindByNisCode(const std::string& nis);
  Result<std::optional<core::Organisation>> FindByExternalId(const std::string& external_id);
  // Returns up to query.limit + 1 rows, so the caller knows whether a next page exists.
  // `recent_counts`, when given, spares the count of words searched lately.
  Result<std::vector<OrganisationListItem>> ListOrganisations(
      const OrganisationQuery& query, const core::DirectoryScope& scope, int64_t now_ms,
      SearchWordCounts* recent_counts = nullptr);
  // How many organisations the same query selects over all its pages (the cursor and
  // the limit are ignored).
  Result<int64_t> CountOrganisations(const OrganisationQuery& query,
                                     const core::DirectoryScope& scope, int64_t now_ms,
                                     SearchWordCounts* recent_counts = nullptr);
  // Inserts and returns the stored row (id, version 1, timestamps). kConflict on a
  // duplicate NIS code or external id.
  Result<core::Organisation> InsertOrganisation(const core::Organisation& o, int64_t now_ms);
  // Stores `o` when its version is still `expected_version`; bumps the version.
  // kPreconditionFailed when someone else changed it first.
  Result<core::Organisation> UpdateOrganisation(const core::Organisation& o, int expected_version,
                                                int64_t now_ms);
  // Bumps the version of an organisation whose SPOC assignment changed.
  Status BumpOrganisationVersion(int64_t id, int expected_version, int64_t now_ms);
  // Reads an organisation's page in one batch (one round trip on PostgreSQL); every
  // statement of it carries the scope. std::nullopt when missing or outside the scope.
  Result<std::optional<OrganisationPage>> LoadOrganisationPage(int64_t id,
                                                               const core::DirectoryScope& scope,
                                                               bool with_people);

  // People.
  Result<std::optional<core::Person>> FindPerson(int64_t id, const core::DirectoryScope& scope);
  Result<std::optional<core::Person>> FindPersonByExternalId(const std::string& external_id);
  Result<std::vector<core::Person>> PeopleOf(int64_t organisation_id);
  Result<core::Person> InsertPerson(const core::Person& p, int64_t now_ms);
  Result<core::Person> UpdatePerson(const core::Person& p, int expected_version, int64_t now_ms);

  // SPOC and deputies: person ids in order (first is the SPOC).
  Result<std::vector<int64_t>> Assignments(int64_t organisation_id);
  Status ReplaceAssignments(int64_t organisation_id, std::optional<int64_t> spoc,
                            const std::vector<int64_t>& deputies);
  // Recomputes the organisation's contact summary (SPOC, deputies, out-of-band,
  // verification) after any change of its people or assignments.
  Status RefreshContactSummary(int64_t organisation_id);

  // Provider services.
  Result<std::vector<core::ProviderService>> ServicesForCustomer(int64_t customer_id);
  Result<std::vector<core::ProviderService>> ServicesOfProvider(
      int64_t provider_id, std::optional<core::ServiceKind> service);
  Result<std::optional<core::ProviderService>> FindService(int64_t id);
  Result<core::ProviderService> InsertService(int64_t provider_id, int64_t customer_id,
                                              core::ServiceKind service,
                                              const std::optional<std::string>& description,
                                              int64_t now_ms);
  Status DeleteService(int64_t id);

  // Reference geography.
  Status UpsertRegion(const core::Region& r);
  Status UpsertProvince(const core::Province& p);
  Result<std::vector<core::Region>> Regions();
  Result<std::vector<core::Province>> Provinces();

  // Counts the active local governments of the query within `scope`, and their gaps.
  Result<GapCounts> CountGaps(const GapQuery& query, const core::DirectoryScope& scope,
                              int64_t now_ms);

 private:
  Status WriteSearchKeys(int64_t organisation_id, const core::Organisation& o);

  Tx& tx_;
};

// The sort key of an organisation: its folded Dutch name (falling back to French).
std::string SortKeyOf(const core::Organisation& o);

}  // namespace warroom::storage
