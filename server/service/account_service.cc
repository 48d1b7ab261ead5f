#include "server/service/account_service.h"

#include "server/core/directory/validate.h"
#include "server/service/audited_write.h"
#include "server/service/views.h"
#include "server/storage/repositories/audit_store.h"
#include "server/storage/repositories/directory_store.h"

namespace warroom::service {
namespace {

using core::auth::AccountStatus;
using core::auth::LinkPurpose;
using ports::Tx;
using storage::AccountStore;
using storage::UserRecord;

Status AuditUser(Tx& tx, const core::Principal& p, const std::string& action,
                 const UserRecord& before, const UserRecord* after, int64_t now) {
  const UserRecord& subject = after != nullptr ? *after : before;
  return Audit(tx, ActorOf(p), action, {"user", subject.id, subject.organisation_id},
               before.id == 0 ? "" : ToJson(before).dump(), after ? ToJson(*after).dump() : "",
               now);
}

Result<int64_t> ParseIdCursor(const std::string& cursor) {
  if (cursor.empty()) return int64_t{0};
  int64_t v = 0;
  for (char c : cursor) {
    if (c < '0' || c > '9' || v > (INT64_MAX - 9) / 10) {
      return Error::Invalid("the cursor is not valid",
                            {{"cursor", 0, 0, "invalid_cursor", "invalid_cursor"}});
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

// Which roles an organisation of a kind may hold; the war-room roles belong to the war
// room, the provider role to providers, and so on.
bool RoleFitsOrganisation(core::Role role, core::OrganisationKind kind) {
  switch (role) {
    case core::Role::kWarroomAdmin:
    case core::Role::kWarroomAnalyst:
      return kind == core::OrganisationKind::kWarRoom;
    case core::Role::kProvider:
      return kind == core::OrganisationKind::kIctProvider ||
             kind == core::OrganisationKind::kIntermunicipalAssociation;
    case core::Role::kAuditor:
      return kind == core::OrganisationKind::kAuditFirm;
    case core::Role::kSpoc:
    case core::Role::kMember:
      return core::IsLocalGovernment(kind);
    case core::Role::kObserver:
      return true;
  }
  return false;
}

}  // namespace

int64_t AccountService::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

Result<UserPage> AccountService::List(const core::Principal& p, const std::string& q,
                                      const std::string& cursor, int limit) {
  if (!core::CanManageAccounts(p)) return Error::PermissionDenied("for the war room admin");
  WR_ASSIGN_OR_RETURN(int64_t after, ParseIdCursor(cursor));
  UserPage page;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(page.items,
                        AccountStore(tx).ListUsers(core::ReadScope(p), q, after, limit));
    return Ok();
  }));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(static_cast<size_t>(limit));
    page.next_cursor = std::to_string(page.items.back().id);
  }
  return page;
}

Result<UserRecord> AccountService::Get(const core::Principal& p, int64_t id) {
  if (!core::CanManageAccounts(p) && p.user_id != id) return Error::NotFound("account not found");
  std::optional<UserRecord> user;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(user, AccountStore(tx).FindUser(id));
    return Ok();
  }));
  if (!user) return Error::NotFound("account not found");
  return *user;
}

