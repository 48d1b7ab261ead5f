// Private files: the database, its -wal and -shm, backups and lock files hold every
// secret hash and personal detail of the deployment, so they are readable by the owner
// only (mode 0600), whatever the process umask.
#pragma once

#include <string>

#include "libs/base/result.h"

namespace warroom::storage::sqlite {

// Creates `path` as an empty file with mode 0600 when it does not exist, and sets mode
// 0600 when it does (an existing file of a deployment from before this rule is
// tightened). SQLite gives the -wal and -shm files it creates later the mode of the
// database file, so calling this before opening a database covers them too. Fails
// with kUnavailable when the file cannot be created or its mode cannot be set.
Status MakePrivateFile(const std::string& path);

// Sets mode 0600 on `path` if it exists; does nothing otherwise. kUnavailable when the
// mode cannot be set.
Status TightenIfExists(const std::string& path);

}  // namespace warroom::storage::sqlite
