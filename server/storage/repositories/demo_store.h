// DemoStore: the SQL that finds and deletes the demo exercise's rows, written once for
// both engines. Exercise data is what carries is_demo (organisations and people), the
// people of exercise organisations, the provider services with an exercise organisation
// on either side and the accounts of exercise organisations. The caller deletes in the
// order the foreign keys need (accounts, services, assignments, people, organisations)
// and audits each deletion in the same transaction (service::RemoveDemo).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

class DemoStore {
 public:
  explicit DemoStore(Tx& tx) : tx_(tx) {}

  // Ids in ascending order.
  Result<std::vector<int64_t>> OrganisationIds();
  Result<std::vector<int64_t>> PersonIds();
  Result<std::vector<int64_t>> ServiceIds();
  // The exercise's advisories, ascending.
  Result<std::vector<int64_t>> AdvisoryIds();
  // Deletes an exercise advisory with everything it sent and recorded (recipients,
  // deliveries and their outbox messages, links, acknowledgements, calls, help requests
  // about it, its escalation jobs).
  Status DeleteAdvisory(int64_t advisory_id);
  // Takes the exercise organisations out of real advisories' audiences (their rows of
  // deliveries, links, acknowledgements and calls); returns the rows removed.
  Result<int64_t> DetachDemoRecipients();
  // The exercise's contact-verification rounds, ascending, and deleting one with its
  // requests.
  Result<std::vector<int64_t>> VerificationRoundIds();
  Status DeleteVerificationRound(int64_t round_id);
  // Accounts that belong to an exercise organisation, or are the exercise's own (is_demo).
  Result<std::vector<int64_t>> AccountIds();
  // Accounts of real organisations that point at an exercise person.
  Result<std::vector<int64_t>> AccountsLinkedToDemoPeople();
  // Real (not exercise) organisations with exercise people, ascending.
  Result<std::vector<int64_t>> RealOrganisationsWithDemoPeople();
  // The SPOC assignment of an organisation: (position, person id), by position.
  Result<std::vector<std::pair<int64_t, int64_t>>> Assignment(int64_t organisation_id);
  // Whether the person is exercise data.
  Result<bool> IsDemoPerson(int64_t person_id);

  // Each fails with kNotFound when the row is gone, kConflict when a row still refers
  // to it.
  Status DeleteAccount(int64_t user_id);  // with its sessions, links and tokens
  Status UnlinkAccountPerson(int64_t user_id, int64_t now_ms);
  Status DeletePerson(int64_t person_id);
  Status DeleteOrganisation(int64_t organisation_id);  // with its search keys

 private:
  Result<std::vector<int64_t>> Ids(std::string_view sql);
  Status DeleteOne(std::string_view sql, int64_t id, const char* what);
  Tx& tx_;
};

}  // namespace warroom::storage
