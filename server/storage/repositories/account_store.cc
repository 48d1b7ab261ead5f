#include "server/storage/repositories/account_store.h"

#include <sstream>

#include "server/core/directory/search_text.h"
#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.email, u.display_name, u.role, u.organisation_id, o.name_nl, u.person_id, "
    "u.status, u.password_hash, u.totp_secret, u.totp_last_step, u.preferred_language, "
    "u.last_sign_in_at, u.version, u.created_at, u.updated_at, lp.full_name ";
constexpr size_t kUserColumnCount = 17;
constexpr const char* kUserFrom =
    "FROM users u JOIN organisations o ON o.id = u.organisation_id "
    "LEFT JOIN people lp ON lp.id = u.person_id ";
constexpr const char* kSessionColumns =
    "s.id_hash, s.user_id, s.stage, s.csrf_token, s.pending_totp_secret, s.address, "
    "s.created_at, s.last_seen_at, s.expires_at, s.reauthenticated_at ";

std::string UserSelect(std::string_view where) {
  return std::string("SELECT ") + kUserColumns + kUserFrom + std::string(where);
}

// Reads the columns of kUserColumns starting at column `at`.
Result<UserRecord> UserFromRow(const Row& r, size_t at = 0) {
  UserRecord u;
  u.id = r.Int(at);
  u.email = r.Text(at + 1);
  u.display_name = r.Text(at + 2);
  u.role = core::ParseRole(r.Text(at + 3)).value_or(core::Role::kObserver);
  u.organisation_id = r.Int(at + 4);
  u.organisation_name = r.Text(at + 5);
  u.person_id = r.OptInt(at + 6);
  WR_ASSIGN_OR_RETURN(u.status, core::auth::StoredAccountStatus(r.Text(at + 7)));
  u.password_hash = r.OptText(at + 8);
  u.totp_secret = r.OptText(at + 9);
  u.totp_last_step = r.Int(at + 10);
  u.preferred_language = core::ParseLanguage(r.Text(at + 11)).value_or(core::Language::kNl);
  u.last_sign_in_at = r.OptInt(at + 12);
  u.version = static_cast<int>(r.Int(at + 13));
  u.created_at = r.Int(at + 14);
  u.updated_at = r.Int(at + 15);
  u.person_name = r.OptText(at + 16);
  return u;
}

// Reads the columns of kSessionColumns starting at column `at`.
Result<SessionRecord> SessionFromRow(const Row& r, size_t at = 0) {
  SessionRecord s;
  s.id_hash = r.Text(at);
  s.user_id = r.Int(at + 1);
  WR_ASSIGN_OR_RETURN(s.stage, core::auth::StoredSessionStage(r.Text(at + 2)));
  s.csrf_token = r.Text(at + 3);
  s.pending_totp_secret = r.OptText(at + 4);
  s.address = r.Text(at + 5);
  s.created_at = r.Int(at + 6);
  s.last_seen_at = r.Int(at + 7);
  s.expires_at = r.Int(at + 8);
  s.reauthenticated_at = r.Int(at + 9);
  return s;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) {
    if (!out.empty()) out += " ";
    out += s;
  }
  return out;
}

std::vector<std::string> SplitScopes(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string item;
  while (in >> item) out.push_back(item);
  return out;
}

// Reads the columns of kTokenColumns starting at column `at`.
ApiTokenRecord TokenFromRow(const Row& r, size_t at = 0) {
  ApiTokenRecord t;
  t.id = r.Int(at);
  t.user_id = r.Int(at + 1);
  t.name = r.Text(at + 2);
  t.scopes = SplitScopes(r.Text(at + 3));
  t.secret_hash = r.Text(at + 4);
  t.created_at = r.Int(at + 5);
  t.expires_at = r.OptInt(at + 6);
  t.last_used_at = r.OptInt(at + 7);
  t.revoked_at = r.OptInt(at + 8);
  t.lookup_id = r.Text(at + 9);
  return t;
}

