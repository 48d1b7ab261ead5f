#include "server/storage/migrate.h"

#include <algorithm>
#include <chrono>

namespace warroom::storage {
namespace {

// Key of the PostgreSQL advisory lock that serialises migration transactions
// ("warroom" in ASCII).
constexpr int64_t kMigrationLockKey = 0x77617272'6f6f6d;

std::vector<Migration> Load(std::string_view folder) {
  std::vector<Migration> out;
  for (const internal::EmbeddedFile& f : internal::EmbeddedMigrationFiles()) {
    if (f.folder != folder) {
      continue;
    }
    // CMake checked the NNNN_name.sql shape.
    Migration m;
    m.version = std::stoi(std::string(f.file_name.substr(0, 4)));
    m.name = std::string(f.file_name.substr(5, f.file_name.size() - 5 - 4));
    m.sql = f.contents;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

Status LockForMigration(Database& db, Tx& tx) {
  if (db.engine() != Engine::kPostgres) {
    return Ok();
  }
  WR_RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey}));
  return Ok();
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const std::vector<Migration>& EmbeddedMigrations(Engine engine) {
  static const std::vector<Migration> sqlite = Load("sqlite");
  static const std::vector<Migration> postgres = Load("postgres");
  return engine == Engine::kSqlite ? sqlite : postgres;
}

Status ApplyMigrations(Database& db) {
  return ApplyMigrations(db, EmbeddedMigrations(db.engine()));
}

Status ApplyMigrations(Database& db, const std::vector<Migration>& migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return Error::Internal("migrations out of order or duplicated at version " +
                             std::to_string(migrations[i].version));
    }
  }
  WR_RETURN_IF_ERROR(db.Write([&](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(LockForMigration(db, tx));
    return tx.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " applied_at BIGINT NOT NULL)");
  }));
  for (const Migration& m : migrations) {
    Status applied = db.Write([&](Tx& tx) -> Status {
      // Checked under the lock (READ COMMITTED reads the latest commit), so a migration
      // another server applied meanwhile is skipped.
      WR_RETURN_IF_ERROR(LockForMigration(db, tx));
      WR_ASSIGN_OR_RETURN(
          auto existing,
          tx.QueryOptional("SELECT version FROM schema_migrations WHERE version = $1",
                           {static_cast<int64_t>(m.version)}));
      if (existing) {
        return Ok();
      }
      WR_RETURN_IF_ERROR(tx.ExecScript(m.sql));
      WR_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                  {static_cast<int64_t>(m.version), m.name, NowMillis()}));
      return Ok();
    });
    if (!applied) {
      return Error{applied.error().code, "migration " + std::to_string(m.version) + "_" + m.name +
                                             ": " + applied.error().message};
    }
  }
  return Ok();
}

Result<int> CurrentSchemaVersion(Database& db) {
  int version = 0;
  WR_RETURN_IF_ERROR(db.Read([&](Tx& tx) -> Status {
    const char* exists_sql =
        db.engine() == Engine::kSqlite
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
              "'schema_migrations'"
            : "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'schema_migrations' "
              "AND schemaname = current_schema()";
    WR_ASSIGN_OR_RETURN(Row exists, tx.QueryOne(exists_sql, {}));
    if (exists.Int(0) == 0) return Ok();
    WR_ASSIGN_OR_RETURN(Row row,
                        tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
    version = static_cast<int>(row.Int(0));
    return Ok();
  }));
  return version;
}

}  // namespace warroom::storage
