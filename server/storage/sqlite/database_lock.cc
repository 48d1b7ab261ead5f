#include "server/storage/sqlite/database_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace warroom::storage::sqlite {

std::string DatabaseLock::LockPath(const std::string& db_path) { return db_path + ".lock"; }

Result<DatabaseLock> DatabaseLock::Acquire(const std::string& db_path) {
  const std::string path = LockPath(db_path);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::Unavailable("cannot open the lock file " + path + ": " + std::strerror(errno));
  }
  (void)::fchmod(fd, 0600);
  // flock locks belong to the open file description, so a second Acquire in this
  // process conflicts with the first exactly as another process would.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    ::close(fd);
    if (saved == EWOULDBLOCK) {
      return Error::PreconditionFailed("the database " + db_path +
                                       " is in use by a running warroomd (lock " + path +
                                       " is held); stop the server first");
    }
    return Error::Unavailable("cannot lock " + path + ": " + std::strerror(saved));
  }
  return DatabaseLock(fd);
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace warroom::storage::sqlite
