#include "server/storage/migrate.h"

#include <algorithm>
#include <chrono>

namespace warroom::storage {
namespace {

// Key of the PostgreSQL advisory lock that serialises migration transactions
// ("warroom" in ASCII).
constexpr int64_t kMigrationLockKey = 0x77617272'6f6f6d;

std::vector<Migration> Load(Engine engine) {
  const std::string_view own = engine == Engine::kSqlite ? "sqlite" : "postgres";
  std::vector<Migration> out;
  for (const internal::EmbeddedFile& f : internal::EmbeddedMigrationFiles()) {
    const bool shared = f.folder == "shared";
    if (!shared && f.folder != own) {
      continue;
    }
    // CMake checked the NNNN_name.sql shape.
    Migration m;
    m.version = std::stoi(std::string(f.file_name.substr(0, 4)));
    m.name = std::string(f.file_name.substr(5, f.file_name.size() - 5 - 4));
    if (shared) {
      auto expanded = ExpandDialect(f.contents, engine);
      // A bad token is a bug in a migration file: keep the text, so that ApplyMigrations
      // refuses it with the token's name rather than the database with a syntax error.
      m.sql = expanded ? std::move(*expanded) : std::string(f.contents);
    } else {
      m.sql = std::string(f.contents);
    }
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

Result<std::string> ExpandDialect(std::string_view sql, Engine engine) {
  struct Token {
    std::string_view name;
    std::string_view postgres;
    std::string_view sqlite;
  };
  static constexpr Token kTokens[] = {
      {"ID", "BIGSERIAL PRIMARY KEY", "INTEGER PRIMARY KEY"},
      {"ID_NOT_REUSED", "BIGSERIAL PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT"},
      {"BYTEWISE", "COLLATE \"C\"", "COLLATE BINARY"},
      {"WITHOUT_ROWID", "", " WITHOUT ROWID"},
  };
  std::string out;
  out.reserve(sql.size());
  size_t pos = 0;
  while (true) {
    const size_t open = sql.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(sql.substr(pos));
      return out;
    }
    out.append(sql.substr(pos, open - pos));
    const size_t close = sql.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return Error::Internal("unterminated dialect token at byte " + std::to_string(open));
    }
    const std::string_view name = sql.substr(open + 2, close - open - 2);
    const Token* token = nullptr;
    for (const Token& t : kTokens) {
      if (t.name == name) token = &t;
    }
    if (token == nullptr) {
      return Error::Internal("unknown dialect token {{" + std::string(name) + "}}");
    }
    out.append(engine == Engine::kSqlite ? token->sqlite : token->postgres);
    pos = close + 2;
  }
}

const std::vector<Migration>& EmbeddedMigrations(Engine engine) {
  static const std::vector<Migration> sqlite = Load(Engine::kSqlite);
  static const std::vector<Migration> postgres = Load(Engine::kPostgres);
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
  for (const Migration& m : migrations) {
    if (auto expanded = ExpandDialect(m.sql, db.engine()); !expanded) {
      return Error::Internal("migration " + std::to_string(m.version) + "_" + m.name + ": " +
                             expanded.error().message);
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