constexpr const char* kTokenColumns =
    "t.id, t.user_id, t.name, t.scopes, t.secret_hash, t.created_at, t.expires_at, "
    "t.last_used_at, t.revoked_at, t.lookup_id ";

std::string TokenSelect(std::string_view where) {
  return std::string("SELECT ") + kTokenColumns + "FROM api_tokens t " + std::string(where);
}

}  // namespace

Result<std::optional<UserRecord>> AccountStore::FindUser(int64_t id) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(UserSelect("WHERE u.id = $1"), {id}));
  if (!row) return std::optional<UserRecord>();
  WR_ASSIGN_OR_RETURN(UserRecord u, UserFromRow(*row));
  return std::optional<UserRecord>(std::move(u));
}

Result<std::optional<UserRecord>> AccountStore::FindUserByEmail(const std::string& email) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(UserSelect("WHERE u.email = $1"), {email}));
  if (!row) return std::optional<UserRecord>();
  WR_ASSIGN_OR_RETURN(UserRecord u, UserFromRow(*row));
  return std::optional<UserRecord>(std::move(u));
}

Result<std::vector<UserRecord>> AccountStore::ListUsers(const core::DirectoryScope& scope,
                                                        const std::string& q, int64_t after_id,
                                                        int limit) {
  // Accounts number in the thousands at most: filtering the text in memory keeps the
  // SQL identical on both engines without a search column.
  Params params{after_id};
  const std::string where =
      "WHERE u.id > $1 AND " + ScopeSql(scope, "u.organisation_id", params) + " ORDER BY u.id";
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(UserSelect(where), params));
  const std::string needle = core::FoldForSearch(q);
  std::vector<UserRecord> out;
  for (const Row& r : rows) {
    WR_ASSIGN_OR_RETURN(UserRecord u, UserFromRow(r));
    if (!needle.empty() && core::FoldForSearch(u.email).find(needle) == std::string::npos &&
        core::FoldForSearch(u.display_name).find(needle) == std::string::npos) {
      continue;
    }
    out.push_back(std::move(u));
    if (static_cast<int>(out.size()) > limit) break;
  }
  return out;
}

Result<UserRecord> AccountStore::InsertUser(const UserRecord& u, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne(
          "INSERT INTO users (email, display_name, role, organisation_id, person_id, status, "
          "password_hash, totp_secret, totp_last_step, preferred_language, version, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id",
          {u.email, u.display_name, std::string(core::Name(u.role)), u.organisation_id,
           Nullable(u.person_id), std::string(core::auth::Name(u.status)),
           Nullable(u.password_hash), Nullable(u.totp_secret), u.totp_last_step,
           std::string(core::Name(u.preferred_language)), now_ms}));
  WR_ASSIGN_OR_RETURN(auto stored, FindUser(row.Int(0)));
  if (!stored) return Error::Internal("user vanished after insert");
  return *stored;
}

Result<UserRecord> AccountStore::UpdateUser(const UserRecord& u, int expected_version,
                                            int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      int64_t n,
      tx_.Exec(
          "UPDATE users SET display_name = $1, role = $2, status = $3, "
          "preferred_language = $4, person_id = $5, version = version + 1, updated_at = $6 "
          "WHERE id = $7 AND version = $8",
          {u.display_name, std::string(core::Name(u.role)), std::string(core::auth::Name(u.status)),
           std::string(core::Name(u.preferred_language)), Nullable(u.person_id), now_ms, u.id,
           int64_t{expected_version}}));
  if (n == 0) return Error::PreconditionFailed("the account was changed by someone else");
  WR_ASSIGN_OR_RETURN(auto stored, FindUser(u.id));
  if (!stored) return Error::NotFound("account not found");
  return *stored;
}

