// The PostgreSQL engine over libpq: a lazily grown connection pool, statements prepared
// once per connection (PQprepare, then PQexecPrepared) with text parameters.
#pragma once

#include <memory>
#include <string>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage::postgres {

struct PgOptions {
  // The URL handed to libpq, without the parameters below.
  std::string conninfo;
  // `?schema=NAME`: every connection runs with search_path set to NAME only. Tests use
  // it to isolate themselves in a fresh schema; production leaves it empty.
  std::string schema;
  // `?pool_size=N` (default 8): at most N connections; more callers wait for one.
  int pool_size = 8;
};

// Parses `postgresql://user:pass@host:port/db[?params]` (or `postgres://`). `schema` and
// `pool_size` are taken out; other parameters go to libpq. Fails with kInvalidArgument
// on a malformed URL; the message never contains the password.
Result<PgOptions> ParsePgUrl(const std::string& url);

// Opens the pool and checks one connection. Fails with kUnavailable when the server
// cannot be reached or refuses the credentials.
Result<std::unique_ptr<Database>> OpenPostgres(const PgOptions& options);

}  // namespace warroom::storage::postgres
