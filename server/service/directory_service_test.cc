// DirectoryService and DirectoryWrites on both engines, below the HTTP layer: the SPOC
// assignment and its conflicts, optimistic versions, scope (404 outside, 403 inside
// without the right), people create and patch, and the one audited write path that
// stores nothing when its audit entry cannot be appended.
#include "server/service/directory_service.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/core/audit/audit_chain.h"
#include "server/storage/repositories/audit_store.h"
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

std::shared_ptr<const core::AuditKey> TestKey() {
  std::array<unsigned char, core::AuditKey::kBytes> bytes{};
  bytes.fill(7);
  return std::make_shared<const core::AuditKey>(bytes);
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field + ":" + f.code);
  return out;
}

class DirectoryServiceTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_->SetAuditKey(TestKey());
    service_ = std::make_unique<DirectoryService>(*db_, clock_);
    city_ = Organisation("Oefenstad", "99001");
    village_ = Organisation("Proefdorp", "99002");
    anna_ = Person(city_, "Anna Peeters");
    bart_ = Person(city_, "Bart Claes");
    carl_ = Person(city_, "Carl Janssens");
    dirk_ = Person(village_, "Dirk Maes");
  }

  int64_t Organisation(const std::string& name, const std::string& nis) {
    OrganisationInput in;
    in.name_nl = name;
    in.nis_code = nis;
    auto o = service_->Create(admin_, in);
    EXPECT_TRUE(o.has_value()) << o.error().message;
    return o ? o->id : 0;
  }

  int64_t Person(int64_t org, const std::string& name) {
    PersonInput in;
    in.full_name = name;
    auto p = service_->CreatePerson(admin_, org, in);
    EXPECT_TRUE(p.has_value()) << p.error().message;
    return p ? p->id : 0;
  }

  int VersionOf(int64_t org) {
    auto d = service_->Get(admin_, org);
    EXPECT_TRUE(d.has_value());
    return d ? d->organisation.version : 0;
  }

  std::vector<core::AuditEntry> AuditLog() {
    std::vector<core::AuditEntry> out;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(out,
                          storage::AuditStore(tx).List({DirectoryScope::Kind::kAll, 0}, 0, 1000));
      return Ok();
    });
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return out;  // newest first
  }

  warroom::testing::FakeClock clock_;
  std::unique_ptr<DirectoryService> service_;
  Principal admin_ = Caller(1, Role::kWarroomAdmin, 0, "admin@example.org");
  int64_t city_ = 0, village_ = 0, anna_ = 0, bart_ = 0, carl_ = 0, dirk_ = 0;
};

TEST_P(DirectoryServiceTest, SetSpocStoresTheOrderBumpsTheVersionAndAudits) {
  const int version = VersionOf(city_);
  auto d = service_->SetSpoc(admin_, city_, version, anna_, {carl_, bart_});
  ASSERT_TRUE(d.has_value()) << d.error().message;
  ASSERT_TRUE(d->spoc.has_value());
  EXPECT_EQ(d->spoc->id, anna_);
  ASSERT_EQ(d->deputies.size(), 2u);
  EXPECT_EQ(d->deputies[0].id, carl_);
  EXPECT_EQ(d->deputies[1].id, bart_);
  EXPECT_EQ(d->organisation.version, version + 1);
  EXPECT_EQ(d->organisation.deputy_count, 2);
  const auto log = AuditLog();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front().action, "organisation.set_spoc");
  EXPECT_EQ(log.front().object_id, std::to_string(city_));
  EXPECT_EQ(log.front().actor_label, "admin@example.org");
}

TEST_P(DirectoryServiceTest, SetSpocRefusesAStaleVersion) {
  const int version = VersionOf(city_);
  ASSERT_TRUE(service_->SetSpoc(admin_, city_, version, anna_, {}).has_value());
  auto again = service_->SetSpoc(admin_, city_, version, bart_, {});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(service_->Get(admin_, city_)->spoc->id, anna_);
}

TEST_P(DirectoryServiceTest, SetSpocNamesEveryConflictingPersonAndStoresNothing) {
  const int version = VersionOf(city_);
  const size_t audited = AuditLog().size();
  auto d = service_->SetSpoc(admin_, city_, version, anna_, {bart_, anna_, dirk_});
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(d.error()),
            (std::vector<std::string>{"/deputy_ids/1:duplicate", "/deputy_ids/2:not_a_member"}));
  EXPECT_EQ(VersionOf(city_), version);
  EXPECT_FALSE(service_->Get(admin_, city_)->spoc.has_value());
  EXPECT_EQ(AuditLog().size(), audited);
}

