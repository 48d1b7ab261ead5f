// ScopeSql on both engines, over a tiny table of rows owned by a provider, its
// customer, an unrelated organisation and nobody: each scope kind admits exactly its
// rows, and its parameters follow those already bound.
#include "server/storage/repositories/scope_sql.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "server/storage/repositories/directory_store.h"
#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using core::DirectoryScope;
using testing::EngineTest;

constexpr int64_t kNow = 1'800'000'000'000;

class ScopeSqlTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const Status s = db_->Write([&](Tx& tx) -> Status {
      DirectoryStore store(tx);
      auto insert = [&](const char* name, core::OrganisationKind kind) -> Result<int64_t> {
        core::Organisation o;
        o.kind = kind;
        o.name_nl = name;
        WR_ASSIGN_OR_RETURN(core::Organisation stored, store.InsertOrganisation(o, kNow));
        return stored.id;
      };
      WR_ASSIGN_OR_RETURN(provider_, insert("Provider", core::OrganisationKind::kIctProvider));
      WR_ASSIGN_OR_RETURN(customer_, insert("Customer", core::OrganisationKind::kIctProvider));
      WR_ASSIGN_OR_RETURN(other_, insert("Other", core::OrganisationKind::kIctProvider));
      WR_RETURN_IF_ERROR(StatusOf(
          store.InsertService(provider_, customer_, core::ServiceKind::kHosting, {}, kNow)));
      WR_RETURN_IF_ERROR(StatusOf(
          tx.Exec("CREATE TABLE scoped_rows (id BIGINT NOT NULL, organisation_id BIGINT)", {})));
      // Row ids 1..3 belong to the provider, its customer and the other organisation;
      // row 4 to nobody.
      const std::vector<Value> owners{provider_, customer_, other_, nullptr};
      for (size_t i = 0; i < owners.size(); ++i) {
        WR_RETURN_IF_ERROR(
            StatusOf(tx.Exec("INSERT INTO scoped_rows (id, organisation_id) VALUES ($1, $2)",
                             {static_cast<int64_t>(i + 1), owners[i]})));
      }
      return Ok();
    });
    ASSERT_TRUE(s.has_value()) << s.error().message;
  }

  // The ids of the rows with id > 0 that `scope` admits: the scope's parameters come
  // after the one already bound.
  std::vector<int64_t> Admitted(const DirectoryScope& scope) {
    std::vector<int64_t> ids;
    const Status s = db_->Read([&](Tx& tx) -> Status {
      Params params{int64_t{0}};
      const std::string sql = "SELECT id FROM scoped_rows WHERE id > $1 AND " +
                              ScopeSql(scope, "organisation_id", params) + " ORDER BY id";
      WR_ASSIGN_OR_RETURN(Rows rows, tx.Query(sql, params));
      for (const Row& r : rows) ids.push_back(r.Int(0));
      return Ok();
    });
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return ids;
  }

  int64_t provider_ = 0;
  int64_t customer_ = 0;
  int64_t other_ = 0;
};

TEST_P(ScopeSqlTest, AllAdmitsEveryRow) {
  EXPECT_EQ(Admitted({DirectoryScope::Kind::kAll, 0}), (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST_P(ScopeSqlTest, NoneAdmitsNothing) {
  EXPECT_EQ(Admitted({DirectoryScope::Kind::kNone, provider_}), std::vector<int64_t>{});
}

TEST_P(ScopeSqlTest, OwnAdmitsTheOrganisationsRowsOnly) {
  EXPECT_EQ(Admitted({DirectoryScope::Kind::kOwn, provider_}), std::vector<int64_t>{1});
  EXPECT_EQ(Admitted({DirectoryScope::Kind::kOwn, customer_}), std::vector<int64_t>{2});
  EXPECT_EQ(Admitted({DirectoryScope::Kind::kOwn, 0}), std::vector<int64_t>{});
}

TEST_P(ScopeSqlTest, OwnAndCustomersAdmitsTheProviderAndWhomItServes) {
  EXPECT_EQ(Admitted({DirectoryScope::Kind::kOwnAndCustomers, provider_}),
            (std::vector<int64_t>{1, 2}));
  // The customer serves nobody: it sees itself only.
  EXPECT_EQ(Admitted({DirectoryScope::Kind::kOwnAndCustomers, customer_}), std::vector<int64_t>{2});
}

INSTANTIATE_TEST_SUITE_P(Engines, ScopeSqlTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
