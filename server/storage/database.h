// OpenDatabase: the storage port's factory. The interface itself (Database, Tx, Row,
// Value...) is ports/database.h; the engines in sqlite/ and postgres/ implement it, and
// storage code names its types through the aliases below.
#pragma once

#include <memory>
#include <string>

#include "libs/base/result.h"
#include "server/ports/database.h"

namespace warroom::storage {

using ports::Database;
using ports::Engine;
using ports::Nullable;
using ports::Params;
using ports::Row;
using ports::Rows;
using ports::Statement;
using ports::Tx;
using ports::Value;

// Opens a database from a URL: `sqlite:///abs/path/warroom.db`, `sqlite:relative/path.db`,
// `sqlite::memory:` (tests: a private database in a temporary file deleted on close), or
// `postgresql://user:pass@host:port/db` (also `postgres://`). PostgreSQL URLs accept
// libpq's parameters plus `pool_size=N` (default 8) and `schema=NAME` (search_path;
// tests use it to isolate themselves). Applies pending migrations when `migrate`.
// Fails with kInvalidArgument on a malformed URL and kUnavailable when it cannot connect.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, bool migrate = true);

}  // namespace warroom::storage
