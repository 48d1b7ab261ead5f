// Test support: a fresh, isolated database per test on either engine, and a gtest
// fixture parameterised by engine. SQLite uses a file in a new temporary directory;
// PostgreSQL (URL from WARROOM_TEST_PG_URL) a new schema `t_<random>` reached with the
// engine's `?schema=` URL parameter, dropped at the end.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage::testing {

// The PostgreSQL URL tests run against, or "" when WARROOM_TEST_PG_URL is unset.
std::string PostgresTestUrl();

class ScratchDatabase {
 public:
  // Creates the isolated place (temporary directory or schema); opens nothing yet.
  static Result<std::unique_ptr<ScratchDatabase>> Create(Engine engine);
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase();

  Engine GetEngine() const { return engine_; }
  // A URL that opens this database; open it as often as needed.
  const std::string& Url() const { return url_; }
  // The SQLite file, or "" on PostgreSQL.
  const std::string& File() const { return file_; }
  // A fresh file path in the temporary directory (SQLite), for backups.
  std::string TempPath(const std::string& name) const;

 private:
  explicit ScratchDatabase(Engine engine) : engine_(engine) {}

  Engine engine_;
  std::string url_;
  std::string file_;
  std::string dir_;
  std::string schema_;
  std::unique_ptr<Database> admin_;  // PostgreSQL: creates and drops the schema
};

// Fixture: `scratch_` is ready and `db_` open (migrated) before each test. PostgreSQL
// instances are skipped when WARROOM_TEST_PG_URL is unset.
class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Opens another Database on the same data.
  std::unique_ptr<Database> Reopen(bool migrate = true);

  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<Database> db_;
};

// Names the instances of INSTANTIATE_TEST_SUITE_P(Engines, Suite,
// ::testing::Values(Engine::kSqlite, Engine::kPostgres), EngineName).
std::string EngineName(const ::testing::TestParamInfo<Engine>& info);

}  // namespace warroom::storage::testing