Result<UserRecord> AccountService::Invite(const core::Principal& p, const InvitationInput& in) {
  if (!core::CanManageAccounts(p)) return Error::PermissionDenied("for the war room admin");
  std::vector<FieldError> errors;
  auto email = core::NormaliseEmail(in.email);
  if (!email) errors.push_back({"/email", 0, 0, "invalid_email", "invalid_email"});
  auto name = core::NormaliseName(in.display_name);
  if (!name) errors.push_back({"/display_name", 0, 0, name.error().message, name.error().message});
  const int64_t now = NowMs();
  UserRecord stored;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    storage::DirectoryStore dir(tx);
    WR_ASSIGN_OR_RETURN(
        auto org, dir.FindOrganisation(in.organisation_id, {core::DirectoryScope::Kind::kAll, 0}));
    if (!org) {
      errors.push_back({"/organisation_id", 0, 0, "unknown_organisation", "unknown_organisation"});
    } else if (!RoleFitsOrganisation(in.role, org->kind)) {
      errors.push_back({"/role", 0, 0, "role_not_for_organisation", "role_not_for_organisation"});
    }
    if (in.person_id) {
      WR_ASSIGN_OR_RETURN(auto person,
                          dir.FindPerson(*in.person_id, {core::DirectoryScope::Kind::kAll, 0}));
      if (!person || person->organisation_id != in.organisation_id) {
        errors.push_back({"/person_id", 0, 0, "not_a_member", "not_a_member"});
      } else if (person->account) {
        return Error(ErrorCode::kConflict, "the person has an account",
                     {{"/person_id", 0, 0, "has_account", "has_account"}});
      }
    }
    if (!errors.empty()) return Error::Invalid("the invitation has invalid fields", errors);
    UserRecord u;
    u.email = *email;
    u.display_name = *name;
    u.role = in.role;
    u.organisation_id = in.organisation_id;
    u.person_id = in.person_id;
    u.preferred_language = in.preferred_language;
    u.status = AccountStatus::kInvited;
    auto inserted = AccountStore(tx).InsertUser(u, now);
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kConflict) {
        return Error(ErrorCode::kConflict, "an account with this e-mail address exists",
                     {{"/email", 0, 0, "duplicate", "duplicate"}});
      }
      return inserted.error();
    }
    stored = *inserted;
    WR_RETURN_IF_ERROR(
        StatusOf(auth_.IssueLink(tx, stored, LinkPurpose::kInvitation, now, org->is_demo)));
    return AuditUser(tx, p, "user.invite", UserRecord{}, &stored, now);
  }));
  return stored;
}

Result<UserRecord> AccountService::InvitePerson(const core::Principal& p, int64_t person_id,
                                                core::Role role) {
  // Only the admin and SPOCs invite at all: anyone else learns nothing about the person.
  if (!core::CanManageAccounts(p) && p.role != core::Role::kSpoc) {
    return Error::PermissionDenied("for the war room admin and SPOCs");
  }
  const int64_t now = NowMs();
  UserRecord stored;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    storage::DirectoryStore dir(tx);
    // The caller's scope is in the query: a SPOC does not find another organisation's
    // people (404, as when reading them).
    WR_ASSIGN_OR_RETURN(auto person, dir.FindPerson(person_id, core::ReadScope(p)));
    if (!person || !core::CanReadPeople(p, person->organisation_id)) {
      return Error::NotFound("person not found");
    }
    if (!core::CanInvitePerson(p, person->organisation_id, role)) {
      return Error::PermissionDenied("not allowed to give this role");
    }
    if (person->account) {
      return Error(ErrorCode::kConflict, "the person has an account",
                   {{"/person_id", 0, 0, "has_account", "has_account"}});
    }
    if (!person->work_email) {
      return Error::Invalid("the person has no work e-mail address",
                            {{"/work_email", 0, 0, "missing_email", "missing_email"}});
    }
    WR_ASSIGN_OR_RETURN(auto org, dir.FindOrganisation(person->organisation_id,
                                                       {core::DirectoryScope::Kind::kAll, 0}));
    if (!org) return Error::NotFound("person not found");
    if (!RoleFitsOrganisation(role, org->kind)) {
      return Error::Invalid(
          "the role does not fit the organisation",
          {{"/role", 0, 0, "role_not_for_organisation", "role_not_for_organisation"}});
    }
    auto email = core::NormaliseEmail(*person->work_email);
    if (!email) {
      return Error::Invalid("the person's work e-mail address is not valid",
                            {{"/work_email", 0, 0, "invalid_email", "invalid_email"}});
    }
    UserRecord u;
    u.email = *email;
    u.display_name = person->full_name;
    u.role = role;
    u.organisation_id = person->organisation_id;
    u.person_id = person->id;
    u.preferred_language = person->preferred_language;
    u.status = AccountStatus::kInvited;
    auto inserted = AccountStore(tx).InsertUser(u, now);
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kConflict) {
        return Error(ErrorCode::kConflict, "an account with this e-mail address exists",
                     {{"/work_email", 0, 0, "duplicate", "duplicate"}});
      }
      return inserted.error();
    }
    stored = *inserted;
    WR_RETURN_IF_ERROR(
        StatusOf(auth_.IssueLink(tx, stored, LinkPurpose::kInvitation, now, org->is_demo)));
    return AuditUser(tx, p, "user.invite", UserRecord{}, &stored, now);
  }));
  return stored;
}

