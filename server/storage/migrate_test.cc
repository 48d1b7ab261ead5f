#include "server/storage/migrate.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>

#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using testing::EngineTest;

int64_t CountRows(Database& db, const std::string& sql) {
  int64_t n = -1;
  Status s = db.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne(sql, {}));
    n = row.Int(0);
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
  return n;
}

TEST(EmbeddedMigrationsTest, BothEnginesHaveTheSameVersionsInOrder) {
  const auto& sqlite = EmbeddedMigrations(Engine::kSqlite);
  const auto& postgres = EmbeddedMigrations(Engine::kPostgres);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), postgres.size());
  EXPECT_EQ(sqlite[0].version, 1);
  EXPECT_EQ(sqlite[0].name, "foundation");
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
    EXPECT_FALSE(sqlite[i].sql.empty());
    EXPECT_EQ(sqlite[i].sql.find("{{"), std::string::npos) << sqlite[i].name;
    EXPECT_EQ(postgres[i].sql.find("{{"), std::string::npos) << postgres[i].name;
    if (i > 0) {
      EXPECT_LT(sqlite[i - 1].version, sqlite[i].version);
    }
  }
  EXPECT_NE(sqlite[0].sql.find("CREATE TABLE audit_head"), std::string_view::npos);
}

// Everything but comments and blank space: what the engine runs.
std::string Statements(std::string_view sql) {
  std::string out;
  size_t pos = 0;
  while (pos < sql.size()) {
    size_t end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(pos, end - pos);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line.substr(first, 2) != "--") {
      out.append(line.substr(first));
      out.push_back('\n');
    }
    pos = end + 1;
  }
  return out;
}

TEST(EmbeddedMigrationsTest, EachVersionIsWrittenOnceOrAsAPairThatDiffersInMoreThanComments) {
  std::map<int, std::map<std::string, std::string>> by_version;  // version -> folder -> text
  for (const internal::EmbeddedFile& f : internal::EmbeddedMigrationFiles()) {
    const int version = std::stoi(std::string(f.file_name.substr(0, 4)));
    EXPECT_TRUE(by_version[version].emplace(std::string(f.folder), f.contents).second);
  }
  for (const auto& [version, files] : by_version) {
    if (files.contains("shared")) {
      EXPECT_EQ(files.size(), 1u) << version << ": a shared migration and an engine's own";
      const std::string& text = files.at("shared");
      EXPECT_TRUE(ExpandDialect(text, Engine::kSqlite).has_value()) << version;
      EXPECT_TRUE(ExpandDialect(text, Engine::kPostgres).has_value()) << version;
      continue;
    }
    ASSERT_TRUE(files.contains("sqlite") && files.contains("postgres"))
        << version << " exists for one engine only";
    // A pair that runs the same statements is one migration written twice: it belongs
    // in shared/, with dialect tokens where the engines differ.
    EXPECT_NE(Statements(files.at("sqlite")), Statements(files.at("postgres")))
        << version << " should be one file in migrations/shared/";
  }
}

TEST(ExpandDialectTest, EachTokenBecomesItsEnginesSpelling) {
  const std::string_view sql =
      "CREATE TABLE t (id {{ID}}, k TEXT {{BYTEWISE}} NOT NULL){{WITHOUT_ROWID}}; "
      "CREATE TABLE j (id {{ID_NOT_REUSED}});";
  auto pg = ExpandDialect(sql, Engine::kPostgres);
  auto lite = ExpandDialect(sql, Engine::kSqlite);
  ASSERT_TRUE(pg.has_value() && lite.has_value());
  EXPECT_EQ(*pg,
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, k TEXT COLLATE \"C\" NOT NULL); "
            "CREATE TABLE j (id BIGSERIAL PRIMARY KEY);");
  EXPECT_EQ(
      *lite,
      "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT COLLATE BINARY NOT NULL) WITHOUT ROWID; "
      "CREATE TABLE j (id INTEGER PRIMARY KEY AUTOINCREMENT);");
  EXPECT_EQ(*ExpandDialect("SELECT 1", Engine::kSqlite), "SELECT 1");
}

TEST(ExpandDialectTest, UnknownAndUnterminatedTokensAreErrors) {
  auto unknown = ExpandDialect("CREATE TABLE t (id {{SERIAL}})", Engine::kSqlite);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("{{SERIAL}}"), std::string::npos);
  auto open = ExpandDialect("CREATE TABLE t (id {{ID)", Engine::kPostgres);
  ASSERT_FALSE(open.has_value());
  EXPECT_EQ(open.error().code, ErrorCode::kInternal);
}

class MigrateTest : public EngineTest {};

