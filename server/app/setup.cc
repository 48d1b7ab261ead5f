#include "server/app/setup.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>

#include "server/service/demo_seed.h"
#include "server/service/reference_data.h"
#include "server/storage/migrate.h"
#include "server/storage/repositories/account_store.h"
#include "server/storage/repositories/audit_store.h"
#include "server/storage/repositories/directory_store.h"
#include "server/storage/sqlite/sqlite_database.h"

namespace warroom::app {
namespace {

constexpr const char* kWarRoomExternalId = "warroom";

Result<int64_t> EnsureWarRoom(AppContext& ctx) {
  core::Principal system;
  system.role = core::Role::kWarroomAdmin;
  system.label = "system:init";
  const std::string csv =
      "kind,external_id,name_nl,name_fr,name_en\n"
      "war_room,warroom,Cyber Response Team lokale besturen,"
      "Cyber Response Team pouvoirs locaux,Cyber Response Team local governments\n";
  WR_RETURN_IF_ERROR(StatusOf(ctx.import->ImportOrganisations(system, csv, {})));
  int64_t id = 0;
  WR_RETURN_IF_ERROR(ctx.db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto org, storage::DirectoryStore(tx).FindByExternalId(kWarRoomExternalId));
    if (!org) return Error::Internal("the war room organisation is missing");
    id = org->id;
    return Ok();
  }));
  return id;
}

// The SQLite file `config` names, or nullopt for PostgreSQL and temporary databases.
Result<std::optional<std::string>> SqliteFile(const Config& config) {
  const std::string url = config.EffectiveDatabaseUrl();
  if (url.rfind("sqlite:", 0) != 0) return std::optional<std::string>();
  WR_ASSIGN_OR_RETURN(storage::sqlite::SqliteOptions options, storage::sqlite::ParseSqliteUrl(url));
  if (options.temporary) return std::optional<std::string>();
  return std::optional<std::string>(options.path);
}

using KeyBytes = std::array<unsigned char, core::AuditKey::kBytes>;

Result<KeyBytes> ReadKeyFile(const std::string& path) {
  KeyBytes key{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Unavailable("cannot read the key file " + path);
  in.read(reinterpret_cast<char*>(key.data()), key.size());
  if (in.gcount() != static_cast<std::streamsize>(key.size()) || in.peek() != EOF) {
    return Error::InvalidArgument("the key file " + path + " is not a 32-byte key");
  }
  return key;
}

Status SyncFolder(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error::Unavailable("cannot open " + folder + " to sync");
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Error::Unavailable("cannot sync " + folder);
  return Ok();
}

// Writes a fresh random key to `path` (which must not exist), mode 0600, synced.
Result<KeyBytes> WriteNewKeyFile(const std::string& path) {
  KeyBytes key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    return Error::Internal("no random bytes for the audit key");
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error::Unavailable("cannot create the key file " + path);
  const bool written = ::fchmod(fd, 0600) == 0 &&
                       ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Error::Unavailable("cannot write the key file " + path);
  return key;
}

}  // namespace

std::string AuditKeyPath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "audit.key").string();
}

Result<std::shared_ptr<const core::AuditKey>> OpenAuditKey(ports::Database& db,
                                                           const ports::Clock& clock,
                                                           const std::string& data_dir) {
  const std::string path = AuditKeyPath(data_dir);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    WR_ASSIGN_OR_RETURN(KeyBytes bytes, ReadKeyFile(path));
    return std::make_shared<const core::AuditKey>(bytes);
  }
  // First open with keying: the key waits under a temporary name until the chain is
  // sealed with it. A key left there by an interrupted attempt is reused, since the
  // chain may have been sealed with it already.
  const std::string pending = path + ".new";
  KeyBytes bytes{};
  if (std::filesystem::exists(pending, ec)) {
    WR_ASSIGN_OR_RETURN(bytes, ReadKeyFile(pending));
  } else {
    WR_ASSIGN_OR_RETURN(bytes, WriteNewKeyFile(pending));
  }
  auto key = std::make_shared<const core::AuditKey>(bytes);
  const int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    return StatusOf(storage::AuditStore(tx, *key).SealUnkeyedChain(now));
  }));
  std::filesystem::rename(pending, path, ec);
  if (ec) return Error::Unavailable("cannot rename " + pending + ": " + ec.message());
  WR_RETURN_IF_ERROR(SyncFolder(std::filesystem::absolute(path).parent_path().string()));
  return key;
}

