// DirectoryImport on both engines: a re-import touches only the columns of its file,
// long imports commit in batches and report progress, the people import assigns the
// SPOC and deputies through the audited write, and bad input stores nothing.
#include "server/service/directory_import.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "server/core/audit/audit_chain.h"
#include "server/service/directory_service.h"
#include "server/storage/repositories/audit_store.h"
#include "server/storage/repositories/directory_store.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"

namespace warroom::service {
namespace {

using core::DirectoryScope;
using core::Principal;
using core::Role;
using ports::Engine;
using ports::Tx;
using storage::testing::EngineTest;

Principal Caller(int64_t user_id, Role role, int64_t organisation_id, std::string label) {
  Principal p;
  p.user_id = user_id;
  p.role = role;
  p.organisation_id = organisation_id;
  p.label = std::move(label);
  return p;
}

class DirectoryImportTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::array<unsigned char, core::AuditKey::kBytes> bytes{};
    bytes.fill(9);
    db_->SetAuditKey(std::make_shared<const core::AuditKey>(bytes));
    const Status s = db_->Write([](Tx& tx) -> Status {
      storage::DirectoryStore store(tx);
      WR_RETURN_IF_ERROR(store.UpsertRegion({"02000", "Vlaams Gewest", "Région flamande", {}, {}}));
      return store.UpsertProvince(
          {"10000", "Provincie Antwerpen", "Province d'Anvers", {}, "02000", {}});
    });
    ASSERT_TRUE(s.has_value()) << s.error().message;
    import_ = std::make_unique<DirectoryImport>(*db_, clock_);
    directory_ = std::make_unique<DirectoryService>(*db_, clock_);
  }

  core::Organisation ByNis(const std::string& nis) {
    std::optional<core::Organisation> o;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(o, storage::DirectoryStore(tx).FindByNisCode(nis));
      return Ok();
    });
    EXPECT_TRUE(s.has_value());
    EXPECT_TRUE(o.has_value()) << nis;
    return o.value_or(core::Organisation{});
  }

  std::vector<std::string> Actions() {
    std::vector<std::string> out;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto entries,
                          storage::AuditStore(tx).List({DirectoryScope::Kind::kAll, 0}, 0, 1000));
      for (auto it = entries.rbegin(); it != entries.rend(); ++it) out.push_back(it->action);
      return Ok();
    });
    EXPECT_TRUE(s.has_value());
    return out;  // oldest first
  }

  warroom::testing::FakeClock clock_;
  std::unique_ptr<DirectoryImport> import_;
  std::unique_ptr<DirectoryService> directory_;
  Principal admin_ = Caller(1, Role::kWarroomAdmin, 0, "admin@example.org");
};

TEST_P(DirectoryImportTest, AReimportChangesOnlyTheColumnsOfItsFile) {
  ASSERT_TRUE(import_
                  ->ImportOrganisations(admin_,
                                        "kind,nis_code,name_nl,name_fr,region_nis,province_nis\n"
                                        "municipality,99001,Oefenstad,Ville-Exercice,02000,10000\n",
                                        {})
                  .has_value());
  auto report =
      import_->ImportOrganisations(admin_, "nis_code,name_nl\n99001,Oefenstad Nieuw\n", {});
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->created, 0);
  EXPECT_EQ(report->updated, 1);
  core::Organisation o = ByNis("99001");
  EXPECT_EQ(o.name_nl, "Oefenstad Nieuw");
  EXPECT_EQ(o.name_fr, "Ville-Exercice");
  EXPECT_EQ(o.province_nis, "10000");
  EXPECT_EQ(o.region_nis, "02000");
  EXPECT_EQ(o.version, 2);
  // The marker clears a value; an empty cell keeps it.
  ASSERT_TRUE(import_
                  ->ImportOrganisations(
                      admin_, "nis_code,name_nl,name_fr,province_nis\n99001,,(empty),\n", {})
                  .has_value());
  o = ByNis("99001");
  EXPECT_EQ(o.name_fr, std::nullopt);
  EXPECT_EQ(o.province_nis, "10000");
  EXPECT_EQ(Actions(), (std::vector<std::string>{"organisation.create", "organisation.update",
                                                 "organisation.update"}));
}

