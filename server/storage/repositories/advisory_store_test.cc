// AdvisoryStore on both engines: the freeze gives each recipient the start of its shape of
// contacts (a SPOC or not, none, one, or two or more deputies) in the one INSERT ... SELECT,
// and a shape without a start keeps the blank one.
#include "server/storage/repositories/advisory_store.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using testing::EngineTest;

constexpr int64_t kNow = 1'700'000'000'000;

class AdvisoryStoreTest : public EngineTest {
 protected:
  // An organisation with contacts at `positions` (0 the SPOC).
  int64_t Org(const std::string& name, const std::vector<int>& positions) {
    int64_t id = 0;
    EXPECT_TRUE(db_->Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("INSERT INTO organisations (kind, name_nl, "
                                               "name_sort, created_at, updated_at) VALUES "
                                               "('municipality', $1, $1, 0, 0) RETURNING id",
                                               {name}));
      id = row.Int(0);
      for (int position : positions) {
        const std::string email = name + std::to_string(position) + "@example.org";
        WR_ASSIGN_OR_RETURN(Row person,
                            tx.QueryOne("INSERT INTO people (organisation_id, full_name, "
                                        "work_email, preferred_language, created_at, "
                                        "updated_at) VALUES ($1, $2, $2, 'nl', 0, 0) RETURNING id",
                                        {id, email}));
        WR_RETURN_IF_ERROR(tx.Exec(
            "INSERT INTO spoc_assignments (organisation_id, position, person_id) VALUES ($1, "
            "$2, $3)",
            {id, int64_t{position}, person.Int(0)}));
      }
      return Ok();
    }));
    return id;
  }

  // An advisory written by an analyst of `org`.
  int64_t Advisory(int64_t org) {
    int64_t id = 0;
    const Status written = db_->Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row user, tx.QueryOne("INSERT INTO users (email, display_name, role, "
                                                "organisation_id, status, created_at, "
                                                "updated_at) VALUES ('a@example.org', 'A', "
                                                "'warroom_analyst', $1, 'active', 0, 0) "
                                                "RETURNING id",
                                                {org}));
      WR_ASSIGN_OR_RETURN(Row row,
                          tx.QueryOne("INSERT INTO advisories (reference, severity, tlp, "
                                      "audience, policy_id, author_user_id, created_at, "
                                      "updated_at) SELECT 'ADV-1', 'alert', 'amber', '{}', "
                                      "MIN(id), $1, 0, 0 FROM escalation_policies RETURNING id",
                                      {user.Int(0)}));
      id = row.Int(0);
      return Ok();
    });
    EXPECT_TRUE(written) << written.error().message;
    return id;
  }
};

TEST_P(AdvisoryStoreTest, TheFreezeStartsEachRecipientAtTheStartOfItsShape) {
  const std::map<std::string, int64_t> orgs = {
      {"spoc", Org("spoc", {0})},
      {"spoc1", Org("spoc1", {0, 1})},
      {"spoc3", Org("spoc3", {0, 1, 2, 3})},
      {"dep1", Org("dep1", {1})},
      {"dep2", Org("dep2", {1, 2})},
      {"nobody", Org("nobody", {})},
  };
  const int64_t advisory = Advisory(orgs.at("spoc"));
  // One start per shape, told apart by label; SPOC with exactly one deputy has none.
  const std::vector<FrozenStart> starts = {
      {true, 0, "s0", false, kNow + 1},       {true, 2, "s2", false, kNow + 2},
      {false, 1, "d1", false, std::nullopt},  {false, 2, "d2", false, kNow + 4},
      {false, 0, "call", true, std::nullopt},
  };
  core::Audience all;
  all.all = true;
  int64_t count = 0;
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(count, AdvisoryStore(tx).FreezeAudience(advisory, all, starts, kNow));
    return Ok();
  }));
  EXPECT_EQ(count, 6);
  struct Want {
    std::string label;
    int64_t call_list;
    int64_t call_list_at;
    int64_t due;
  };
  const std::map<std::string, Want> want = {
      {"spoc", {"s0", 0, -1, kNow + 1}},  {"spoc1", {"spoc", 0, -1, -1}},
      {"spoc3", {"s2", 0, -1, kNow + 2}}, {"dep1", {"d1", 0, -1, -1}},
      {"dep2", {"d2", 0, -1, kNow + 4}},  {"nobody", {"call", 1, kNow, -1}},
  };
  for (const auto& entry : orgs) {
    // Named copies: a lambda may not capture a structured binding (clang 14).
    const std::string& name = entry.first;
    const int64_t org = entry.second;
    ASSERT_TRUE(db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(
          Row r, tx.QueryOne("SELECT stage, stage_label, on_call_list, COALESCE(call_list_at, "
                             "-1), COALESCE(next_due_at, -1), escalated_at IS NULL FROM "
                             "advisory_recipients WHERE advisory_id = $1 AND organisation_id = $2",
                             {advisory, org}));
      const Want& w = want.at(name);
      EXPECT_EQ(r.Int(0), 0) << name;
      EXPECT_EQ(r.Text(1), w.label) << name;
      EXPECT_EQ(r.Int(2), w.call_list) << name;
      EXPECT_EQ(r.Int(3), w.call_list_at) << name;
      EXPECT_EQ(r.Int(4), w.due) << name;
      EXPECT_EQ(r.Int(5), 1) << name;
      return Ok();
    }));
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, AdvisoryStoreTest,
                         ::testing::Values(ports::Engine::kSqlite, ports::Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
