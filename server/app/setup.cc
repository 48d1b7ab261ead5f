#include "server/app/setup.h"

#include "server/service/demo_seed.h"
#include "server/service/reference_data.h"
#include "server/storage/repositories/account_store.h"
#include "server/storage/repositories/directory_store.h"

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

}  // namespace

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
