// Online backup and offline restore of a SQLite database (PostgreSQL deployments use
// pg_dump / pg_restore instead), and of the attachment files kept beside either.
#pragma once

#include <string>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

// Copies a consistent snapshot of `db` to `dest_path` with SQLite's online backup API,
// a few hundred pages at a time from the writer connection; writes go on between steps
// and are carried into the copy, and readers are never blocked (WAL). The copy is
// written to `dest_path` + ".tmp" (mode 0600), synced, then renamed, so `dest_path` is
// either the old file or a complete backup. Fails with kInvalidArgument for PostgreSQL
// ("use pg_dump") and kUnavailable when the destination cannot be written.
Status Backup(Database& db, const std::string& dest_path);

// Replaces the SQLite database at `db_path` with the backup at `backup_path`. Checks
// first that the backup is an intact SQLite database (quick_check) with a
// schema_migrations table; fails with kInvalidArgument otherwise, leaving `db_path`
// untouched. Restore is an offline operation: it takes the database's DatabaseLock
// (sqlite/database_lock.h), which a running warroomd holds, and fails with
// kPreconditionFailed while another process holds it or a Database of this process has
// `db_path` open. kNotFound when the folder of `db_path` does not exist. The restored
// file has mode 0600. Stale -wal and -shm files of the old database are removed, so
// they cannot be replayed onto the restored file.
Status Restore(const std::string& backup_path, const std::string& db_path);

// Copies the files of a content-addressed folder (each named by the SHA-256 of its bytes,
// written once and never changed, as the advisory attachments under <data-dir>/attachments)
// from `src_dir` to `dest_dir`: each file that `dest_dir` lacks, or holds with another
// size, goes through a temporary file (mode 0600), fsync and rename, then the folder is
// synced. Names that are not 64 lowercase hex digits (an upload's temporary file) are
// skipped. A missing `src_dir` copies nothing. Returns how many files were copied;
// kUnavailable when a file cannot be read or written.
Result<int> CopyContentAddressedFiles(const std::string& src_dir, const std::string& dest_dir);

// The folder beside a backup file that holds the attachments of its deployment:
// `backup_path` + ".attachments".
std::string AttachmentsBesideBackup(const std::string& backup_path);

// Where a deployment keeps its advisory attachments: <data_dir>/attachments, beside the
// database and its keys, never under the web root.
std::string AttachmentsFolder(const std::string& data_dir);

}  // namespace warroom::storage
