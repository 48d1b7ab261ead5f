// Schema migrations: the files migrations/<engine>/NNNN_name.sql, embedded into the
// library at build time, applied in order, each in its own write transaction together
// with its row in schema_migrations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct Migration {
  int version = 0;       // NNNN
  std::string name;      // the part after NNNN_, without .sql
  std::string_view sql;  // the file's content (static storage)
};

// Returns the migrations embedded for `engine`, in version order.
const std::vector<Migration>& EmbeddedMigrations(Engine engine);

// Applies the embedded migrations for db's engine that are not applied yet. Creates
// schema_migrations when missing. On PostgreSQL each migration transaction first takes a
// transaction-scoped advisory lock, so servers starting at once apply each migration
// exactly once; SQLite's single writer serialises them. Fails with the error of the
// first migration that fails (its changes are rolled back; earlier ones stay), or
// kInternal when two migrations share a version.
Status ApplyMigrations(Database& db);

// As above with an explicit list (tests, diagnostics). `migrations` must be sorted.
Status ApplyMigrations(Database& db, const std::vector<Migration>& migrations);

// Returns the highest applied version, 0 when none (or no schema_migrations table).
Result<int> CurrentSchemaVersion(Database& db);

namespace internal {

// One embedded file; `folder` is "sqlite" or "postgres".
struct EmbeddedFile {
  std::string_view folder;
  std::string_view file_name;
  std::string_view contents;
};

// Defined in the .cc that CMake generates from the migrations folders.
std::vector<EmbeddedFile> EmbeddedMigrationFiles();

}  // namespace internal
}  // namespace warroom::storage