Result<std::optional<storage::sqlite::DatabaseLock>> LockServerDatabase(const Config& config) {
  WR_ASSIGN_OR_RETURN(std::optional<std::string> file, SqliteFile(config));
  if (!file) return std::optional<storage::sqlite::DatabaseLock>();
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  const auto folder = std::filesystem::path(*file).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  if (ec) {
    return Error::Unavailable("cannot create the folder of " + *file + ": " + ec.message());
  }
  WR_ASSIGN_OR_RETURN(auto lock, storage::sqlite::DatabaseLock::Acquire(*file));
  return std::optional<storage::sqlite::DatabaseLock>(std::move(lock));
}

Status RequireInitialised(const Config& config) {
  const std::string hint = " (a mistyped --data-dir? `warroom init` sets up a new deployment)";
  std::error_code ec;
  if (!std::filesystem::is_directory(config.data_dir, ec)) {
    return Error::NotFound("the data folder " + config.data_dir + " does not exist" + hint);
  }
  const auto key = std::filesystem::path(config.data_dir) / "secret.key";
  if (!std::filesystem::is_regular_file(key, ec)) {
    return Error::NotFound("the data folder " + config.data_dir + " has no key file " +
                           key.string() + hint);
  }
  WR_ASSIGN_OR_RETURN(std::optional<std::string> file, SqliteFile(config));
  if (file) {
    if (!std::filesystem::is_regular_file(*file, ec)) {
      return Error::NotFound("no database at " + *file + hint);
    }
    return Ok();
  }
  if (config.EffectiveDatabaseUrl().rfind("sqlite:", 0) == 0) return Ok();  // temporary
  WR_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(config.EffectiveDatabaseUrl(), false));
  WR_ASSIGN_OR_RETURN(int version, storage::CurrentSchemaVersion(*db));
  if (version == 0) return Error::NotFound("the database has no warroom schema" + hint);
  return Ok();
}

Result<InitResult> IssueAdminSetup(AppContext& ctx, const std::string& email) {
  WR_ASSIGN_OR_RETURN(int64_t warroom_id, EnsureWarRoom(ctx));
  service::InvitationInput admin;
  admin.email = email;
  admin.display_name = "War room admin";
  admin.role = core::Role::kWarroomAdmin;
  admin.organisation_id = warroom_id;
  WR_ASSIGN_OR_RETURN(auto created, ctx.accounts->CreateWithSetupLink(admin, "system:cli", false));
  InitResult r;
  r.admin_email = created.first.email;
  r.setup_secret = created.second;
  r.setup_url = ctx.config.EffectivePublicUrl() + "/activate#token=" + r.setup_secret;
  return r;
}

Result<InitResult> Initialise(AppContext& ctx, const InitOptions& options) {
  InitResult result;
  if (!options.reference_data.empty()) {
    WR_RETURN_IF_ERROR(
        StatusOf(service::LoadReferenceData(*ctx.db, *ctx.clock, options.reference_data)));
    result.reference_loaded = true;
  }
  if (options.demo) {
    // The exercise's advisory comes from the war room: it exists before the demo loads.
    WR_RETURN_IF_ERROR(StatusOf(EnsureWarRoom(ctx)));
    WR_RETURN_IF_ERROR(StatusOf(service::LoadDemo(*ctx.db, *ctx.clock)));
    result.demo_loaded = true;
  }
  std::optional<storage::UserRecord> admin;
  WR_RETURN_IF_ERROR(ctx.db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(admin, storage::AccountStore(tx).FindUserByEmail(options.admin_email));
    return Ok();
  }));
  result.admin_email = options.admin_email;
  if (admin && admin->password_hash) return result;  // set up already: no new secret
  WR_ASSIGN_OR_RETURN(InitResult issued, IssueAdminSetup(ctx, options.admin_email));
  result.admin_email = issued.admin_email;
  result.setup_secret = issued.setup_secret;
  result.setup_url = issued.setup_url;
  return result;
}

}  // namespace warroom::app