Result<UserRecord> AccountService::SetOwnLanguage(const core::Principal& p,
                                                  core::Language language) {
  if (p.via_token) return Error::PermissionDenied("not with an API token");
  const int64_t now = NowMs();
  UserRecord stored;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto current, store.FindUser(p.user_id));
    if (!current || current->status != AccountStatus::kActive) {
      return Error::Unauthenticated("session_expired");
    }
    UserRecord next = *current;
    next.preferred_language = language;
    WR_ASSIGN_OR_RETURN(stored, store.UpdateUser(next, current->version, now));
    return AuditUser(tx, p, "user.language", *current, &stored, now);
  }));
  return stored;
}

Result<UserRecord> AccountService::Update(const core::Principal& p, int64_t id,
                                          int expected_version, const UserPatch& patch) {
  if (!core::CanManageAccounts(p)) return Error::PermissionDenied("for the war room admin");
  const int64_t now = NowMs();
  UserRecord stored;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto current, store.FindUser(id));
    if (!current) return Error::NotFound("account not found");
    if (current->version != expected_version) {
      return Error::PreconditionFailed("the account was changed by someone else");
    }
    UserRecord next = *current;
    std::vector<FieldError> errors;
    if (patch.display_name) {
      auto name = core::NormaliseName(*patch.display_name);
      if (name) {
        next.display_name = *name;
      } else {
        errors.push_back({"/display_name", 0, 0, name.error().message, name.error().message});
      }
    }
    if (patch.role) {
      storage::DirectoryStore dir(tx);
      WR_ASSIGN_OR_RETURN(auto org, dir.FindOrganisation(current->organisation_id,
                                                         {core::DirectoryScope::Kind::kAll, 0}));
      if (!org || !RoleFitsOrganisation(*patch.role, org->kind)) {
        errors.push_back({"/role", 0, 0, "role_not_for_organisation", "role_not_for_organisation"});
      }
      next.role = *patch.role;
    }
    if (patch.preferred_language) next.preferred_language = *patch.preferred_language;
    if (patch.disabled) {
      if (*patch.disabled && id == p.user_id) {
        errors.push_back({"/disabled", 0, 0, "cannot_disable_self", "cannot_disable_self"});
      }
      if (*patch.disabled) {
        next.status = AccountStatus::kDisabled;
      } else if (current->status == AccountStatus::kDisabled) {
        next.status = current->password_hash ? AccountStatus::kActive : AccountStatus::kInvited;
      }
    }
    if (id == p.user_id && patch.role && *patch.role != core::Role::kWarroomAdmin) {
      errors.push_back({"/role", 0, 0, "cannot_demote_self", "cannot_demote_self"});
    }
    if (!errors.empty()) return Error::Invalid("the request has invalid fields", errors);
    WR_ASSIGN_OR_RETURN(stored, store.UpdateUser(next, expected_version, now));
    if (stored.status == AccountStatus::kDisabled || stored.role != current->role) {
      // Rights changed: every open session must sign in again.
      WR_RETURN_IF_ERROR(store.DeleteSessionsOfUser(id));
    }
    if (stored.status == AccountStatus::kDisabled) {
      // A disabled account's machines stop for good: enabling it again must not revive
      // tokens that may have been handed on while nobody answered for them.
      WR_RETURN_IF_ERROR(store.RevokeTokensOfUser(id, now));
    }
    return AuditUser(tx, p, "user.update", *current, &stored, now);
  }));
  return stored;
}

