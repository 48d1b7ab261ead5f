// Schema migrations: the files migrations/<folder>/NNNN_name.sql, embedded into the
// library at build time, applied in order, each in its own write transaction together
// with its row in schema_migrations.
//
// One source for both engines: a migration is written once in migrations/shared/, with
// dialect tokens where the engines spell the same thing differently (ExpandDialect). Only
// a migration that differs in more than that comes as a pair in postgres/ and sqlite/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct Migration {
  int version = 0;   // NNNN
  std::string name;  // the part after NNNN_, without .sql
  std::string sql;   // the file's content, dialect tokens expanded for the engine
};

// Expands the dialect tokens of a shared migration for `engine`:
//   {{ID}}             BIGSERIAL PRIMARY KEY       | INTEGER PRIMARY KEY (the rowid)
//   {{ID_NOT_REUSED}}  BIGSERIAL PRIMARY KEY       | INTEGER PRIMARY KEY AUTOINCREMENT
//                      (an id, once deleted, is never handed out again)
//   {{BYTEWISE}}       COLLATE "C"                 | COLLATE BINARY (compare bytes)
//   {{WITHOUT_ROWID}}  (nothing)                   | " WITHOUT ROWID" after a table's ")"
// Fails with kInternal naming an unknown or unterminated token.
Result<std::string> ExpandDialect(std::string_view sql, Engine engine);

// Returns the migrations embedded for `engine`, in version order: the shared ones
// expanded, and the engine's own.
const std::vector<Migration>& EmbeddedMigrations(Engine engine);

// Applies the embedded migrations for db's engine that are not applied yet. Creates
// schema_migrations when missing. On PostgreSQL each migration transaction first takes a
// transaction-scoped advisory lock, so servers starting at once apply each migration
// exactly once; SQLite's single writer serialises them. Fails with the error of the
// first migration that fails (its changes are rolled back; earlier ones stay), or
// kInternal when two migrations share a version (a shared file and a pair of the same
// version, say) or a shared file holds an unknown dialect token.
Status ApplyMigrations(Database& db);

// As above with an explicit list (tests, diagnostics). `migrations` must be sorted.
Status ApplyMigrations(Database& db, const std::vector<Migration>& migrations);

// Returns the highest applied version, 0 when none (or no schema_migrations table).
Result<int> CurrentSchemaVersion(Database& db);

namespace internal {

// One embedded file; `folder` is "shared", "sqlite" or "postgres".
struct EmbeddedFile {
  std::string_view folder;
  std::string_view file_name;
  std::string_view contents;
};

// Defined in the .cc that CMake generates from the migrations folders.
std::vector<EmbeddedFile> EmbeddedMigrationFiles();

}  // namespace internal
}  // namespace warroom::storage
