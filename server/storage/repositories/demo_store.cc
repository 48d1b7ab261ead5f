#include "server/storage/repositories/demo_store.h"

#include <array>
#include <string>

namespace warroom::storage {
namespace {

constexpr const char* kDemoOrganisations = "SELECT id FROM organisations WHERE is_demo = 1";

}  // namespace

Result<std::vector<int64_t>> DemoStore::Ids(std::string_view sql) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(sql, {}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::vector<int64_t>> DemoStore::OrganisationIds() {
  return Ids(std::string(kDemoOrganisations) + " ORDER BY id");
}

Result<std::vector<int64_t>> DemoStore::PersonIds() {
  return Ids(std::string("SELECT id FROM people WHERE is_demo = 1 OR organisation_id IN (") +
             kDemoOrganisations + ") ORDER BY id");
}

Result<std::vector<int64_t>> DemoStore::ServiceIds() {
  return Ids(std::string("SELECT id FROM provider_services WHERE provider_id IN (") +
             kDemoOrganisations + ") OR customer_id IN (" + kDemoOrganisations + ") ORDER BY id");
}

Result<std::vector<int64_t>> DemoStore::VerificationRoundIds() {
  return Ids("SELECT id FROM verification_rounds WHERE is_demo = 1 ORDER BY id");
}

Status DemoStore::DeleteVerificationRound(int64_t round_id) {
  WR_RETURN_IF_ERROR(tx_.Exec("DELETE FROM verification_requests WHERE round_id = $1", {round_id}));
  return DeleteOne("DELETE FROM verification_rounds WHERE id = $1", round_id, "verification round");
}

Result<std::vector<int64_t>> DemoStore::AdvisoryIds() {
  return Ids("SELECT id FROM advisories WHERE is_demo = 1 ORDER BY id");
}

Status DemoStore::DeleteAdvisory(int64_t id) {
  // The deliveries refer to their outbox messages: take those ids before the deliveries go.
  WR_ASSIGN_OR_RETURN(Rows outbox, tx_.Query("SELECT outbox_id FROM advisory_deliveries WHERE "
                                             "advisory_id = $1",
                                             {id}));
  // Children first: both engines refuse to delete a row that is referred to.
  static constexpr std::array<std::string_view, 8> kChildren = {
      "DELETE FROM advisory_links WHERE advisory_id = $1",
      "DELETE FROM advisory_calls WHERE advisory_id = $1",
      "DELETE FROM advisory_acknowledgements WHERE advisory_id = $1",
      "DELETE FROM help_requests WHERE advisory_id = $1",
      "DELETE FROM advisory_recipients WHERE advisory_id = $1",
      "DELETE FROM advisory_revisions WHERE advisory_id = $1",
      "DELETE FROM advisory_texts WHERE advisory_id = $1",
      "DELETE FROM advisory_deliveries WHERE advisory_id = $1",
  };
  for (std::string_view sql : kChildren) WR_RETURN_IF_ERROR(tx_.Exec(sql, {id}));
  for (const auto& row : outbox) {
    WR_RETURN_IF_ERROR(tx_.Exec("DELETE FROM outbox WHERE id = $1", {row.Int(0)}));
  }
  WR_RETURN_IF_ERROR(tx_.Exec("DELETE FROM jobs WHERE unique_key LIKE $1",
                              {"advisory-escalate:" + std::to_string(id) + ":%"}));
  return DeleteOne("DELETE FROM advisories WHERE id = $1", id, "advisory");
}

Result<int64_t> DemoStore::DetachDemoRecipients() {
  int64_t removed = 0;
  for (std::string_view table : {"advisory_links", "advisory_calls", "advisory_acknowledgements",
                                 "advisory_deliveries", "advisory_recipients"}) {
    WR_ASSIGN_OR_RETURN(int64_t n,
                        tx_.Exec(std::string("DELETE FROM ") + std::string(table) +
                                     " WHERE organisation_id IN (" + kDemoOrganisations + ")",
                                 {}));
    removed += n;
  }
  WR_RETURN_IF_ERROR(tx_.Exec(std::string("DELETE FROM help_requests WHERE organisation_id IN (") +
                                  kDemoOrganisations + ")",
                              {}));
  return removed;
}

Result<std::vector<int64_t>> DemoStore::AccountIds() {
  return Ids(std::string("SELECT id FROM users WHERE is_demo = 1 OR organisation_id IN (") +
             kDemoOrganisations + ") ORDER BY id");
}

Result<std::vector<int64_t>> DemoStore::AccountsLinkedToDemoPeople() {
  return Ids(std::string("SELECT id FROM users WHERE organisation_id NOT IN (") +
             kDemoOrganisations +
             ") AND person_id IN (SELECT id FROM people WHERE is_demo = 1 OR organisation_id IN (" +
             kDemoOrganisations + ")) ORDER BY id");
}

Result<std::vector<int64_t>> DemoStore::RealOrganisationsWithDemoPeople() {
  return Ids(
      "SELECT o.id FROM organisations o WHERE o.is_demo = 0 AND EXISTS (SELECT 1 FROM people p "
      "WHERE p.organisation_id = o.id AND p.is_demo = 1) ORDER BY o.id");
}

Result<std::vector<std::pair<int64_t, int64_t>>> DemoStore::Assignment(int64_t organisation_id) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query("SELECT position, person_id FROM spoc_assignments "
                                           "WHERE organisation_id = $1 ORDER BY position",
                                           {organisation_id}));
  std::vector<std::pair<int64_t, int64_t>> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.emplace_back(r.Int(0), r.Int(1));
  return out;
}

Result<bool> DemoStore::IsDemoPerson(int64_t person_id) {
  WR_ASSIGN_OR_RETURN(auto row,
                      tx_.QueryOptional("SELECT is_demo FROM people WHERE id = $1", {person_id}));
  return row && row->Int(0) != 0;
}

Status DemoStore::DeleteOne(std::string_view sql, int64_t id, const char* what) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec(sql, {id}));
  if (n == 0) return Error::NotFound(std::string(what) + " not found");
  return Ok();
}

Status DemoStore::DeleteAccount(int64_t user_id) {
  // Sessions, account links, API tokens and recovery codes go with it (ON DELETE CASCADE).
  return DeleteOne("DELETE FROM users WHERE id = $1", user_id, "account");
}

Status DemoStore::UnlinkAccountPerson(int64_t user_id, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE users SET person_id = NULL, version = version "
                                          "+ 1, updated_at = $2 WHERE id = $1",
                                          {user_id, now_ms}));
  if (n == 0) return Error::NotFound("account not found");
  return Ok();
}

Status DemoStore::DeletePerson(int64_t person_id) {
  return DeleteOne("DELETE FROM people WHERE id = $1", person_id, "person");
}

Status DemoStore::DeleteOrganisation(int64_t organisation_id) {
  // Its search words and keys go with it (ON DELETE CASCADE).
  return DeleteOne("DELETE FROM organisations WHERE id = $1", organisation_id, "organisation");
}

}  // namespace warroom::storage