Status AccountStore::SetPassword(int64_t user_id, const std::string& hash, int64_t now_ms) {
  return StatusOf(tx_.Exec(
      "UPDATE users SET password_hash = $1, status = CASE WHEN status = 'disabled' THEN status "
      "ELSE 'active' END, version = version + 1, updated_at = $2 WHERE id = $3",
      {hash, now_ms, user_id}));
}

Status AccountStore::SetTotp(int64_t user_id, const std::optional<std::string>& secret,
                             int64_t step, int64_t now_ms) {
  return StatusOf(
      tx_.Exec("UPDATE users SET totp_secret = $1, totp_last_step = $2, "
               "version = version + 1, updated_at = $3 WHERE id = $4",
               {Nullable(secret), step, now_ms, user_id}));
}

Result<bool> AccountStore::AdvanceTotpStep(int64_t user_id, int64_t step) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE users SET totp_last_step = $1 "
                                          "WHERE id = $2 AND totp_last_step < $1",
                                          {step, user_id}));
  return n == 1;
}

Status AccountStore::RecordSignIn(int64_t user_id, int64_t now_ms) {
  return StatusOf(
      tx_.Exec("UPDATE users SET last_sign_in_at = $1 WHERE id = $2", {now_ms, user_id}));
}

Result<int64_t> AccountStore::CountUsers() {
  WR_ASSIGN_OR_RETURN(Row r, tx_.QueryOne("SELECT COUNT(*) FROM users", {}));
  return r.Int(0);
}

Status AccountStore::InsertSession(const SessionRecord& s) {
  return StatusOf(tx_.Exec(
      "INSERT INTO sessions (id_hash, user_id, stage, csrf_token, pending_totp_secret, address, "
      "created_at, last_seen_at, expires_at, reauthenticated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {s.id_hash, s.user_id, std::string(core::auth::Name(s.stage)), s.csrf_token,
       Nullable(s.pending_totp_secret), s.address, s.created_at, s.last_seen_at, s.expires_at,
       s.reauthenticated_at}));
}

Result<std::optional<SessionRecord>> AccountStore::FindSession(const std::string& id_hash) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(std::string("SELECT ") + kSessionColumns +
                                                      "FROM sessions s WHERE s.id_hash = $1",
                                                  {id_hash}));
  if (!row) return std::optional<SessionRecord>();
  WR_ASSIGN_OR_RETURN(SessionRecord session, SessionFromRow(*row));
  return std::optional<SessionRecord>(std::move(session));
}

Result<std::optional<SessionWithUser>> AccountStore::FindSessionWithUser(
    const std::string& id_hash) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(std::string("SELECT ") + kUserColumns + ", " +
                                                      kSessionColumns + kUserFrom +
                                                      "JOIN sessions s ON s.user_id = u.id "
                                                      "WHERE s.id_hash = $1",
                                                  {id_hash}));
  if (!row) return std::optional<SessionWithUser>();
  WR_ASSIGN_OR_RETURN(SessionRecord session, SessionFromRow(*row, kUserColumnCount));
  WR_ASSIGN_OR_RETURN(UserRecord user, UserFromRow(*row));
  return std::optional<SessionWithUser>(SessionWithUser{std::move(session), std::move(user)});
}

Status AccountStore::UpdateSessionStage(const std::string& id_hash, core::auth::SessionStage stage,
                                        const std::optional<std::string>& pending) {
  return StatusOf(
      tx_.Exec("UPDATE sessions SET stage = $1, pending_totp_secret = $2 WHERE id_hash = $3",
               {std::string(core::auth::Name(stage)), Nullable(pending), id_hash}));
}

Status AccountStore::TouchSession(const std::string& id_hash, int64_t now_ms, int64_t expires_at) {
  return StatusOf(
      tx_.Exec("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3",
               {now_ms, expires_at, id_hash}));
}

Status AccountStore::SetReauthenticated(const std::string& id_hash, int64_t now_ms) {
  return StatusOf(tx_.Exec("UPDATE sessions SET reauthenticated_at = $1 WHERE id_hash = $2",
                           {now_ms, id_hash}));
}

