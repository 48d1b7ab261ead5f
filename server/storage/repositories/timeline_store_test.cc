// TimelineStore on both engines: entries are appended and read newest happened first,
// filtered by kind and paged; the incident's scope is part of every query; a TLP:RED entry
// reaches only the people named on it (a war-room analyst not named sees nothing of it);
// a correction points at a visible entry of the same incident; the readers of an incident
// are whom core::MayReadIncident admits. No UPDATE or DELETE of an entry exists.
#include "server/storage/repositories/timeline_store.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "server/storage/repositories/incident_store.h"
#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using core::Role;
using testing::EngineTest;

constexpr int64_t kNow = 1'800'000'000'000;

class TimelineStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    war_room_ = Organisation("War room");
    a_ = Organisation("Oefenstad");
    b_ = Organisation("Proefdorp");
    analyst_ = User(Role::kWarroomAnalyst, war_room_, "Analyst One");
    other_analyst_ = User(Role::kWarroomAnalyst, war_room_, "Analyst Two");
    spoc_a_ = User(Role::kSpoc, a_, "SPOC of A");
    member_a_ = User(Role::kMember, a_, "Member of A");
    spoc_b_ = User(Role::kSpoc, b_, "SPOC of B");
    incident_ = Incident(a_, core::Tlp::kAmber);
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

  // An active account; the principal of it is Who(id).
  int64_t User(Role role, int64_t org, const std::string& name,
               const std::string& status = "active") {
    int64_t id = 0;
    const Status s = db_->Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(
          Row row, tx.QueryOne("INSERT INTO users (email, display_name, role, organisation_id, "
                               "status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
                               "$6) RETURNING id",
                               {name + std::to_string(org) + "@example.test", name,
                                std::string(core::Name(role)), org, status, kNow}));
      id = row.Int(0);
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    principals_[id] = {id, role, org, name, false, {}};
    return id;
  }
  const core::Principal& Who(int64_t user_id) { return principals_.at(user_id); }

  int64_t Incident(int64_t org, core::Tlp tlp) {
    IncidentRecord r;
    r.organisation_id = org;
    r.facts.title = "Incident";
    r.facts.what_happened = "Something happened.";
    r.facts.detected_at = r.facts.became_aware_at = kNow - 1000;
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

  core::TimelineEntryDraft Draft(const std::string& text, int64_t happened_at,
                                 core::Tlp tlp = core::Tlp::kAmber,
                                 core::TimelineKind kind = core::TimelineKind::kObservation) {
    core::TimelineEntryDraft d;
    d.kind = kind;
    d.text = text;
    d.happened_at = happened_at;
    d.tlp = tlp;
    return d;
  }

  Result<int64_t> Append(int64_t incident, const core::TimelineEntryDraft& d, int64_t author) {
    Result<int64_t> out = Error::Internal("unset");
    const Status s = db_->Write([&](Tx& tx) -> Status {
      out = TimelineStore(tx).Append(incident, d, Who(author), "Author " + Who(author).label, kNow);
      return StatusOf(out);
    });
    return out;
  }
  int64_t MustAppend(int64_t incident, const core::TimelineEntryDraft& d, int64_t author) {
    auto id = Append(incident, d, author);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }

  Result<TimelinePage> Page(int64_t incident, const core::Principal& viewer, TimelineQuery q = {}) {
    Result<TimelinePage> out = Error::Internal("unset");
    const Status s = db_->Read([&](Tx& tx) -> Status {
      out = TimelineStore(tx).List(incident, viewer, q);
      return Ok();
    });
    EXPECT_TRUE(s);
    return out;
  }
  std::vector<int64_t> Ids(int64_t incident, const core::Principal& viewer, TimelineQuery q = {}) {
    auto page = Page(incident, viewer, q);
    std::vector<int64_t> ids;
    if (page) {
      for (const auto& e : page->entries) ids.push_back(e.id);
    }
    return ids;
  }

  std::vector<int64_t> Readers(int64_t incident, const core::Principal& viewer) {
    std::vector<int64_t> ids;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto people, TimelineStore(tx).Readers(incident, viewer));
      for (const auto& p : people) ids.push_back(p.user_id);
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    return ids;
  }

  int64_t Count(const std::string& table) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT COUNT(*) FROM " + table, {}));
      n = row.Int(0);
      return Ok();
    }));
    return n;
  }

  std::map<int64_t, core::Principal> principals_;
  int64_t war_room_ = 0, a_ = 0, b_ = 0;
  int64_t analyst_ = 0, other_analyst_ = 0, spoc_a_ = 0, member_a_ = 0, spoc_b_ = 0;
  int64_t incident_ = 0;
};

