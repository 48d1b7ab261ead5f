// IncidentStore on both engines: the caller's scope is part of the SQL (a SPOC or member
// sees her own organisation's incidents, never a TLP:RED one; the war room all; providers,
// auditors and observers none), updates are conditional on the version, the list filters
// and pages, and the taxonomy is replaced whole.
#include "server/storage/repositories/incident_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using core::Role;
using testing::EngineTest;

constexpr int64_t kNow = 1'800'000'000'000;

core::Principal As(Role role, int64_t org) {
  core::Principal p;
  p.role = role;
  p.organisation_id = org;
  p.label = "test";
  return p;
}

class IncidentStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    a_ = Organisation("Oefenstad");
    b_ = Organisation("Proefdorp");
  }

  int64_t Organisation(const std::string& name) {
    int64_t id = 0;
    const Status s = db_->Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("INSERT INTO organisations (kind, name_nl, "
                                               "name_sort, created_at, updated_at) VALUES "
                                               "('municipality', $1, $1, $2, $2) RETURNING id",
                                               {name, kNow}));
      id = row.Int(0);
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return id;
  }

  int64_t Insert(int64_t org, core::Tlp tlp = core::Tlp::kAmber, int severity = 2) {
    IncidentRecord r;
    r.organisation_id = org;
    r.facts.title = "Incident";
    r.facts.what_happened = "Something happened.";
    r.facts.detected_at = r.facts.became_aware_at = kNow - 1000;
    r.facts.severity = severity;
    r.facts.tlp = tlp;
    r.declared_at = kNow;
    r.declared_by = "test";
    int64_t id = 0;
    const Status s = db_->Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(id, IncidentStore(tx).Insert(r, kNow));
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return id;
  }

  Result<IncidentRecord> Find(int64_t id, const core::Principal& p) {
    Result<IncidentRecord> out = Error::Internal("unset");
    const Status s = db_->Read([&](Tx& tx) -> Status {
      out = IncidentStore(tx).Find(id, p);
      return Ok();
    });
    EXPECT_TRUE(s);
    return out;
  }

  std::vector<int64_t> List(const core::Principal& p, IncidentQuery q = {}) {
    std::vector<int64_t> ids;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto rows, IncidentStore(tx).List(p, q));
      for (const auto& r : rows) ids.push_back(r.id);
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return ids;
  }

  int64_t a_ = 0;
  int64_t b_ = 0;
};

TEST_P(IncidentStoreTest, TheScopeIsPartOfTheQuery) {
  const int64_t of_a = Insert(a_);
  const int64_t of_b = Insert(b_);
  const int64_t red = Insert(a_, core::Tlp::kRed);
  for (Role role : {Role::kSpoc, Role::kMember}) {
    SCOPED_TRACE(core::Name(role));
    EXPECT_TRUE(Find(of_a, As(role, a_)));
    auto other = Find(of_b, As(role, a_));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
    EXPECT_FALSE(Find(red, As(role, a_))) << "TLP:RED is the war room's";
    EXPECT_EQ(List(As(role, a_)), (std::vector<int64_t>{of_a}));
  }
  for (Role role : {Role::kWarroomAdmin, Role::kWarroomAnalyst}) {
    EXPECT_TRUE(Find(red, As(role, 1)));
    EXPECT_EQ(List(As(role, 1)), (std::vector<int64_t>{red, of_b, of_a}));
  }
  for (Role role : {Role::kProvider, Role::kAuditor, Role::kObserver}) {
    EXPECT_FALSE(Find(of_a, As(role, a_))) << core::Name(role);
    EXPECT_TRUE(List(As(role, a_)).empty()) << core::Name(role);
  }
}

