// AuthService: sign-in (password, then TOTP), enrolment of the second factor, sessions,
// single-use account links (invitation, password reset, set-up) and API tokens as a
// way in for machines.
//
// Session tokens, link tokens and API token secrets are random and stored hashed; the
// cookie holds the token. A session has a stage: `totp` (password accepted, second
// factor needed), `totp_enrolment` (the role needs a second factor and has none yet)
// and `full`. Only `full` sessions reach the rest of the API. The session id is
// rotated whenever the stage rises.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/auth/account_state.h"
#include "server/core/auth/password_hasher.h"
#include "server/core/auth/throttle.h"
#include "server/core/directory/access.h"
#include "server/ports/account_mailer.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/service/secret_box.h"
#include "server/storage/repositories/account_store.h"

namespace warroom::service {

struct AuthConfig {
  // A session ends after `session_idle` without a request, and `session_lifetime` after
  // it began whatever its activity.
  std::chrono::seconds session_idle = std::chrono::minutes(30);
  std::chrono::seconds session_lifetime = std::chrono::hours(12);
  std::chrono::seconds invitation_ttl = std::chrono::hours(24 * 7);
  std::chrono::seconds reset_ttl = std::chrono::hours(1);
  std::chrono::seconds setup_ttl = std::chrono::hours(24);
  // How long a sign-in or re-authentication counts as recent for sensitive changes.
  std::chrono::seconds reauth_window = std::chrono::minutes(5);
  core::auth::ThrottleConfig throttle;
  std::string issuer = "warroom";
  std::string public_url = "http://127.0.0.1:8080";  // base of links in e-mails
};

// A session as the API shows it, plus the cookie token when one was (re)issued.
struct SessionView {
  std::string token;  // set only when the cookie must change
  core::auth::SessionStage stage = core::auth::SessionStage::kTotp;
  std::string csrf_token;
  storage::UserRecord user;
  int64_t expires_at = 0;
};

// The caller behind a request.
struct Caller {
  core::Principal principal;
  std::string session_hash;                                          // empty for API tokens
  core::auth::SessionStage stage = core::auth::SessionStage::kTotp;  // kFull for API tokens
  std::string csrf_token;                                            // empty for API tokens
  int64_t reauthenticated_at = 0;  // ms; when the session last proved a password or code
};

struct Enrolment {
  std::string secret_b32;
  std::string otpauth_uri;
};

struct LinkInfo {
  core::auth::LinkPurpose purpose = core::auth::LinkPurpose::kInvitation;
  std::string email;
  std::string display_name;
  std::string organisation_name;
  bool totp_required = false;
  int64_t expires_at = 0;
};

struct NewApiToken {
  storage::ApiTokenRecord record;
  std::string token;  // shown once
};

class AuthService {
 public:
  AuthService(ports::Database& db, const ports::Clock& clock,
              const core::auth::PasswordHasher& hasher, const SecretBox& box,
              ports::AccountMailer& mailer, AuthConfig config);

  // Password step. kUnauthenticated "invalid_credentials" for an unknown account, a
  // wrong password or a disabled account (indistinguishable), each counted against the
  // account and the (account, address) pair and audited as "security.sign_in_failed"
  // ("security.lockout" when it starts a wait); kTooManyRequests "too_many_attempts"
  // (with retry_after_s) while either is throttled (core/auth/throttle.h).
  Result<SessionView> Login(const std::string& email, const std::string& password,
                            const std::string& address);
  // Second step with a TOTP code or a recovery code. Rotates the session. Wrong codes
  // are counted and audited like wrong passwords ("security.second_factor_failed").
  Result<SessionView> VerifySecondFactor(const Caller& caller, const std::string& code,
                                         const std::string& recovery_code,
                                         const std::string& address);
  // For a full session (replacing the factor) both steps need a recent authentication.
  Result<Enrolment> StartEnrolment(const Caller& caller);
  // Confirms the pending enrolment; returns the session (rotated) and the recovery codes.
  Result<std::pair<SessionView, std::vector<std::string>>> ConfirmEnrolment(
      const Caller& caller, const std::string& code);
  Status Logout(const Caller& caller);
  // Changes the signed-in user's own password. The current password is required (it is
  // the re-authentication); a wrong one is counted and audited like a failed sign-in and
  // answers kInvalidArgument with /current_password "wrong_password"; a weak new one
  // kInvalidArgument with /new_password. Every other session of the user ends.
  Status ChangePassword(const Caller& caller, const std::string& current, const std::string& next,
                        const std::string& address);
  // The signed-in user's own sessions (the handle is the first 16 characters of the
  // stored hash, never the cookie token), and ending one of them (kNotFound otherwise).
  Result<std::vector<storage::SessionRecord>> ListOwnSessions(const Caller& caller);
  Status RevokeOwnSession(const Caller& caller, const std::string& handle);
  // Re-authentication of a full session with the current password or a fresh TOTP code
  // (exactly one non-empty); records the time on the session. Failures count and are
  // audited like failed sign-ins ("security.reauthentication_failed");
  // kUnauthenticated "invalid_credentials" / "wrong_code", kTooManyRequests when throttled.
  Status Reauthenticate(const Caller& caller, const std::string& password, const std::string& code,
                        const std::string& address);
  // Ok when the caller's session signed in or re-authenticated within reauth_window;
  // kPermissionDenied "reauthentication_required" otherwise (and for API tokens).
  Status RequireRecentAuthentication(const Caller& caller) const;
  Result<SessionView> Describe(const Caller& caller);

