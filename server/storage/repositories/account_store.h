// AccountStore: the SQL of accounts, sessions, single-use account links, recovery codes
// and API tokens. Secrets are stored hashed (session ids, link tokens, API token
// secrets, recovery codes); a TOTP secret must be readable to verify codes, so it is
// stored as given by the caller (the service encrypts it before).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/auth/account_state.h"
#include "server/core/directory/access.h"
#include "server/core/directory/model.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct UserRecord {
  int64_t id = 0;
  std::string email;
  std::string display_name;
  core::Role role = core::Role::kObserver;
  int64_t organisation_id = 0;
  std::string organisation_name;  // filled on reads
  std::optional<int64_t> person_id;
  std::optional<std::string> person_name;  // filled on reads: the linked person's name
  core::auth::AccountStatus status = core::auth::AccountStatus::kInvited;
  std::optional<std::string> password_hash;
  std::optional<std::string> totp_secret;
  int64_t totp_last_step = 0;
  core::Language preferred_language = core::Language::kNl;
  std::optional<int64_t> last_sign_in_at;
  int version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct SessionRecord {
  std::string id_hash;
  int64_t user_id = 0;
  core::auth::SessionStage stage = core::auth::SessionStage::kTotp;
  std::string csrf_token;
  std::optional<std::string> pending_totp_secret;
  std::string address;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
  int64_t reauthenticated_at = 0;  // the last proof of the password or a code; 0: none
};

// A session and its user, read in one statement (every signed-in request needs both).
struct SessionWithUser {
  SessionRecord session;
  UserRecord user;
};

struct AccountLinkRecord {
  std::string token_hash;
  int64_t user_id = 0;
  core::auth::LinkPurpose purpose = core::auth::LinkPurpose::kInvitation;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
};

struct ApiTokenRecord {
  int64_t id = 0;
  std::string lookup_id;  // the public part of the token, to find it by
  int64_t user_id = 0;
  std::string name;
  std::vector<std::string> scopes;
  std::string secret_hash;
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> last_used_at;
  std::optional<int64_t> revoked_at;
};

// An API token and its user, read in one statement (every machine request needs both).
struct TokenWithUser {
  ApiTokenRecord token;
  UserRecord user;
};

// The failures counted against one throttle key inside a window.
struct ThrottleWindow {
  int64_t failures = 0;
  int64_t last_at = 0;  // ms; 0 when none
};

// Reads fail with kInternal when a stored status, stage or purpose is none the code
// knows (core/auth/account_state.h): never a silent default.
class AccountStore {
 public:
  explicit AccountStore(Tx& tx) : tx_(tx) {}

  // Users. Find* return std::nullopt when missing.
  Result<std::optional<UserRecord>> FindUser(int64_t id);
  Result<std::optional<UserRecord>> FindUserByEmail(const std::string& email);
  // Ordered by id; `q` matches e-mail or name (folded substring).
  Result<std::vector<UserRecord>> ListUsers(const core::DirectoryScope& scope, const std::string& q,
                                            int64_t after_id, int limit);
  // kConflict when the e-mail is taken.
  Result<UserRecord> InsertUser(const UserRecord& u, int64_t now_ms);
  // Stores profile fields (name, role, status, language) when the version matches.
  Result<UserRecord> UpdateUser(const UserRecord& u, int expected_version, int64_t now_ms);
  Status SetPassword(int64_t user_id, const std::string& hash, int64_t now_ms);
  Status SetTotp(int64_t user_id, const std::optional<std::string>& secret, int64_t step,
                 int64_t now_ms);
  // Records a used TOTP step; false when a step at or after it was used already (a
  // replayed code), checked atomically in the UPDATE.
  Result<bool> AdvanceTotpStep(int64_t user_id, int64_t step);
  Status RecordSignIn(int64_t user_id, int64_t now_ms);
  Result<int64_t> CountUsers();

  // Sessions.
  Status InsertSession(const SessionRecord& s);
  Result<std::optional<SessionRecord>> FindSession(const std::string& id_hash);
  Result<std::optional<SessionWithUser>> FindSessionWithUser(const std::string& id_hash);
  Status UpdateSessionStage(const std::string& id_hash, core::auth::SessionStage stage,
                            const std::optional<std::string>& pending_totp_secret);
  Status TouchSession(const std::string& id_hash, int64_t now_ms, int64_t expires_at);
  Status SetReauthenticated(const std::string& id_hash, int64_t now_ms);
  Status DeleteSession(const std::string& id_hash);
  Status DeleteSessionsOfUser(int64_t user_id);
  // The user's sessions, newest first.
  Result<std::vector<SessionRecord>> SessionsOf(int64_t user_id);
  // Ends the user's session whose hash starts with `handle` (16 hex characters); false
  // when the user has no such session.
  Result<bool> DeleteSessionByHandle(int64_t user_id, const std::string& handle);
  // Ends every session of the user except `keep_hash`.
  Status DeleteOtherSessions(int64_t user_id, const std::string& keep_hash);
  Status DeleteExpiredSessions(int64_t now_ms);

  // Single-use links.
  Status InsertLink(const AccountLinkRecord& l);
  Result<std::optional<AccountLinkRecord>> FindLink(const std::string& token_hash);
  // Marks the link used; false when it was used already (single use, checked atomically).
  Result<bool> ConsumeLink(const std::string& token_hash, int64_t now_ms);
  // Voids every unused link of the user (a new invitation or reset replaces the old).
  Status VoidLinks(int64_t user_id, int64_t now_ms);

  // Recovery codes (hashes).
  Status ReplaceRecoveryCodes(int64_t user_id, const std::vector<std::string>& hashes);
  // Uses a code once; false when no unused code has this hash.
  Result<bool> UseRecoveryCode(int64_t user_id, const std::string& hash, int64_t now_ms);

  // API tokens.
  Result<ApiTokenRecord> InsertToken(const ApiTokenRecord& t);
  Result<std::vector<ApiTokenRecord>> TokensOf(int64_t user_id);
  Result<std::optional<ApiTokenRecord>> FindToken(int64_t id);
  Result<std::optional<TokenWithUser>> FindTokenWithUser(const std::string& lookup_id);
  // Revokes a token of `user_id`; kNotFound when it has no such live token.
  Status RevokeToken(int64_t id, int64_t user_id, int64_t now_ms);
  Status TouchToken(int64_t id, int64_t now_ms);
  // Sign-in throttling (see core/auth/throttle.h): one row per counted failure.
  Result<ThrottleWindow> ThrottleFailures(const std::string& key_hash, int64_t since_ms);
  Status AddThrottleFailure(const std::string& key_hash, int64_t at_ms);
  Status ClearThrottle(const std::string& key_hash);
  // Forgets failures at or before `before_ms` (older than every window).
  Status PruneThrottle(int64_t before_ms);

  // Revokes every live token of the user (when the account is disabled); for good.
  Status RevokeTokensOfUser(int64_t user_id, int64_t now_ms);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
