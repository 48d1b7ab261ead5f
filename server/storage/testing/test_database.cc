#include "server/storage/testing/test_database.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace warroom::storage::testing {

std::string PostgresTestUrl() {
  const char* url = std::getenv("WARROOM_TEST_PG_URL");
  return url != nullptr ? std::string(url) : std::string();
}

Result<std::unique_ptr<ScratchDatabase>> ScratchDatabase::Create(Engine engine) {
  std::unique_ptr<ScratchDatabase> s(new ScratchDatabase(engine));
  if (engine == Engine::kSqlite) {
    std::error_code ec;
    std::string tmpl =
        (std::filesystem::temp_directory_path(ec) / "warroom-storage-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      return Error::Unavailable("mkdtemp failed");
    }
    s->dir_ = tmpl;
    s->file_ = tmpl + "/warroom.db";
    s->url_ = "sqlite://" + s->file_;
    return s;
  }
  const std::string base = PostgresTestUrl();
  if (base.empty()) {
    return Error::Unavailable("WARROOM_TEST_PG_URL is not set");
  }
  std::random_device rd;
  static std::atomic<int> counter{0};
  s->schema_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
               std::to_string(rd() % 1000000);
  WR_ASSIGN_OR_RETURN(s->admin_, OpenDatabase(base, /*migrate=*/false));
  const std::string schema = s->schema_;
  WR_RETURN_IF_ERROR(
      s->admin_->Write([&](Tx& tx) { return tx.ExecScript("CREATE SCHEMA " + schema); }));
  s->url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "schema=" + s->schema_;
  return s;
}

ScratchDatabase::~ScratchDatabase() {
  if (admin_ != nullptr) {
    const std::string schema = schema_;
    (void)admin_->Write(
        [&](Tx& tx) { return tx.ExecScript("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); });
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string ScratchDatabase::TempPath(const std::string& name) const {
  if (!dir_.empty()) {
    return dir_ + "/" + name;
  }
  std::error_code ec;
  return (std::filesystem::temp_directory_path(ec) / (schema_ + "-" + name)).string();
}

void EngineTest::SetUp() {
  if (GetParam() == Engine::kPostgres && PostgresTestUrl().empty()) {
    GTEST_SKIP() << "PostgreSQL tests skipped: set WARROOM_TEST_PG_URL "
                    "(postgresql://user:pass@host:port/db) to run them";
  }
  auto scratch = ScratchDatabase::Create(GetParam());
  ASSERT_TRUE(scratch.has_value()) << scratch.error().message;
  scratch_ = std::move(scratch).value();
  db_ = Reopen();
  ASSERT_NE(db_, nullptr);
}

void EngineTest::TearDown() {
  db_.reset();
  scratch_.reset();
}

std::unique_ptr<Database> EngineTest::Reopen(bool migrate) {
  auto db = OpenDatabase(scratch_->Url(), migrate);
  EXPECT_TRUE(db.has_value()) << db.error().message;
  return db.has_value() ? std::move(db).value() : nullptr;
}

std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace warroom::storage::testing