TEST_P(DirectoryServiceTest, OutsideTheScopeIsNotFoundInsideWithoutTheRightIsDenied) {
  const Principal village_spoc = Caller(2, Role::kSpoc, village_, "spoc@proefdorp.example");
  const Principal city_member = Caller(3, Role::kMember, city_, "member@oefenstad.example");
  const int version = VersionOf(city_);
  // Another organisation's record does not exist for a SPOC: 404, not 403.
  EXPECT_EQ(service_->Get(village_spoc, city_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->SetSpoc(village_spoc, city_, version, dirk_, {}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->GetPerson(village_spoc, anna_).error().code, ErrorCode::kNotFound);
  // A member reads her organisation but may not assign its SPOC: 403.
  ASSERT_TRUE(service_->Get(city_member, city_).has_value());
  EXPECT_EQ(service_->SetSpoc(city_member, city_, version, anna_, {}).error().code,
            ErrorCode::kPermissionDenied);
  // The SPOC of an organisation assigns its own.
  const Principal village_own = Caller(2, Role::kSpoc, village_, "spoc@proefdorp.example");
  EXPECT_TRUE(service_->SetSpoc(village_own, village_, VersionOf(village_), dirk_, {}).has_value());
  // Observers see aggregates only.
  const Principal observer = Caller(4, Role::kObserver, 0, "observer@example.org");
  EXPECT_EQ(service_->List(observer, {}).error().code, ErrorCode::kPermissionDenied);
}

TEST_P(DirectoryServiceTest, PeopleAreCreatedNormalisedAndPatchedFieldByField) {
  PersonInput in;
  in.full_name = "  Eva Wouters ";
  in.mobile = "0470 12 34 56";
  in.work_email = "Eva@Oefenstad.Example";
  auto created = service_->CreatePerson(admin_, city_, in);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(created->full_name, "Eva Wouters");
  EXPECT_EQ(created->mobile, "+32470123456");
  EXPECT_EQ(created->work_email, "eva@oefenstad.example");
  EXPECT_EQ(created->version, 1);

  PersonPatch patch;
  patch.job_title = std::optional<std::string>("CISO");
  auto patched = service_->UpdatePerson(admin_, created->id, 1, patch);
  ASSERT_TRUE(patched.has_value()) << patched.error().message;
  EXPECT_EQ(patched->job_title, "CISO");
  EXPECT_EQ(patched->mobile, "+32470123456");  // untouched
  EXPECT_EQ(patched->version, 2);

  // A stale version, and a bad field, change nothing.
  EXPECT_EQ(service_->UpdatePerson(admin_, created->id, 1, patch).error().code,
            ErrorCode::kPreconditionFailed);
  PersonPatch bad;
  bad.work_email = std::optional<std::string>("not an address");
  auto refused = service_->UpdatePerson(admin_, created->id, 2, bad);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(Fields(refused.error()), std::vector<std::string>{"/work_email:invalid_email"});
  EXPECT_EQ(service_->GetPerson(admin_, created->id)->work_email, "eva@oefenstad.example");
  EXPECT_EQ(AuditLog().front().action, "person.update");
}

TEST_P(DirectoryServiceTest, AChangeWhoseAuditEntryFailsIsNotStored) {
  // The same data without the audit key: every append fails.
  std::unique_ptr<ports::Database> keyless = Reopen();
  DirectoryService unaudited(*keyless, clock_);
  OrganisationInput in;
  in.name_nl = "Zonder Spoor";
  in.nis_code = "99003";
  auto created = unaudited.Create(admin_, in);
  ASSERT_FALSE(created.has_value());
  PersonInput person;
  person.full_name = "Frank Unaudited";
  ASSERT_FALSE(unaudited.CreatePerson(admin_, city_, person).has_value());
  ASSERT_FALSE(unaudited.SetSpoc(admin_, city_, VersionOf(city_), anna_, {}).has_value());

  storage::OrganisationQuery q;
  q.text = "zonder";
  OrganisationListRequest request{q, ""};
  EXPECT_TRUE(service_->List(admin_, request)->items.empty());
  EXPECT_EQ(service_->Get(admin_, city_)->people.size(), 3u);
  EXPECT_FALSE(service_->Get(admin_, city_)->spoc.has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, DirectoryServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::service