TEST_P(IncidentStoreTest, RoundTripsEveryFieldAndUpdatesOnlyTheExpectedVersion) {
  const int64_t id = Insert(a_);
  auto r = Find(id, As(Role::kWarroomAdmin, 1));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->organisation_name, "Oefenstad");
  EXPECT_EQ(r->status, core::IncidentStatus::kReported);
  EXPECT_EQ(r->version, 1);
  IncidentRecord next = *r;
  next.status = core::IncidentStatus::kContainment;
  next.facts.rsit_class = "malicious-code";
  next.facts.rsit_type = "infected-system";
  next.facts.callback_number = "+32 499 00 12 34";
  next.facts.personal_data = true;
  next.clocks.gdpr_notified_at = kNow + 5;
  next.clocks.gdpr_reference = "GBA-1";
  const Status ok =
      db_->Write([&](Tx& tx) { return IncidentStore(tx).Update(next, 1, kNow + 10); });
  ASSERT_TRUE(ok) << ok.error().message;
  const Status stale =
      db_->Write([&](Tx& tx) { return IncidentStore(tx).Update(next, 1, kNow + 20); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  auto after = Find(id, As(Role::kSpoc, a_));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->version, 2);
  EXPECT_EQ(after->status, core::IncidentStatus::kContainment);
  EXPECT_EQ(after->facts.rsit_type, "infected-system");
  EXPECT_EQ(after->facts.callback_number, "+32 499 00 12 34");
  EXPECT_TRUE(after->clocks.personal_data);
  EXPECT_EQ(after->clocks.gdpr_notified_at, kNow + 5);
  EXPECT_EQ(after->clocks.gdpr_reference, "GBA-1");
  EXPECT_EQ(after->updated_at, kNow + 10);
}

TEST_P(IncidentStoreTest, ListsFilterByStatusAndOrganisationAndPage) {
  const int64_t first = Insert(a_);
  const int64_t second = Insert(b_);
  const int64_t third = Insert(a_);
  const auto war_room = As(Role::kWarroomAnalyst, 1);
  // Close the first.
  auto r = Find(first, war_room);
  ASSERT_TRUE(r);
  r->status = core::IncidentStatus::kClosed;
  ASSERT_TRUE(db_->Write([&](Tx& tx) { return IncidentStore(tx).Update(*r, 1, kNow); }));
  IncidentQuery open;
  open.statuses = std::vector<core::IncidentStatus>{core::IncidentStatus::kReported};
  EXPECT_EQ(List(war_room, open), (std::vector<int64_t>{third, second}));
  IncidentQuery of_a;
  of_a.organisation_id = a_;
  EXPECT_EQ(List(war_room, of_a), (std::vector<int64_t>{third, first}));
  IncidentQuery page;
  page.limit = 1;
  EXPECT_EQ(List(war_room, page), (std::vector<int64_t>{third}));
  page.before_id = third;
  EXPECT_EQ(List(war_room, page), (std::vector<int64_t>{second}));
}

TEST_P(IncidentStoreTest, TheTaxonomyIsReplacedWhole) {
  auto first = core::RsitTaxonomy::FromTypes({{"fraud", "Fraud", "phishing", "Phishing", "d"},
                                              {"fraud", "Fraud", "masquerade", "Masquerade", ""}});
  ASSERT_TRUE(first);
  auto second =
      core::RsitTaxonomy::FromTypes({{"test", "Test", "test", "Test", "Meant for testing"}});
  ASSERT_TRUE(second);
  for (const auto* t : {&*first, &*second}) {
    ASSERT_TRUE(db_->Write(
        [&](Tx& tx) -> Status { return StatusOf(IncidentStore(tx).ReplaceTaxonomy(*t)); }));
  }
  core::RsitTaxonomy read;
  ASSERT_TRUE(db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(read, IncidentStore(tx).Taxonomy());
    return Ok();
  }));
  ASSERT_EQ(read.types().size(), 1u);
  EXPECT_TRUE(read.Contains("test", "test"));
  EXPECT_FALSE(read.Contains("fraud", "phishing"));
}

INSTANTIATE_TEST_SUITE_P(Engines, IncidentStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