TEST_P(DirectoryImportTest, ALongImportCommitsInBatchesAndReportsProgress) {
  std::string csv = "nis_code,name_nl\n";
  for (int i = 1; i <= 5; ++i) {
    csv += "9900" + std::to_string(i) + ",Dorp " + std::to_string(i) + "\n";
  }
  std::vector<int> progress;
  ImportOptions options;
  options.batch_rows = 2;
  options.on_progress = [&](const ImportProgress& p) {
    EXPECT_EQ(p.total, 5);
    progress.push_back(p.written);
  };
  auto report = import_->ImportOrganisations(admin_, csv, options);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->batches, 3);
  EXPECT_EQ(report->written, 5);
  EXPECT_EQ(report->created, 5);
  EXPECT_EQ(progress, (std::vector<int>{2, 4, 5}));
  EXPECT_EQ(Actions().size(), 5u);
}

TEST_P(DirectoryImportTest, ADryRunAndABadFileStoreNothing) {
  ImportOptions dry;
  dry.dry_run = true;
  auto report = import_->ImportOrganisations(admin_, "nis_code,name_nl\n99001,Oefenstad\n", dry);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->created, 1);
  EXPECT_EQ(report->written, 0);
  auto bad = import_->ImportOrganisations(
      admin_, "nis_code,name_nl,kind\n99001,Oefenstad,municipality\n99002,Proefdorp,castle\n", {});
  ASSERT_FALSE(bad.has_value());
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].line, 3);
  EXPECT_EQ(bad.error().fields[0].field, "kind");
  EXPECT_TRUE(Actions().empty());
}

TEST_P(DirectoryImportTest, ThePeopleImportAssignsTheSpocThroughTheAuditedWrite) {
  ASSERT_TRUE(
      import_->ImportOrganisations(admin_, "nis_code,name_nl\n99001,Oefenstad\n", {}).has_value());
  const int version = ByNis("99001").version;
  auto report = import_->ImportPeople(admin_,
                                      "organisation_nis,external_id,full_name,spoc_order\n"
                                      "99001,p1,Anna Peeters,0\n"
                                      "99001,p2,Bart Claes,1\n"
                                      "99001,p3,Carl Janssens,2\n",
                                      {});
  ASSERT_TRUE(report.has_value()) << report.error().message;
  const core::Organisation o = ByNis("99001");
  EXPECT_EQ(o.version, version + 1);
  EXPECT_EQ(o.deputy_count, 2);
  EXPECT_EQ(Actions().back(), "organisation.set_spoc");

  // Carl takes Bart's place; Bart is off the list, Anna stays SPOC.
  ASSERT_TRUE(import_
                  ->ImportPeople(admin_,
                                 "organisation_nis,external_id,full_name,spoc_order\n"
                                 "99001,p3,Carl Janssens,1\n",
                                 {})
                  .has_value());
  auto d = directory_->Get(admin_, o.id);
  ASSERT_TRUE(d.has_value());
  ASSERT_TRUE(d->spoc.has_value());
  EXPECT_EQ(d->spoc->full_name, "Anna Peeters");
  ASSERT_EQ(d->deputies.size(), 1u);
  EXPECT_EQ(d->deputies[0].full_name, "Carl Janssens");
  EXPECT_EQ(d->organisation.version, version + 2);

  // Two people for one place is an error of the file, with its line; nothing changes.
  auto twice = import_->ImportPeople(admin_,
                                     "organisation_nis,external_id,full_name,spoc_order\n"
                                     "99001,p1,Anna Peeters,1\n"
                                     "99001,p2,Bart Claes,1\n",
                                     {});
  ASSERT_FALSE(twice.has_value());
  ASSERT_EQ(twice.error().fields.size(), 1u);
  EXPECT_EQ(twice.error().fields[0].code, "duplicate_in_organisation");
  EXPECT_EQ(twice.error().fields[0].line, 3);
  EXPECT_EQ(directory_->Get(admin_, o.id)->organisation.version, version + 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, DirectoryImportTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::service