Status AccountStore::DeleteSession(const std::string& id_hash) {
  return StatusOf(tx_.Exec("DELETE FROM sessions WHERE id_hash = $1", {id_hash}));
}

Status AccountStore::DeleteSessionsOfUser(int64_t user_id) {
  return StatusOf(tx_.Exec("DELETE FROM sessions WHERE user_id = $1", {user_id}));
}

Result<std::vector<SessionRecord>> AccountStore::SessionsOf(int64_t user_id) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query(std::string("SELECT ") + kSessionColumns +
                                               "FROM sessions s WHERE s.user_id = $1 "
                                               "ORDER BY s.created_at DESC, s.id_hash",
                                           {user_id}));
  std::vector<SessionRecord> out;
  for (const Row& r : rows) {
    WR_ASSIGN_OR_RETURN(SessionRecord session, SessionFromRow(r));
    out.push_back(std::move(session));
  }
  return out;
}

Result<bool> AccountStore::DeleteSessionByHandle(int64_t user_id, const std::string& handle) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("DELETE FROM sessions WHERE user_id = $1 AND "
                                          "substr(id_hash, 1, 16) = $2",
                                          {user_id, handle}));
  return n > 0;
}

Status AccountStore::DeleteOtherSessions(int64_t user_id, const std::string& keep_hash) {
  return StatusOf(
      tx_.Exec("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2", {user_id, keep_hash}));
}

Status AccountStore::DeleteExpiredSessions(int64_t now_ms) {
  return StatusOf(tx_.Exec("DELETE FROM sessions WHERE expires_at < $1", {now_ms}));
}

Status AccountStore::InsertLink(const AccountLinkRecord& l) {
  return StatusOf(
      tx_.Exec("INSERT INTO account_links (token_hash, user_id, purpose, created_at, "
               "expires_at) VALUES ($1, $2, $3, $4, $5)",
               {l.token_hash, l.user_id, std::string(core::auth::Name(l.purpose)), l.created_at,
                l.expires_at}));
}

Result<std::optional<AccountLinkRecord>> AccountStore::FindLink(const std::string& token_hash) {
  WR_ASSIGN_OR_RETURN(
      auto row, tx_.QueryOptional("SELECT token_hash, user_id, purpose, created_at, expires_at, "
                                  "used_at FROM account_links WHERE token_hash = $1",
                                  {token_hash}));
  if (!row) return std::optional<AccountLinkRecord>();
  WR_ASSIGN_OR_RETURN(core::auth::LinkPurpose purpose, core::auth::StoredLinkPurpose(row->Text(2)));
  return std::optional<AccountLinkRecord>(AccountLinkRecord{
      row->Text(0), row->Int(1), purpose, row->Int(3), row->Int(4), row->OptInt(5)});
}

Result<bool> AccountStore::ConsumeLink(const std::string& token_hash, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE account_links SET used_at = $1 "
                                          "WHERE token_hash = $2 AND used_at IS NULL",
                                          {now_ms, token_hash}));
  return n == 1;
}

Status AccountStore::VoidLinks(int64_t user_id, int64_t now_ms) {
  return StatusOf(
      tx_.Exec("UPDATE account_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
               {now_ms, user_id}));
}

Status AccountStore::ReplaceRecoveryCodes(int64_t user_id, const std::vector<std::string>& hashes) {
  WR_RETURN_IF_ERROR(tx_.Exec("DELETE FROM recovery_codes WHERE user_id = $1", {user_id}));
  for (const auto& h : hashes) {
    WR_RETURN_IF_ERROR(
        tx_.Exec("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", {user_id, h}));
  }
  return Ok();
}

