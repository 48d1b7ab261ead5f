// AccountService: the war room admin's management of accounts (invitations, roles,
// disabling, resets) and the audit log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/audit/audit_chain.h"
#include "server/core/directory/access.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/service/auth_service.h"
#include "server/service/directory_service.h"
#include "server/storage/repositories/account_store.h"

namespace warroom::service {

struct InvitationInput {
  std::string email;
  std::string display_name;
  core::Role role = core::Role::kMember;
  int64_t organisation_id = 0;
  std::optional<int64_t> person_id;
  core::Language preferred_language = core::Language::kNl;
};

struct UserPatch {
  Patch<std::string> display_name;
  Patch<core::Role> role;
  Patch<bool> disabled;
  Patch<core::Language> preferred_language;
};

struct UserPage {
  std::vector<storage::UserRecord> items;
  std::optional<std::string> next_cursor;
};

struct AuditPage {
  std::vector<core::AuditEntry> items;
  std::optional<std::string> next_cursor;
};

class AccountService {
 public:
  AccountService(ports::Database& db, const ports::Clock& clock, AuthService& auth)
      : db_(db), clock_(clock), auth_(auth) {}

  Result<UserPage> List(const core::Principal& p, const std::string& q, const std::string& cursor,
                        int limit);
  Result<storage::UserRecord> Get(const core::Principal& p, int64_t id);
  // Creates the account and queues the invitation e-mail in the same transaction.
  // kConflict when the e-mail address has an account.
  Result<storage::UserRecord> Invite(const core::Principal& p, const InvitationInput& in);
  // Invites person `person_id` of the directory: an account for the person's work e-mail,
  // named after the person, in the person's preferred language, linked to the person,
  // in the person's organisation (core::CanInvitePerson decides who may give which
  // role). kNotFound when the person is outside the caller's read scope;
  // kPermissionDenied for anyone else or a role above the caller's; kInvalidArgument
  // /work_email "missing_email" without a work e-mail, /role when the role does not fit
  // the organisation; kConflict when the person has an account or the e-mail is taken.
  Result<storage::UserRecord> InvitePerson(const core::Principal& p, int64_t person_id,
                                           core::Role role);
  Result<storage::UserRecord> Update(const core::Principal& p, int64_t id, int expected_version,
                                     const UserPatch& patch);
  // The signed-in user's own preferred language (the web app's language at sign-in and
  // the language of mails to the user). Audited as "user.language". kPermissionDenied
  // with an API token; kUnauthenticated when the account is gone or not active.
  Result<storage::UserRecord> SetOwnLanguage(const core::Principal& p, core::Language language);
  // Queues a set-up link: the user sets a new password and enrols a new second factor.
  Status SendReset(const core::Principal& p, int64_t id);
  // Removes the second factor of account `id` (a lost authenticator): its TOTP secret,
  // recovery codes and sessions go, and its next sign-in leads to enrolment. Audited.
  // kPermissionDenied for anyone but the war room admin, kNotFound for an unknown
  // account, kInvalidArgument for the admin's own account (replace it instead).
  Status ResetSecondFactor(const core::Principal& p, int64_t id);
  Result<AuditPage> Audit(const core::Principal& p, const std::string& cursor, int limit);

  // Creates an account without a principal (the CLI's first admin), returning the
  // set-up token. kConflict when the e-mail is taken.
  Result<std::pair<storage::UserRecord, std::string>> CreateWithSetupLink(
      const InvitationInput& in, const std::string& actor_label, bool exercise);

 private:
  int64_t NowMs() const;

  ports::Database& db_;
  const ports::Clock& clock_;
  AuthService& auth_;
};

}  // namespace warroom::service
