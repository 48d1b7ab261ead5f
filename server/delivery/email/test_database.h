// Opens a migrated SQLite database in a file for the delivery tests: through
// storage::OpenDatabase when warroom_storage is built, else through a small stand-in
// (test_database.cc) so that these tests run before the storage library links.
#pragma once

#include <memory>
#include <string>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::delivery::email {

Result<std::unique_ptr<storage::Database>> OpenTestDatabase(const std::string& path);

}  // namespace warroom::delivery::email
