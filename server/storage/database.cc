#include "server/storage/database.h"

#include "server/storage/migrate.h"
#include "server/storage/postgres/pg_database.h"
#include "server/storage/sqlite/sqlite_database.h"

namespace warroom::storage {

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, bool migrate) {
  std::unique_ptr<Database> db;
  if (url.rfind("sqlite:", 0) == 0) {
    WR_ASSIGN_OR_RETURN(sqlite::SqliteOptions options, sqlite::ParseSqliteUrl(url));
    WR_ASSIGN_OR_RETURN(db, sqlite::OpenSqlite(options));
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    WR_ASSIGN_OR_RETURN(postgres::PgOptions options, postgres::ParsePgUrl(url));
    WR_ASSIGN_OR_RETURN(db, postgres::OpenPostgres(options));
  } else {
    return Error::InvalidArgument(
        "database URL must start with sqlite: or postgresql:// (got '" +
        url.substr(0, url.find(':') == std::string::npos ? 16 : url.find(':') + 1) + "...')");
  }
  if (migrate) {
    WR_RETURN_IF_ERROR(ApplyMigrations(*db));
  }
  return db;
}

}  // namespace warroom::storage
