#include "server/storage/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>

#include "server/storage/sqlite/database_lock.h"
#include "server/storage/sqlite/private_file.h"
#include "server/storage/sqlite/sqlite_database.h"

namespace warroom::storage {
namespace {

// Pages copied per step while holding the writer lock: 256 pages of 4 KiB keep each
// pause of writers around a millisecond.
constexpr int kPagesPerStep = 256;

struct Sqlite3Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Sqlite3Ptr = std::unique_ptr<sqlite3, Sqlite3Closer>;

Error SqliteFailure(sqlite3* db, std::string_view what) {
  return Error::Unavailable(std::string(what) + ": " +
                            (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

Result<Sqlite3Ptr> OpenFile(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Sqlite3Ptr db(raw);
  if (rc != SQLITE_OK) {
    return SqliteFailure(raw, "open " + path);
  }
  return db;
}

// fsyncs a file or directory so that a rename that follows is durable.
Status SyncPath(const std::string& path, bool directory) {
  const int fd = open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) {
    return Error::Unavailable("cannot open " + path + " to sync");
  }
  const int rc = fsync(fd);
  close(fd);
  if (rc != 0) {
    return Error::Unavailable("cannot sync " + path);
  }
  return Ok();
}

std::string ParentDir(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

using SourceFn = std::function<Status(const std::function<Status(sqlite3*)>&)>;

// Copies every page of the source database into a new database at `tmp_path`.
// `with_source` runs its argument with the source handle, under whatever lock the
// source needs, once per backup step.
Status CopyTo(const std::string& tmp_path, const SourceFn& with_source) {
  RemoveQuietly(tmp_path);
  // A backup holds what the database holds: owner-only, whatever the umask.
  WR_RETURN_IF_ERROR(sqlite::MakePrivateFile(tmp_path));
  WR_ASSIGN_OR_RETURN(Sqlite3Ptr dest,
                      OpenFile(tmp_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  sqlite3_backup* backup = nullptr;
  WR_RETURN_IF_ERROR(with_source([&](sqlite3* source) -> Status {
    backup = sqlite3_backup_init(dest.get(), "main", source, "main");
    if (backup == nullptr) return SqliteFailure(dest.get(), "backup init");
    return Ok();
  }));
  int rc = SQLITE_OK;
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    Status stepped = with_source([&](sqlite3*) -> Status {
      rc = sqlite3_backup_step(backup, kPagesPerStep);
      return Ok();
    });
    if (!stepped) {
      break;
    }
  }
  (void)with_source([&](sqlite3*) -> Status {
    sqlite3_backup_finish(backup);
    return Ok();
  });
  if (rc != SQLITE_DONE) {
    dest.reset();
    RemoveQuietly(tmp_path);
    return Error::Unavailable(std::string("backup step: ") + sqlite3_errstr(rc));
  }
  dest.reset();
  return SyncPath(tmp_path, false);
}

}  // namespace

Status Backup(Database& db, const std::string& dest_path) {
  if (db.engine() != Engine::kSqlite) {
    return Error::InvalidArgument("Backup works on SQLite only; for PostgreSQL use pg_dump");
  }
  auto* sqlite_db = dynamic_cast<sqlite::SqliteDatabase*>(&db);
  if (sqlite_db == nullptr) {
    return Error::InvalidArgument("Backup needs the SQLite engine");
  }
  const std::string tmp_path = dest_path + ".tmp";
  // Each step runs with the writer lock held: the writer connection is not
  // thread-safe, and writes made through it between steps are copied as well.
  WR_RETURN_IF_ERROR(CopyTo(tmp_path, [&](const std::function<Status(sqlite3*)>& fn) {
    return sqlite_db->WithWriterConnection(fn);
  }));
  std::error_code ec;
  std::filesystem::rename(tmp_path, dest_path, ec);
  if (ec) {
    RemoveQuietly(tmp_path);
    return Error::Unavailable("cannot rename backup into place: " + ec.message());
  }
  return SyncPath(ParentDir(dest_path), true);
}

Status Restore(const std::string& backup_path, const std::string& db_path) {
  if (sqlite::IsOpenInProcess(db_path)) {
    return Error::PreconditionFailed("database " + db_path + " is open; stop the server first");
  }
  std::error_code ec;
  const std::string folder = ParentDir(db_path);
  if (!std::filesystem::is_directory(folder, ec)) {
    return Error::NotFound("the data folder " + folder + " does not exist");
  }
  // Held until the restored file is in place: a running warroomd holds it for its whole
  // life, so the file is never replaced under a server that would go on writing into
  // the deleted one.
  WR_ASSIGN_OR_RETURN(sqlite::DatabaseLock lock, sqlite::DatabaseLock::Acquire(db_path));
  if (!std::filesystem::is_regular_file(backup_path, ec)) {
    return Error::InvalidArgument("backup " + backup_path + " is not a file");
  }
  auto opened = OpenFile(backup_path, SQLITE_OPEN_READONLY);
  if (!opened) {
    return Error::InvalidArgument("backup is not a SQLite database: " + opened.error().message);
  }
  Sqlite3Ptr src = std::move(opened).value();
  // quick_check reads every page, so a truncated or foreign file fails here.
  std::string check;
  int tables = 0;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(src.get(), "PRAGMA quick_check", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(stmt, 0);
    check = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  } else {
    check = sqlite3_errmsg(src.get());
  }
  sqlite3_finalize(stmt);
  if (check != "ok") {
    return Error::InvalidArgument("backup is not an intact SQLite database: " + check);
  }
  if (sqlite3_prepare_v2(src.get(),
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                         "'schema_migrations'",
                         -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    tables = sqlite3_column_int(stmt, 0);
  }
  sqlite3_finalize(stmt);
  if (tables != 1) {
    return Error::InvalidArgument("backup has no schema_migrations table: not a warroom database");
  }

  const std::string tmp_path = db_path + ".restore.tmp";
  WR_RETURN_IF_ERROR(
      CopyTo(tmp_path, [&](const std::function<Status(sqlite3*)>& fn) { return fn(src.get()); }));
  src.reset();
  RemoveQuietly(db_path + "-wal");
  RemoveQuietly(db_path + "-shm");
  RemoveQuietly(db_path + "-journal");
  std::filesystem::rename(tmp_path, db_path, ec);
  if (ec) {
    RemoveQuietly(tmp_path);
    return Error::Unavailable("cannot rename restored database into place: " + ec.message());
  }
  return SyncPath(ParentDir(db_path), true);
}

namespace {

bool IsContentName(const std::string& name) {
  if (name.size() != 64) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Copies `src` to `dest` through `dest`.tmp: created mode 0600, written, synced, renamed.
Status CopyOneFile(const std::filesystem::path& src, const std::filesystem::path& dest) {
  const std::string tmp = dest.string() + ".tmp";
  RemoveQuietly(tmp);
  const int in = open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Error::Unavailable("cannot read " + src.string());
  const int out = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    close(in);
    return Error::Unavailable("cannot write " + tmp);
  }
  Status copied = Ok();
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = read(in, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      copied = Error::Unavailable("cannot read " + src.string());
      break;
    }
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = write(out, buffer + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        copied = Error::Unavailable("cannot write " + tmp);
        break;
      }
      done += w;
    }
    if (!copied) break;
  }
  if (copied && fsync(out) != 0) copied = Error::Unavailable("cannot sync " + tmp);
  close(in);
  close(out);
  if (copied) {
    std::error_code ec;
    std::filesystem::rename(tmp, dest, ec);
    if (ec) copied = Error::Unavailable("cannot rename " + tmp + ": " + ec.message());
  }
  if (!copied) RemoveQuietly(tmp);
  return copied;
}

}  // namespace

std::string AttachmentsBesideBackup(const std::string& backup_path) {
  return backup_path + ".attachments";
}

Result<int> CopyContentAddressedFiles(const std::string& src_dir, const std::string& dest_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(src_dir, ec)) return 0;
  fs::create_directories(dest_dir, ec);
  if (ec) return Error::Unavailable("cannot create " + dest_dir + ": " + ec.message());
  fs::permissions(dest_dir, fs::perms::owner_all, ec);
  int copied = 0;
  std::error_code list_ec;
  for (const auto& entry : fs::directory_iterator(src_dir, list_ec)) {
    const std::string name = entry.path().filename().string();
    std::error_code file_ec;
    if (!entry.is_regular_file(file_ec) || !IsContentName(name)) continue;
    const auto size = entry.file_size(file_ec);
    if (file_ec) return Error::Unavailable("cannot read " + entry.path().string());
    const fs::path dest = fs::path(dest_dir) / name;
    std::error_code dest_ec;
    if (auto there = fs::file_size(dest, dest_ec); !dest_ec && there == size) continue;
    WR_RETURN_IF_ERROR(CopyOneFile(entry.path(), dest));
    ++copied;
  }
  if (list_ec) return Error::Unavailable("cannot list " + src_dir + ": " + list_ec.message());
  if (copied > 0) WR_RETURN_IF_ERROR(SyncPath(dest_dir, true));
  return copied;
}

std::string AttachmentsFolder(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "attachments").string();
}

}  // namespace warroom::storage
