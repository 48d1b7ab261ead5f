// DatabaseLock: the exclusive lock on a SQLite database that warroomd holds for its
// whole life and `warroom restore` takes, so that a restore never replaces the file
// under a running server (whose later writes would land in the deleted file and vanish)
// and two servers never share one database. The lock is flock(2) on the file
// `<database>.lock` (mode 0600) beside the database: the kernel releases it when the
// holder exits, however it exits, so a crash leaves no stale lock behind.
#pragma once

#include <string>

#include "libs/base/result.h"

namespace warroom::storage::sqlite {

class DatabaseLock {
 public:
  // Takes the lock of the database at `db_path` without waiting. Fails with
  // kPreconditionFailed when another holder has it (a running warroomd or restore),
  // also in this process, and with kUnavailable when the lock file cannot be created
  // (e.g. the folder does not exist).
  static Result<DatabaseLock> Acquire(const std::string& db_path);

  // The lock file of the database at `db_path`.
  static std::string LockPath(const std::string& db_path);

  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  // Releases the lock. The lock file stays: removing it would let a process that has
  // opened but not yet locked it lock a file nobody else sees.
  ~DatabaseLock();

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace warroom::storage::sqlite
