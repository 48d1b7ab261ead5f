#include "server/app/setup.h"

#include <filesystem>

#include "server/service/demo_seed.h"
#include "server/service/reference_data.h"
#include "server/storage/migrate.h"
#include "server/storage/repositories/account_store.h"
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
  WR_RETURN_IF_ERROR(ctx.db->Read([&](storage::Tx& tx) -> Status {
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

}  // namespace

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
    WR_RETURN_IF_ERROR(StatusOf(service::LoadDemo(*ctx.db, *ctx.clock)));
    result.demo_loaded = true;
  }
  std::optional<storage::UserRecord> admin;
  WR_RETURN_IF_ERROR(ctx.db->Read([&](storage::Tx& tx) -> Status {
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