TEST_P(MigrateTest, AppliesEveryEmbeddedMigrationOnceAndIsIdempotent) {
  const auto& embedded = EmbeddedMigrations(GetParam());
  auto version = CurrentSchemaVersion(*db_);
  ASSERT_TRUE(version.has_value()) << version.error().message;
  EXPECT_EQ(*version, embedded.back().version);
  EXPECT_EQ(CountRows(*db_, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(embedded.size()));

  ASSERT_TRUE(ApplyMigrations(*db_).has_value());
  auto again = Reopen(/*migrate=*/true);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(CountRows(*again, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(embedded.size()));
  Status s = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT name, applied_at FROM schema_migrations "
                                             "WHERE version = 1",
                                             {}));
    EXPECT_EQ(row.Text(0), "foundation");
    EXPECT_GT(row.Int(1), 1700000000000);  // milliseconds since the epoch
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(MigrateTest, FoundationSchemaLoads) {
  EXPECT_EQ(CountRows(*db_, "SELECT COUNT(*) FROM audit_head WHERE seq = 0"), 1);
  for (const char* table :
       {"regions", "provinces", "organisations", "organisation_search_keys", "people",
        "spoc_assignments", "provider_services", "users", "recovery_codes", "sessions",
        "account_links", "api_tokens", "outbox", "audit_log", "settings"}) {
    EXPECT_EQ(CountRows(*db_, std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
  }
}

TEST_P(MigrateTest, UnmigratedDatabaseIsVersionZero) {
  auto fresh = testing::ScratchDatabase::Create(GetParam());
  ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
  auto db = OpenDatabase((*fresh)->Url(), /*migrate=*/false);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  auto version = CurrentSchemaVersion(**db);
  ASSERT_TRUE(version.has_value()) << version.error().message;
  EXPECT_EQ(*version, 0);
}

TEST_P(MigrateTest, AppliesNewMigrationsInOrderAndSkipsApplied) {
  std::vector<Migration> list = EmbeddedMigrations(GetParam());
  list.push_back({900, "widgets", "CREATE TABLE widgets (id BIGINT PRIMARY KEY, name TEXT)"});
  list.push_back({901, "widget_rows", "INSERT INTO widgets (id, name) VALUES (1, 'a')"});
  ASSERT_TRUE(ApplyMigrations(*db_, list).has_value());
  ASSERT_TRUE(ApplyMigrations(*db_, list).has_value());
  EXPECT_EQ(CountRows(*db_, "SELECT COUNT(*) FROM widgets"), 1);
  auto version = CurrentSchemaVersion(*db_);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(*version, 901);
}

TEST_P(MigrateTest, FailingMigrationRollsBackAndStops) {
  std::vector<Migration> list = EmbeddedMigrations(GetParam());
  list.push_back({910, "half", "CREATE TABLE half (id BIGINT); INSERT INTO nowhere VALUES (1)"});
  list.push_back({911, "after", "CREATE TABLE after_half (id BIGINT)"});
  Status s = ApplyMigrations(*db_, list);
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("910_half"), std::string::npos) << s.error().message;
  auto version = CurrentSchemaVersion(*db_);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(*version, EmbeddedMigrations(GetParam()).back().version);
  const char* exists = GetParam() == Engine::kSqlite
                           ? "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"
                           : "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'half' AND "
                             "schemaname = current_schema()";
  EXPECT_EQ(CountRows(*db_, exists), 0);
}

TEST_P(MigrateTest, AMigrationWithAnUnknownDialectTokenIsRefusedBeforeAnythingRuns) {
  std::vector<Migration> list = EmbeddedMigrations(GetParam());
  list.push_back({930, "fine", "CREATE TABLE fine (id BIGINT)"});
  list.push_back({931, "typo", "CREATE TABLE typo (id {{SERIAL}})"});
  Status s = ApplyMigrations(*db_, list);
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("931_typo"), std::string::npos) << s.error().message;
  auto version = CurrentSchemaVersion(*db_);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(*version, EmbeddedMigrations(GetParam()).back().version);
}

TEST_P(MigrateTest, OutOfOrderListIsRejected) {
  std::vector<Migration> list = {{3, "c", "SELECT 1"}, {2, "b", "SELECT 1"}};
  Status s = ApplyMigrations(*db_, list);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
}

TEST_P(MigrateTest, ConcurrentServersApplyEachMigrationOnce) {
  std::vector<Migration> list = EmbeddedMigrations(GetParam());
  // Not idempotent on its own: applying it twice would fail on the primary key.
  list.push_back({920, "once",
                  "CREATE TABLE once (id BIGINT PRIMARY KEY); "
                  "INSERT INTO once (id) VALUES (1)"});
  auto a = Reopen(false);
  auto b = Reopen(false);
  ASSERT_TRUE(a && b);
  Status sa;
  Status sb;
  std::thread ta([&] { sa = ApplyMigrations(*a, list); });
  std::thread tb([&] { sb = ApplyMigrations(*b, list); });
  ta.join();
  tb.join();
  EXPECT_TRUE(sa.has_value()) << sa.error().message;
  EXPECT_TRUE(sb.has_value()) << sb.error().message;
  EXPECT_EQ(CountRows(*db_, "SELECT COUNT(*) FROM once"), 1);
  EXPECT_EQ(CountRows(*db_, "SELECT COUNT(*) FROM schema_migrations WHERE version = 920"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, MigrateTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
