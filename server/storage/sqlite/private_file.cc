#include "server/storage/sqlite/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace warroom::storage::sqlite {

Status MakePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::Unavailable("cannot create " + path + ": " + std::strerror(errno));
  }
  // open() applies the umask to the mode; fchmod does not, so the result is exactly 0600.
  const int rc = ::fchmod(fd, 0600);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) {
    return Error::Unavailable("cannot make " + path + " private: " + std::strerror(saved));
  }
  return Ok();
}

Status TightenIfExists(const std::string& path) {
  if (::chmod(path.c_str(), 0600) != 0 && errno != ENOENT) {
    return Error::Unavailable("cannot make " + path + " private: " + std::strerror(errno));
  }
  return Ok();
}

}  // namespace warroom::storage::sqlite