  // Resolves a session cookie token; kUnauthenticated "session_expired" when unknown,
  // idle for longer than session_idle, older than session_lifetime, or its user is not
  // active.
  Result<Caller> ResolveSession(const std::string& token);
  // Resolves an `Authorization: Bearer` API token.
  Result<Caller> ResolveApiToken(const std::string& token);

  // Queues a reset link when the account exists and is active; silent otherwise. Not a
  // failed sign-in: requests count against the account's own reset budget, and
  // kTooManyRequests "too_many_attempts" when it is spent.
  Status RequestPasswordReset(const std::string& email, const std::string& address);
  // kNotFound for an unknown token, kGone when used or expired.
  Result<LinkInfo> DescribeLink(const std::string& token);
  // Sets the password through a link (once) and starts a session.
  Result<SessionView> UseLink(const std::string& token, const std::string& password,
                              const std::string& address);

  // Creates a single-use link for `user_id` inside `tx` and queues its e-mail.
  // Returns the token (for the CLI, which prints the first admin's set-up secret).
  Result<std::string> IssueLink(ports::Tx& tx, const storage::UserRecord& user,
                                core::auth::LinkPurpose purpose, int64_t now_ms, bool exercise);

  // Needs a recent authentication (RequireRecentAuthentication).
  Result<NewApiToken> CreateApiToken(const Caller& caller, const std::string& name,
                                     const std::vector<std::string>& scopes,
                                     std::optional<int64_t> expires_at);
  Result<std::vector<storage::ApiTokenRecord>> ListApiTokens(const core::Principal& p);
  Status RevokeApiToken(const core::Principal& p, int64_t id);

  // The longest a session lives (the cookie's Max-Age).
  std::chrono::seconds session_lifetime() const { return config_.session_lifetime; }

  // The scopes a role may give its tokens.
  static std::vector<std::string> ScopesFor(core::Role role);

 private:
  int64_t NowMs() const;
  Result<SessionView> NewSession(ports::Tx& tx, const storage::UserRecord& user,
                                 core::auth::SessionStage stage, const std::string& address,
                                 int64_t now);
  core::auth::SessionStage StageAfterPassword(const storage::UserRecord& user) const;
  // The wait of one throttle key, and the longer of an account's and its pair's.
  Result<std::chrono::seconds> ThrottleWaitOf(storage::AccountStore& store,
                                              core::auth::ThrottleKind kind, const std::string& key,
                                              ports::TimePoint now) const;
  Result<std::chrono::seconds> SignInWait(storage::AccountStore& store, const std::string& account,
                                          const std::string& address, ports::TimePoint now) const;
  // The signed-in caller's account, checked before a password or code is tried again
  // (re-authentication, password change): 429 while the account or the pair must wait,
  // 401 `session_expired` when the account is gone or no longer active.
  Result<std::optional<storage::UserRecord>> ActiveUserUnlessThrottled(
      const Caller& caller, const std::string& address) const;
  // Counts a failed sign-in step against the account and the pair and appends the
  // security events: `action` with the address and `reason`, and "security.lockout"
  // when this failure starts a wait. `user` is null for an unknown account, whose typed
  // name is not recorded (it may be a password typed into the wrong field).
  Status RecordSignInFailure(ports::Tx& tx, const std::string& account, const std::string& address,
                             const storage::UserRecord* user, const std::string& action,
                             const std::string& reason, ports::TimePoint now);
  // A full sign-in forgives the pair's failures (not the account's: see throttle.h).
  Status ForgivePair(ports::Tx& tx, const std::string& account, const std::string& address);

  ports::Database& db_;
  const ports::Clock& clock_;
  const core::auth::PasswordHasher& hasher_;
  const SecretBox& box_;
  ports::AccountMailer& mailer_;
  AuthConfig config_;
  std::string dummy_hash_;  // verified against when the account is unknown (timing)
};

core::Principal PrincipalOf(const storage::UserRecord& user);

}  // namespace warroom::service