TEST_P(TimelineStoreTest, EntriesComeNewestHappenedFirstRoundTripAndPage) {
  // Written in one order, happened in another: the timeline follows happened_at.
  const int64_t late = MustAppend(incident_, Draft("late", kNow - 1'000), spoc_a_);
  const int64_t early = MustAppend(incident_, Draft("early", kNow - 90'000), analyst_);
  auto said =
      Draft("press line", kNow - 50'000, core::Tlp::kClear, core::TimelineKind::kCommunication);
  said.audience = "press";
  const int64_t middle = MustAppend(incident_, said, spoc_a_);
  const int64_t tie = MustAppend(incident_, Draft("same time", kNow - 50'000), spoc_a_);
  EXPECT_EQ(Ids(incident_, Who(member_a_)), (std::vector<int64_t>{late, tie, middle, early}));

  auto page = Page(incident_, Who(member_a_));
  ASSERT_TRUE(page);
  const auto& e = page->entries[2];
  EXPECT_EQ(e.id, middle);
  EXPECT_EQ(e.incident_id, incident_);
  EXPECT_EQ(e.kind, core::TimelineKind::kCommunication);
  EXPECT_EQ(e.text, "press line");
  EXPECT_EQ(e.happened_at, kNow - 50'000);
  EXPECT_EQ(e.written_at, kNow);
  EXPECT_EQ(e.author_user_id, spoc_a_);
  EXPECT_EQ(e.author, "Author SPOC of A");
  EXPECT_EQ(e.tlp, core::Tlp::kClear);
  EXPECT_EQ(e.audience, "press");
  EXPECT_FALSE(e.corrects);
  EXPECT_FALSE(page->next);

  TimelineQuery q;
  q.limit = 2;
  auto first = Page(incident_, Who(member_a_), q);
  ASSERT_TRUE(first && first->next);
  EXPECT_EQ(first->entries.size(), 2u);
  q.after = first->next;
  EXPECT_EQ(Ids(incident_, Who(member_a_), q), (std::vector<int64_t>{middle, early}));
  auto last = Page(incident_, Who(member_a_), q);
  EXPECT_FALSE(last->next) << "exactly the last page";

  TimelineQuery communications;
  communications.kind = core::TimelineKind::kCommunication;
  EXPECT_EQ(Ids(incident_, Who(member_a_), communications), (std::vector<int64_t>{middle}));
  TimelineQuery decisions;
  decisions.kind = core::TimelineKind::kDecision;
  EXPECT_TRUE(Ids(incident_, Who(member_a_), decisions).empty());
}

TEST_P(TimelineStoreTest, TheIncidentsScopeIsPartOfEveryQuery) {
  const int64_t entry = MustAppend(incident_, Draft("seen by A", kNow - 1'000), spoc_a_);
  auto other = Page(incident_, Who(spoc_b_));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  const Status find = db_->Read([&](Tx& tx) -> Status {
    return StatusOf(TimelineStore(tx).Find(incident_, entry, Who(spoc_b_)));
  });
  ASSERT_FALSE(find);
  EXPECT_EQ(find.error().code, ErrorCode::kNotFound);
  auto appended = Append(incident_, Draft("from B", kNow), spoc_b_);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kNotFound);
  // A RED incident is the war room's: its SPOC reads none of its timeline.
  const int64_t red_incident = Incident(a_, core::Tlp::kRed);
  MustAppend(red_incident, Draft("war room only", kNow), analyst_);
  EXPECT_FALSE(Page(red_incident, Who(spoc_a_)));
  EXPECT_EQ(Ids(red_incident, Who(other_analyst_)).size(), 1u);
  EXPECT_EQ(Count("incident_timeline"), 2);
}

TEST_P(TimelineStoreTest, ARedEntryReachesOnlyThePeopleNamedOnIt) {
  const int64_t open = MustAppend(incident_, Draft("for all readers", kNow - 5'000), spoc_a_);
  auto red = Draft("the suspected insider is X", kNow - 1'000, core::Tlp::kRed);
  red.named_user_ids = {analyst_, spoc_a_};  // the author among them, as the core makes sure
  const int64_t secret = MustAppend(incident_, red, analyst_);
  EXPECT_EQ(Count("incident_timeline_named"), 2);

  EXPECT_EQ(Ids(incident_, Who(analyst_)), (std::vector<int64_t>{secret, open}));
  EXPECT_EQ(Ids(incident_, Who(spoc_a_)), (std::vector<int64_t>{secret, open}));
  EXPECT_EQ(Ids(incident_, Who(other_analyst_)), (std::vector<int64_t>{open}))
      << "the war room reads RED incidents, not RED entries it is not named on";
  EXPECT_EQ(Ids(incident_, Who(member_a_)), (std::vector<int64_t>{open}));
  core::Principal system;  // user 0: the system is named on nothing
  system.role = Role::kWarroomAdmin;
  EXPECT_EQ(Ids(incident_, system), (std::vector<int64_t>{open}));

  auto page = Page(incident_, Who(spoc_a_));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->entries[0].named.size(), 2u);
  EXPECT_EQ(page->entries[0].named[0].name, "Analyst One");
  EXPECT_EQ(page->entries[0].named[1].name, "SPOC of A");
  EXPECT_EQ(page->entries[0].named[1].organisation_name, "Oefenstad");
  EXPECT_TRUE(page->entries[1].named.empty());

  // Nor can one who is not named correct it, nor learn of it through a correction.
  auto correction = Draft("correcting what I cannot see", kNow);
  correction.corrects = secret;
  auto refused = Append(incident_, correction, other_analyst_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].code, "unknown_entry");
  const int64_t named_fix = MustAppend(incident_, correction, spoc_a_);
  auto spoc_view = Page(incident_, Who(spoc_a_));
  ASSERT_TRUE(spoc_view);
  EXPECT_EQ(spoc_view->entries[1].id, secret);
  EXPECT_EQ(spoc_view->entries[1].corrected_by, (std::vector<int64_t>{named_fix}));
}

TEST_P(TimelineStoreTest, OnlyReadersOfTheIncidentMayBeNamed) {
  auto red = Draft("names somebody of B", kNow, core::Tlp::kRed);
  red.named_user_ids = {analyst_, spoc_b_};
  auto refused = Append(incident_, red, analyst_);
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "/named_user_ids");
  EXPECT_EQ(refused.error().fields[0].code, "not_a_reader");
  EXPECT_EQ(Count("incident_timeline"), 0) << "nothing stored";
  EXPECT_EQ(Count("incident_timeline_named"), 0);
}

TEST_P(TimelineStoreTest, CorrectionsPointAtAnEntryOfTheSameIncidentAndMayBeCorrected) {
  const int64_t wrong =
      MustAppend(incident_, Draft("servers down since 02:00", kNow - 9'000), spoc_a_);
  auto fix = Draft("servers down since 01:30", kNow - 9'000);
  fix.corrects = wrong;
  const int64_t first_fix = MustAppend(incident_, fix, analyst_);
  fix.text = "servers down since 01:15";
  fix.corrects = first_fix;  // correcting a correction
  const int64_t second_fix = MustAppend(incident_, fix, spoc_a_);
  auto page = Page(incident_, Who(member_a_));
  ASSERT_TRUE(page);
  std::map<int64_t, TimelineEntryRecord> by_id;
  for (const auto& e : page->entries) by_id[e.id] = e;
  EXPECT_EQ(by_id.at(wrong).corrected_by, (std::vector<int64_t>{first_fix}));
  EXPECT_EQ(by_id.at(first_fix).corrects, wrong);
  EXPECT_EQ(by_id.at(first_fix).corrected_by, (std::vector<int64_t>{second_fix}));
  EXPECT_EQ(by_id.at(second_fix).corrects, first_fix);
  EXPECT_TRUE(by_id.at(second_fix).corrected_by.empty());

  // Another incident's entry, or none at all, cannot be corrected from here.
  const int64_t other_incident = Incident(a_, core::Tlp::kAmber);
  fix.corrects = wrong;
  auto across = Append(other_incident, fix, analyst_);
  ASSERT_FALSE(across);
  ASSERT_FALSE(across.error().fields.empty());
  EXPECT_EQ(across.error().fields[0].code, "unknown_entry");
  fix.corrects = 987'654;
  EXPECT_FALSE(Append(incident_, fix, analyst_));
  EXPECT_EQ(Count("incident_timeline"), 3);
  // And the schema refuses it whatever the code above does.
  const Status raw = db_->Write([&](Tx& tx) -> Status {
    return StatusOf(
        tx.Exec("INSERT INTO incident_timeline (incident_id, kind, text, happened_at, "
                "written_at, author, tlp, corrects) VALUES ($1, 'observation', 'x', "
                "1, 1, 'x', 'amber', $2)",
                {other_incident, wrong}));
  });
  EXPECT_FALSE(raw) << "a correction of another incident's entry was stored";
}

TEST_P(TimelineStoreTest, TheReadersAreWhomTheIncidentRulesAdmit) {
  const int64_t disabled = User(Role::kMember, a_, "Gone member", "disabled");
  const int64_t provider = User(Role::kProvider, a_, "Provider at A");
  const int64_t observer = User(Role::kObserver, war_room_, "Observer");
  (void)disabled;
  (void)provider;
  (void)observer;
  // Ordered by name: Analyst One, Analyst Two, Member of A, SPOC of A.
  EXPECT_EQ(Readers(incident_, Who(spoc_a_)),
            (std::vector<int64_t>{analyst_, other_analyst_, member_a_, spoc_a_}));
  const int64_t red_incident = Incident(a_, core::Tlp::kRed);
  EXPECT_EQ(Readers(red_incident, Who(analyst_)), (std::vector<int64_t>{analyst_, other_analyst_}));
  const Status hidden = db_->Read([&](Tx& tx) -> Status {
    return StatusOf(TimelineStore(tx).Readers(incident_, Who(spoc_b_)));
  });
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, TimelineStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
