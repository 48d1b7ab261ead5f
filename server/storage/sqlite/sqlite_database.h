// The SQLite engine: WAL, synchronous=FULL, one writer connection serialised by a mutex
// (BEGIN IMMEDIATE) and a pool of reader connections, each with its own cache of
// prepared statements keyed by the SQL text as written (with `$N`).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "libs/base/result.h"
#include "server/storage/database.h"

struct sqlite3;

namespace warroom::storage::sqlite {

struct SqliteOptions {
  // Absolute or relative file path. Empty with `temporary` set.
  std::string path;
  // `sqlite::memory:`: a private database in a new temporary file that is deleted when
  // the Database is closed. A real file (not SQLite's `:memory:` or a shared-cache URI)
  // so that several connections see one database with WAL snapshot isolation, exactly
  // as with a named file; it runs with synchronous=OFF since it dies with the process.
  bool temporary = false;
  // Upper bound on reader connections; opened lazily. Read waits when all are busy.
  int max_readers = 64;
  // How long a connection waits for a lock held by another process before kUnavailable.
  int busy_timeout_ms = 5000;
};

// Parses `sqlite:///abs/path.db`, `sqlite:relative/path.db` or `sqlite::memory:`.
// Fails with kInvalidArgument when the path is missing.
Result<SqliteOptions> ParseSqliteUrl(const std::string& url);

class SqliteDatabase : public Database {
 public:
  ~SqliteDatabase() override = default;

  // The file behind this database (the temporary file for `sqlite::memory:`).
  virtual const std::string& Path() const = 0;

  // Runs `fn` on the writer connection while holding the writer lock, outside any
  // transaction. Used by Backup to copy pages in steps between writes.
  virtual Status WithWriterConnection(const std::function<Status(sqlite3*)>& fn) = 0;
};

// Opens (creating when missing) the database file. Fails with kUnavailable when the file
// cannot be opened or is not a database.
Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);

// Returns true when a Database of this process has `path` open. Restore refuses then.
bool IsOpenInProcess(const std::string& path);

}  // namespace warroom::storage::sqlite