Result<bool> AccountStore::UseRecoveryCode(int64_t user_id, const std::string& hash,
                                           int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE recovery_codes SET used_at = $1 "
                                          "WHERE user_id = $2 AND code_hash = $3 AND "
                                          "used_at IS NULL",
                                          {now_ms, user_id, hash}));
  return n >= 1;
}

Result<ApiTokenRecord> AccountStore::InsertToken(const ApiTokenRecord& t) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne("INSERT INTO api_tokens (lookup_id, user_id, name, scopes, secret_hash, "
                   "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                   {t.lookup_id, t.user_id, t.name, JoinScopes(t.scopes), t.secret_hash,
                    t.created_at, Nullable(t.expires_at)}));
  ApiTokenRecord stored = t;
  stored.id = row.Int(0);
  return stored;
}

Result<std::vector<ApiTokenRecord>> AccountStore::TokensOf(int64_t user_id) {
  WR_ASSIGN_OR_RETURN(
      Rows rows,
      tx_.Query(TokenSelect("WHERE t.user_id = $1 AND t.revoked_at IS NULL ORDER BY t.id"),
                {user_id}));
  std::vector<ApiTokenRecord> out;
  for (const Row& r : rows) out.push_back(TokenFromRow(r));
  return out;
}

Result<std::optional<ApiTokenRecord>> AccountStore::FindToken(int64_t id) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(TokenSelect("WHERE t.id = $1"), {id}));
  if (!row) return std::optional<ApiTokenRecord>();
  return std::optional<ApiTokenRecord>(TokenFromRow(*row));
}

Result<std::optional<TokenWithUser>> AccountStore::FindTokenWithUser(const std::string& lookup_id) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(std::string("SELECT ") + kUserColumns + ", " +
                                                      kTokenColumns + kUserFrom +
                                                      "JOIN api_tokens t ON t.user_id = u.id "
                                                      "WHERE t.lookup_id = $1",
                                                  {lookup_id}));
  if (!row) return std::optional<TokenWithUser>();
  WR_ASSIGN_OR_RETURN(UserRecord user, UserFromRow(*row));
  return std::optional<TokenWithUser>(
      TokenWithUser{TokenFromRow(*row, kUserColumnCount), std::move(user)});
}

Status AccountStore::RevokeToken(int64_t id, int64_t user_id, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 "
                                          "AND user_id = $3 AND revoked_at IS NULL",
                                          {now_ms, id, user_id}));
  if (n == 0) return Error::NotFound("token not found");
  return Ok();
}

Status AccountStore::TouchToken(int64_t id, int64_t now_ms) {
  return StatusOf(tx_.Exec("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", {now_ms, id}));
}

Result<ThrottleWindow> AccountStore::ThrottleFailures(const std::string& key_hash,
                                                      int64_t since_ms) {
  WR_ASSIGN_OR_RETURN(Row r, tx_.QueryOne("SELECT COUNT(*), COALESCE(MAX(at), 0) FROM "
                                          "throttle_failures WHERE key_hash = $1 AND at > $2",
                                          {key_hash, since_ms}));
  return ThrottleWindow{r.Int(0), r.Int(1)};
}

Status AccountStore::AddThrottleFailure(const std::string& key_hash, int64_t at_ms) {
  return StatusOf(
      tx_.Exec("INSERT INTO throttle_failures (key_hash, at) VALUES ($1, $2)", {key_hash, at_ms}));
}

Status AccountStore::ClearThrottle(const std::string& key_hash) {
  return StatusOf(tx_.Exec("DELETE FROM throttle_failures WHERE key_hash = $1", {key_hash}));
}

Status AccountStore::PruneThrottle(int64_t before_ms) {
  return StatusOf(tx_.Exec("DELETE FROM throttle_failures WHERE at <= $1", {before_ms}));
}

Status AccountStore::RevokeTokensOfUser(int64_t user_id, int64_t now_ms) {
  return StatusOf(
      tx_.Exec("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
               {now_ms, user_id}));
}

}  // namespace warroom::storage