Status AccountService::SendReset(const core::Principal& p, int64_t id) {
  if (!core::CanManageAccounts(p)) return Error::PermissionDenied("for the war room admin");
  const int64_t now = NowMs();
  return db_.Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto user, AccountStore(tx).FindUser(id));
    if (!user) return Error::NotFound("account not found");
    if (user->status == AccountStatus::kDisabled) {
      return Error::Conflict("the account is disabled; enable it first");
    }
    WR_RETURN_IF_ERROR(StatusOf(auth_.IssueLink(tx, *user, LinkPurpose::kSetup, now, false)));
    return AuditUser(tx, p, "user.reset_sent", *user, nullptr, now);
  });
}

Status AccountService::ResetSecondFactor(const core::Principal& p, int64_t id) {
  if (!core::CanManageAccounts(p)) return Error::PermissionDenied("for the war room admin");
  if (id == p.user_id) {
    return Error::InvalidArgument("cannot_reset_self");
  }
  const int64_t now = NowMs();
  return db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto before, store.FindUser(id));
    if (!before) return Error::NotFound("account not found");
    WR_RETURN_IF_ERROR(store.SetTotp(id, std::nullopt, 0, now));
    WR_RETURN_IF_ERROR(store.ReplaceRecoveryCodes(id, {}));
    // Whoever holds a session signed in with the lost factor is out.
    WR_RETURN_IF_ERROR(store.DeleteSessionsOfUser(id));
    WR_ASSIGN_OR_RETURN(auto after, store.FindUser(id));
    if (!after) return Error::NotFound("account not found");
    return AuditUser(tx, p, "user.totp_reset", *before, &*after, now);
  });
}

Result<AuditPage> AccountService::Audit(const core::Principal& p, const std::string& cursor,
                                        int limit) {
  if (!core::CanManageAccounts(p)) return Error::PermissionDenied("for the war room admin");
  WR_ASSIGN_OR_RETURN(int64_t before, ParseIdCursor(cursor));
  AuditPage page;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(page.items,
                        storage::AuditStore(tx).List(core::ReadScope(p), before, limit + 1));
    return Ok();
  }));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(static_cast<size_t>(limit));
    page.next_cursor = std::to_string(page.items.back().seq);
  }
  return page;
}

Result<std::pair<UserRecord, std::string>> AccountService::CreateWithSetupLink(
    const InvitationInput& in, const std::string& actor_label, bool exercise) {
  core::Principal system;
  system.user_id = 0;
  system.role = core::Role::kWarroomAdmin;
  system.label = actor_label;
  auto email = core::NormaliseEmail(in.email);
  if (!email) return Error::InvalidArgument("invalid e-mail address: " + in.email);
  const int64_t now = NowMs();
  UserRecord stored;
  std::string token;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto existing, store.FindUserByEmail(*email));
    if (existing) {
      stored = *existing;
    } else {
      UserRecord u;
      u.email = *email;
      u.display_name = in.display_name;
      u.role = in.role;
      u.organisation_id = in.organisation_id;
      u.preferred_language = in.preferred_language;
      u.status = AccountStatus::kInvited;
      WR_ASSIGN_OR_RETURN(stored, store.InsertUser(u, now));
      WR_RETURN_IF_ERROR(AuditUser(tx, system, "user.create", UserRecord{}, &stored, now));
    }
    WR_ASSIGN_OR_RETURN(token, auth_.IssueLink(tx, stored, LinkPurpose::kSetup, now, exercise));
    return Ok();
  }));
  return std::make_pair(stored, token);
}

}  // namespace warroom::service
