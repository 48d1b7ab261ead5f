#include "server/service/auth_service.h"

#include <algorithm>

#include "server/core/auth/password_policy.h"
#include "server/core/auth/secrets.h"
#include "server/core/auth/totp.h"
#include "server/core/directory/validate.h"
#include "server/service/audited_write.h"
#include "server/service/views.h"
#include "server/storage/repositories/audit_store.h"

namespace warroom::service {
namespace {

namespace auth = core::auth;
using ports::Tx;
using storage::AccountStore;
using storage::UserRecord;

using auth::AccountStatus;
using auth::LinkPurpose;
using auth::SessionStage;

constexpr SessionStage kStageTotp = SessionStage::kTotp;
constexpr SessionStage kStageEnrol = SessionStage::kTotpEnrolment;
constexpr SessionStage kStageFull = SessionStage::kFull;
// Sessions are touched at most this often (or a quarter of the idle timeout when that
// is shorter), so that reads do not become writes.
constexpr int64_t kTouchEveryMs = int64_t{5} * 60 * 1000;

int64_t ToMs(ports::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

int64_t Ms(std::chrono::seconds s) { return static_cast<int64_t>(s.count()) * 1000; }

Error InvalidCredentials() { return Error::Unauthenticated("invalid_credentials"); }

// An entry about the user's own account, by the user.
Status AuditSelf(Tx& tx, const UserRecord& user, const std::string& action, int64_t now,
                 std::string after = "") {
  return Audit(tx, Actor{user.id, user.email}, action, {"user", user.id, user.organisation_id}, "",
               std::move(after), now);
}

}  // namespace

core::Principal PrincipalOf(const UserRecord& user) {
  core::Principal p;
  p.user_id = user.id;
  p.role = user.role;
  p.organisation_id = user.organisation_id;
  p.label = user.email;
  return p;
}

AuthService::AuthService(ports::Database& db, const ports::Clock& clock,
                         const auth::PasswordHasher& hasher, const SecretBox& box,
                         ports::AccountMailer& mailer, AuthConfig config)
    : db_(db),
      clock_(clock),
      hasher_(hasher),
      box_(box),
      mailer_(mailer),
      config_(std::move(config)) {
  // A real hash of a random password, so that an unknown account costs as much time as
  // a wrong password.
  auto random = auth::RandomToken(24);
  auto hash = hasher_.Hash(random ? *random : std::string("unused-placeholder-password"));
  dummy_hash_ = hash ? *hash : std::string();
}

int64_t AuthService::NowMs() const { return ToMs(clock_.Now()); }

SessionStage AuthService::StageAfterPassword(const UserRecord& user) const {
  // Every role is a person's role and needs a second factor: a SPOC can re-route her
  // organisation's deputies, a member reads incidents. Machines use API tokens, which
  // have no second factor; no role is exempt.
  return user.totp_secret ? kStageTotp : kStageEnrol;
}

Result<std::chrono::seconds> AuthService::ThrottleWaitOf(AccountStore& store,
                                                         auth::ThrottleKind kind,
                                                         const std::string& key,
                                                         ports::TimePoint now) const {
  const auth::ThrottleLimit& limit = auth::LimitOf(config_.throttle, kind);
  WR_ASSIGN_OR_RETURN(storage::ThrottleWindow w,
                      store.ThrottleFailures(key, ToMs(now) - Ms(limit.window)));
  const auth::FailureWindow window{w.failures,
                                   ports::TimePoint(std::chrono::milliseconds(w.last_at))};
  return auth::ThrottleWait(config_.throttle, limit, window, now);
}

Result<std::chrono::seconds> AuthService::SignInWait(AccountStore& store,
                                                     const std::string& account,
                                                     const std::string& address,
                                                     ports::TimePoint now) const {
  WR_ASSIGN_OR_RETURN(
      auto by_account,
      ThrottleWaitOf(store, auth::ThrottleKind::kAccount,
                     auth::ThrottleKey(auth::ThrottleKind::kAccount, account), now));
  WR_ASSIGN_OR_RETURN(
      auto by_pair,
      ThrottleWaitOf(store, auth::ThrottleKind::kPair,
                     auth::ThrottleKey(auth::ThrottleKind::kPair, account, address), now));
  return std::max(by_account, by_pair);
}

Result<std::optional<UserRecord>> AuthService::ActiveUserUnlessThrottled(
    const Caller& caller, const std::string& address) const {
  std::optional<UserRecord> user;
  std::chrono::seconds wait{0};
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(wait, SignInWait(store, caller.principal.label, address, clock_.Now()));
    WR_ASSIGN_OR_RETURN(user, store.FindUser(caller.principal.user_id));
    return Ok();
  }));
  if (wait.count() > 0) return auth::TooManyAttempts(wait);
  if (!user || user->status != AccountStatus::kActive) {
    return Error::Unauthenticated("session_expired");
  }
  return user;
}

Status AuthService::RecordSignInFailure(Tx& tx, const std::string& account,
                                        const std::string& address, const UserRecord* user,
                                        const std::string& action, const std::string& reason,
                                        ports::TimePoint now) {
  AccountStore store(tx);
  const int64_t now_ms = ToMs(now);
  WR_RETURN_IF_ERROR(store.PruneThrottle(now_ms - Ms(auth::LongestWindow(config_.throttle))));
  WR_RETURN_IF_ERROR(
      store.AddThrottleFailure(auth::ThrottleKey(auth::ThrottleKind::kAccount, account), now_ms));
  WR_RETURN_IF_ERROR(store.AddThrottleFailure(
      auth::ThrottleKey(auth::ThrottleKind::kPair, account, address), now_ms));
  const Actor actor{user ? user->id : 0, user ? user->email : "anonymous"};
  const AuditTarget target{"user", user ? user->id : 0, user ? user->organisation_id : 0};
  WR_RETURN_IF_ERROR(Audit(tx, actor, action, target, "",
                           nlohmann::json{{"address", address}, {"reason", reason}}.dump(),
                           now_ms));
  WR_ASSIGN_OR_RETURN(auto wait, SignInWait(store, account, address, now));
  if (wait.count() > 0) {
    WR_RETURN_IF_ERROR(Audit(
        tx, actor, "security.lockout", target, "",
        nlohmann::json{{"address", address}, {"retry_after", static_cast<int64_t>(wait.count())}}
            .dump(),
        now_ms));
  }
  return Ok();
}

Status AuthService::ForgivePair(Tx& tx, const std::string& account, const std::string& address) {
  return AccountStore(tx).ClearThrottle(
      auth::ThrottleKey(auth::ThrottleKind::kPair, account, address));
}

Result<SessionView> AuthService::NewSession(Tx& tx, const UserRecord& user, SessionStage stage,
                                            const std::string& address, int64_t now) {
  WR_ASSIGN_OR_RETURN(std::string token, auth::RandomToken());
  WR_ASSIGN_OR_RETURN(std::string csrf, auth::RandomToken());
  storage::SessionRecord s;
  s.id_hash = auth::HashToken(token);
  s.user_id = user.id;
  s.stage = stage;
  s.csrf_token = csrf;
  s.address = address;
  s.created_at = s.last_seen_at = now;
  s.expires_at = std::min(now + Ms(config_.session_idle), now + Ms(config_.session_lifetime));
  // Reaching the full stage is itself a proof of the password and the second factor.
  s.reauthenticated_at = stage == kStageFull ? now : 0;
  WR_RETURN_IF_ERROR(AccountStore(tx).InsertSession(s));
  if (stage == kStageFull) {
    WR_RETURN_IF_ERROR(AccountStore(tx).RecordSignIn(user.id, now));
  }
  return SessionView{token, stage, csrf, user, s.expires_at};
}

Result<SessionView> AuthService::Login(const std::string& email_in, const std::string& password,
                                       const std::string& address) {
  auto email = core::NormaliseEmail(email_in);
  const std::string account = email ? *email : email_in;
  const ports::TimePoint started = clock_.Now();
  std::optional<UserRecord> user;
  std::chrono::seconds wait{0};
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(wait, SignInWait(store, account, address, started));
    if (!email || wait.count() > 0) return Ok();
    WR_ASSIGN_OR_RETURN(user, store.FindUserByEmail(*email));
    return Ok();
  }));
  if (wait.count() > 0) return auth::TooManyAttempts(wait);
  const bool usable = user && user->status == AccountStatus::kActive && user->password_hash;
  const bool match = hasher_.Verify(usable ? *user->password_hash : dummy_hash_, password);
  if (!usable || !match) {
    const char* reason = !user                                    ? "unknown_account"
                         : user->status != AccountStatus::kActive ? "account_not_active"
                                                                  : "wrong_password";
    WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
      return RecordSignInFailure(tx, account, address, user ? &*user : nullptr,
                                 "security.sign_in_failed", reason, clock_.Now());
    }));
    return InvalidCredentials();
  }
  const int64_t now = NowMs();
  SessionView view;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(view, NewSession(tx, *user, StageAfterPassword(*user), address, now));
    if (view.stage == kStageFull) {
      WR_RETURN_IF_ERROR(ForgivePair(tx, account, address));
      WR_RETURN_IF_ERROR(AuditSelf(tx, *user, "user.sign_in", now));
    }
    return Ok();
  }));
  return view;
}

Result<SessionView> AuthService::VerifySecondFactor(const Caller& caller, const std::string& code,
                                                    const std::string& recovery_code,
                                                    const std::string& address) {
  if (caller.stage != kStageTotp) {
    return Error::PermissionDenied("no second factor is expected for this session");
  }
  const std::string account = caller.principal.label;
  std::chrono::seconds wait{0};
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(wait, SignInWait(store, account, address, clock_.Now()));
    return Ok();
  }));
  if (wait.count() > 0) return auth::TooManyAttempts(wait);
  const int64_t now = NowMs();
  std::optional<UserRecord> signing_in;
  SessionView view;
  Status verdict = Ok();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto user, store.FindUser(caller.principal.user_id));
    if (!user || !user->totp_secret || user->status != AccountStatus::kActive)
      return InvalidCredentials();
    signing_in = user;
    if (!recovery_code.empty()) {
      auto normal = auth::NormalizeRecoveryCode(recovery_code);
      bool used = false;
      if (normal) {
        WR_ASSIGN_OR_RETURN(used, store.UseRecoveryCode(user->id, auth::HashToken(*normal), now));
      }
      if (!used) {
        verdict = Error::Unauthenticated("wrong_code");
        return Ok();  // nothing to store; the failure is counted below
      }
      WR_RETURN_IF_ERROR(AuditSelf(tx, *user, "user.recovery_code_used", now));
    } else {
      WR_ASSIGN_OR_RETURN(std::string secret, box_.Open(*user->totp_secret));
      auto step = auth::VerifyTotp(secret, code, clock_.Now(), user->totp_last_step);
      if (!step) {
        verdict = step.error();
        return Ok();
      }
      WR_ASSIGN_OR_RETURN(bool fresh, store.AdvanceTotpStep(user->id, *step));
      if (!fresh) {
        verdict = Error::Unauthenticated("code_already_used");
        return Ok();
      }
    }
    WR_RETURN_IF_ERROR(store.DeleteSession(caller.session_hash));
    WR_ASSIGN_OR_RETURN(view, NewSession(tx, *user, kStageFull, address, now));
    WR_RETURN_IF_ERROR(ForgivePair(tx, account, address));
    return AuditSelf(tx, *user, "user.sign_in", now);
  }));
  if (!verdict) {
    WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
      return RecordSignInFailure(tx, account, address, signing_in ? &*signing_in : nullptr,
                                 "security.second_factor_failed", verdict.error().message,
                                 clock_.Now());
    }));
    return verdict.error();
  }
  return view;
}

Result<Enrolment> AuthService::StartEnrolment(const Caller& caller) {
  if (caller.stage != kStageEnrol && caller.stage != kStageFull) {
    return Error::PermissionDenied("sign in first");
  }
  if (caller.principal.via_token) return Error::PermissionDenied("not with an API token");
  if (caller.stage == kStageFull) WR_RETURN_IF_ERROR(RequireRecentAuthentication(caller));
  WR_ASSIGN_OR_RETURN(std::string raw, auth::GenerateTotpSecret());
  const std::string b32 = auth::Base32Encode(raw);
  WR_ASSIGN_OR_RETURN(std::string uri,
                      auth::OtpauthUri(config_.issuer, caller.principal.label, b32));
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    return AccountStore(tx).UpdateSessionStage(caller.session_hash, caller.stage, box_.Seal(raw));
  }));
  return Enrolment{b32, uri};
}

Result<std::pair<SessionView, std::vector<std::string>>> AuthService::ConfirmEnrolment(
    const Caller& caller, const std::string& code) {
  if (caller.stage != kStageEnrol && caller.stage != kStageFull) {
    return Error::PermissionDenied("sign in first");
  }
  if (caller.stage == kStageFull) WR_RETURN_IF_ERROR(RequireRecentAuthentication(caller));
  WR_ASSIGN_OR_RETURN(std::vector<std::string> codes, auth::GenerateRecoveryCodes());
  const int64_t now = NowMs();
  SessionView view;
  Status verdict = Ok();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto session, store.FindSession(caller.session_hash));
    if (!session || !session->pending_totp_secret) {
      verdict = Error::InvalidArgument("no_enrolment_started");
      return Ok();
    }
    WR_ASSIGN_OR_RETURN(std::string secret, box_.Open(*session->pending_totp_secret));
    auto step = auth::VerifyTotp(secret, code, clock_.Now(), 0);
    if (!step) {
      verdict = step.error();
      return Ok();
    }
    WR_ASSIGN_OR_RETURN(auto user, store.FindUser(caller.principal.user_id));
    if (!user) return Error::NotFound("account not found");
    WR_RETURN_IF_ERROR(store.SetTotp(user->id, box_.Seal(secret), *step, now));
    std::vector<std::string> hashes;
    for (const auto& c : codes) {
      WR_ASSIGN_OR_RETURN(std::string normal, auth::NormalizeRecoveryCode(c));
      hashes.push_back(auth::HashToken(normal));
    }
    WR_RETURN_IF_ERROR(store.ReplaceRecoveryCodes(user->id, hashes));
    // A new factor ends every other session of the account.
    WR_RETURN_IF_ERROR(store.DeleteSessionsOfUser(user->id));
    if (caller.stage == kStageEnrol) {
      WR_RETURN_IF_ERROR(ForgivePair(tx, caller.principal.label, session->address));
    }
    WR_ASSIGN_OR_RETURN(auto fresh, store.FindUser(user->id));
    WR_ASSIGN_OR_RETURN(view, NewSession(tx, *fresh, kStageFull, session->address, now));
    return AuditSelf(tx, *fresh, "user.totp_enrol", now);
  }));
  if (!verdict) {
    return Error(verdict.error().code == ErrorCode::kUnauthenticated ? ErrorCode::kInvalidArgument
                                                                     : verdict.error().code,
                 verdict.error().message,
                 {{"/code", 0, 0, verdict.error().message, verdict.error().message}});
  }
  return std::make_pair(view, codes);
}

Status AuthService::RequireRecentAuthentication(const Caller& caller) const {
  if (caller.principal.via_token || caller.stage != kStageFull || caller.reauthenticated_at <= 0 ||
      NowMs() - caller.reauthenticated_at > Ms(config_.reauth_window)) {
    return Error::PermissionDenied("reauthentication_required");
  }
  return Ok();
}

Status AuthService::Reauthenticate(const Caller& caller, const std::string& password,
                                   const std::string& code, const std::string& address) {
  if (caller.principal.via_token || caller.stage != kStageFull) {
    return Error::PermissionDenied("reauthentication_required");
  }
  if (password.empty() == code.empty()) {
    return Error::Invalid(
        "give the current password or a code",
        {{password.empty() ? "/password" : "/code", 0, 0, "password_or_code", "password_or_code"}});
  }
  const std::string account = caller.principal.label;
  WR_ASSIGN_OR_RETURN(std::optional<UserRecord> user, ActiveUserUnlessThrottled(caller, address));
  Status verdict = Ok();
  if (!password.empty()) {
    // Outside the transaction: argon2id takes a while and must not hold the writer.
    if (!user->password_hash || !hasher_.Verify(*user->password_hash, password)) {
      verdict = InvalidCredentials();
    }
  }
  const int64_t now = NowMs();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    if (!code.empty()) {
      if (!user->totp_secret) {
        verdict = Error::Unauthenticated("wrong_code");
      } else {
        WR_ASSIGN_OR_RETURN(std::string secret, box_.Open(*user->totp_secret));
        WR_ASSIGN_OR_RETURN(auto fresh_user, store.FindUser(user->id));
        const int64_t last = fresh_user ? fresh_user->totp_last_step : user->totp_last_step;
        auto step = auth::VerifyTotp(secret, code, clock_.Now(), last);
        if (!step) {
          verdict = step.error();
        } else {
          WR_ASSIGN_OR_RETURN(bool fresh, store.AdvanceTotpStep(user->id, *step));
          if (!fresh) verdict = Error::Unauthenticated("code_already_used");
        }
      }
    }
    if (!verdict) {
      return RecordSignInFailure(tx, account, address, &*user, "security.reauthentication_failed",
                                 verdict.error().message, clock_.Now());
    }
    WR_RETURN_IF_ERROR(store.SetReauthenticated(caller.session_hash, now));
    return AuditSelf(tx, *user, "user.reauthenticate", now);
  }));
  return verdict;
}

Status AuthService::ChangePassword(const Caller& caller, const std::string& current,
                                   const std::string& next, const std::string& address) {
  if (caller.principal.via_token || caller.stage != kStageFull) {
    return Error::PermissionDenied("not with an API token");
  }
  const std::string account = caller.principal.label;
  WR_ASSIGN_OR_RETURN(std::optional<UserRecord> user, ActiveUserUnlessThrottled(caller, address));
  if (!user->password_hash || !hasher_.Verify(*user->password_hash, current)) {
    WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
      return RecordSignInFailure(tx, account, address, &*user, "security.password_change_failed",
                                 "wrong_password", clock_.Now());
    }));
    return Error::Invalid("the current password is wrong",
                          {{"/current_password", 0, 0, "wrong_password", "wrong_password"}});
  }
  if (auto policy = auth::CheckPassword(next, user->email, user->display_name); !policy) {
    return Error::Invalid(std::string(auth::PasswordReasonText(policy.error().message)),
                          {{"/new_password", 0, 0, policy.error().message,
                            std::string(auth::PasswordReasonText(policy.error().message))}});
  }
  WR_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(next));
  const int64_t now = NowMs();
  return db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_RETURN_IF_ERROR(store.SetPassword(user->id, hash, now));
    // Whoever else holds a session (perhaps why the password changes) is out.
    WR_RETURN_IF_ERROR(store.DeleteOtherSessions(user->id, caller.session_hash));
    WR_RETURN_IF_ERROR(store.SetReauthenticated(caller.session_hash, now));
    return AuditSelf(tx, *user, "user.password_change", now);
  });
}

Result<std::vector<storage::SessionRecord>> AuthService::ListOwnSessions(const Caller& caller) {
  if (caller.principal.via_token) return Error::PermissionDenied("not with an API token");
  const int64_t now = NowMs();
  std::vector<storage::SessionRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto all, AccountStore(tx).SessionsOf(caller.principal.user_id));
    for (auto& s : all) {
      if (s.expires_at > now && now < s.created_at + Ms(config_.session_lifetime)) {
        out.push_back(std::move(s));
      }
    }
    return Ok();
  }));
  return out;
}

Status AuthService::RevokeOwnSession(const Caller& caller, const std::string& handle) {
  if (caller.principal.via_token) return Error::PermissionDenied("not with an API token");
  if (handle.size() != 16) return Error::NotFound("session not found");
  const int64_t now = NowMs();
  return db_.Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(bool gone,
                        AccountStore(tx).DeleteSessionByHandle(caller.principal.user_id, handle));
    if (!gone) return Error::NotFound("session not found");
    return Audit(tx, ActorOf(caller.principal), "user.session_revoke",
                 {"session", handle, caller.principal.organisation_id}, "", "", now);
  });
}

Status AuthService::Logout(const Caller& caller) {
  if (caller.session_hash.empty()) return Error::InvalidArgument("no session to end");
  return db_.Write(
      [&](Tx& tx) -> Status { return AccountStore(tx).DeleteSession(caller.session_hash); });
}

Result<SessionView> AuthService::Describe(const Caller& caller) {
  SessionView view;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto user, store.FindUser(caller.principal.user_id));
    WR_ASSIGN_OR_RETURN(auto session, store.FindSession(caller.session_hash));
    if (!user || !session) return Error::Unauthenticated("session_expired");
    view = SessionView{"", session->stage, session->csrf_token, *user, session->expires_at};
    return Ok();
  }));
  return view;
}

Result<Caller> AuthService::ResolveSession(const std::string& token) {
  if (token.empty() || token.size() > 128) return Error::Unauthenticated("no_session");
  const std::string hash = auth::HashToken(token);
  const int64_t now = NowMs();
  std::optional<storage::SessionWithUser> found;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(found, AccountStore(tx).FindSessionWithUser(hash));
    return Ok();
  }));
  if (!found || found->session.expires_at <= now ||
      now >= found->session.created_at + Ms(config_.session_lifetime) ||
      found->user.status != AccountStatus::kActive) {
    return Error::Unauthenticated("session_expired");
  }
  const storage::SessionRecord& session = found->session;
  if (now - session.last_seen_at > std::min(kTouchEveryMs, Ms(config_.session_idle) / 4)) {
    // Idle time is extended, never past the absolute lifetime.
    const int64_t expires =
        std::min(now + Ms(config_.session_idle), session.created_at + Ms(config_.session_lifetime));
    WR_RETURN_IF_ERROR(db_.Write(
        [&](Tx& tx) -> Status { return AccountStore(tx).TouchSession(hash, now, expires); }));
  }
  return Caller{PrincipalOf(found->user), hash, session.stage, session.csrf_token,
                session.reauthenticated_at};
}

Result<Caller> AuthService::ResolveApiToken(const std::string& text) {
  WR_ASSIGN_OR_RETURN(auth::ApiToken parsed, auth::ParseApiToken(text));
  const int64_t now = NowMs();
  std::optional<storage::TokenWithUser> found;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(found, AccountStore(tx).FindTokenWithUser(parsed.id));
    return Ok();
  }));
  if (!found || found->token.revoked_at ||
      (found->token.expires_at && *found->token.expires_at <= now) ||
      !auth::ConstantTimeEquals(auth::HashToken(parsed.secret), found->token.secret_hash) ||
      found->user.status != AccountStatus::kActive) {
    return Error::Unauthenticated("invalid_token");
  }
  const storage::ApiTokenRecord& record = found->token;
  if (!record.last_used_at || now - *record.last_used_at > 60'000) {
    WR_RETURN_IF_ERROR(
        db_.Write([&](Tx& tx) -> Status { return AccountStore(tx).TouchToken(record.id, now); }));
  }
  Caller c{PrincipalOf(found->user), "", kStageFull, ""};
  c.principal.via_token = true;
  c.principal.label = "token:" + record.name + " (" + found->user.email + ")";
  c.principal.scopes.insert(record.scopes.begin(), record.scopes.end());
  return c;
}

Result<std::string> AuthService::IssueLink(Tx& tx, const UserRecord& user, LinkPurpose purpose,
                                           int64_t now, bool exercise) {
  WR_ASSIGN_OR_RETURN(std::string token, auth::RandomToken());
  std::chrono::seconds ttl = config_.setup_ttl;
  if (purpose == LinkPurpose::kInvitation) ttl = config_.invitation_ttl;
  if (purpose == LinkPurpose::kPasswordReset) ttl = config_.reset_ttl;
  AccountStore store(tx);
  WR_RETURN_IF_ERROR(store.VoidLinks(user.id, now));
  storage::AccountLinkRecord link{auth::HashToken(token), user.id,     purpose, now,
                                  now + Ms(ttl),          std::nullopt};
  WR_RETURN_IF_ERROR(store.InsertLink(link));
  ports::AccountMail mail{purpose,
                          user.email,
                          user.display_name,
                          user.organisation_name,
                          user.preferred_language,
                          config_.public_url + "/activate#token=" + token,
                          link.expires_at,
                          exercise};
  WR_RETURN_IF_ERROR(mailer_.Queue(tx, mail, now));
  return token;
}

Status AuthService::RequestPasswordReset(const std::string& email_in, const std::string& address) {
  auto email = core::NormaliseEmail(email_in);
  if (!email) {
    return Error::Invalid("invalid e-mail address",
                          {{"/email", 0, 0, "invalid_email", "invalid_email"}});
  }
  // Not a failed sign-in (that would let anyone lock an account by asking for resets),
  // but a budget of its own, so that the form cannot flood an inbox.
  const ports::TimePoint at = clock_.Now();
  const int64_t now = ToMs(at);
  const std::string key = auth::ThrottleKey(auth::ThrottleKind::kReset, *email);
  Status verdict = Ok();
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto wait, ThrottleWaitOf(store, auth::ThrottleKind::kReset, key, at));
    if (wait.count() > 0) {
      verdict = auth::TooManyAttempts(wait);
      return Ok();
    }
    WR_RETURN_IF_ERROR(store.PruneThrottle(now - Ms(auth::LongestWindow(config_.throttle))));
    WR_RETURN_IF_ERROR(store.AddThrottleFailure(key, now));
    WR_ASSIGN_OR_RETURN(auto user, store.FindUserByEmail(*email));
    if (!user || user->status != AccountStatus::kActive) return Ok();
    WR_RETURN_IF_ERROR(StatusOf(IssueLink(tx, *user, LinkPurpose::kPasswordReset, now, false)));
    return AuditSelf(tx, *user, "user.password_reset_requested", now,
                     nlohmann::json{{"address", address}}.dump());
  }));
  return verdict;
}

Result<LinkInfo> AuthService::DescribeLink(const std::string& token) {
  if (token.empty() || token.size() > 128) return Error::NotFound("unknown_link");
  const int64_t now = NowMs();
  LinkInfo info;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto link, store.FindLink(auth::HashToken(token)));
    if (!link) return Error::NotFound("unknown_link");
    if (link->used_at) return Error::Gone("link_used");
    if (link->expires_at <= now) return Error::Gone("link_expired");
    WR_ASSIGN_OR_RETURN(auto user, store.FindUser(link->user_id));
    if (!user || user->status == AccountStatus::kDisabled) return Error::Gone("account_disabled");
    info = LinkInfo{link->purpose,
                    user->email,
                    user->display_name,
                    user->organisation_name,
                    link->purpose != LinkPurpose::kPasswordReset || !user->totp_secret,
                    link->expires_at};
    return Ok();
  }));
  return info;
}

Result<SessionView> AuthService::UseLink(const std::string& token, const std::string& password,
                                         const std::string& address) {
  WR_ASSIGN_OR_RETURN(LinkInfo info, DescribeLink(token));
  if (auto policy = auth::CheckPassword(password, info.email, info.display_name); !policy) {
    return Error::Invalid(std::string(auth::PasswordReasonText(policy.error().message)),
                          {{"/password", 0, 0, policy.error().message,
                            std::string(auth::PasswordReasonText(policy.error().message))}});
  }
  // Hash outside the transaction: argon2id takes a while and must not hold the writer.
  WR_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  const int64_t now = NowMs();
  SessionView view;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    AccountStore store(tx);
    const std::string token_hash = auth::HashToken(token);
    WR_ASSIGN_OR_RETURN(auto link, store.FindLink(token_hash));
    if (!link) return Error::NotFound("unknown_link");
    WR_ASSIGN_OR_RETURN(bool consumed, store.ConsumeLink(token_hash, now));
    if (!consumed) return Error::Gone("link_used");
    WR_ASSIGN_OR_RETURN(auto user, store.FindUser(link->user_id));
    if (!user) return Error::NotFound("unknown_link");
    WR_RETURN_IF_ERROR(store.SetPassword(user->id, hash, now));
    if (link->purpose != LinkPurpose::kPasswordReset) {
      // Invitations and set-up links start the second factor afresh.
      WR_RETURN_IF_ERROR(store.SetTotp(user->id, std::nullopt, 0, now));
      WR_RETURN_IF_ERROR(store.ReplaceRecoveryCodes(user->id, {}));
    }
    WR_RETURN_IF_ERROR(store.DeleteSessionsOfUser(user->id));
    WR_ASSIGN_OR_RETURN(auto fresh, store.FindUser(user->id));
    WR_RETURN_IF_ERROR(
        AuditSelf(tx, *fresh, "user.password_set." + std::string(auth::Name(link->purpose)), now));
    WR_ASSIGN_OR_RETURN(view, NewSession(tx, *fresh, StageAfterPassword(*fresh), address, now));
    return Ok();
  }));
  return view;
}

std::vector<std::string> AuthService::ScopesFor(core::Role role) {
  switch (role) {
    case core::Role::kWarroomAdmin:
    case core::Role::kWarroomAnalyst:
    case core::Role::kSpoc:
      return {"directory:read", "directory:write", "iocs:read", "sightings:write"};
    case core::Role::kMember:
    case core::Role::kProvider:
    case core::Role::kAuditor:
      return {"directory:read", "iocs:read", "sightings:write"};
    case core::Role::kObserver:
      return {};
  }
  return {};
}

Result<NewApiToken> AuthService::CreateApiToken(const Caller& caller, const std::string& name,
                                                const std::vector<std::string>& scopes,
                                                std::optional<int64_t> expires_at) {
  const core::Principal& p = caller.principal;
  if (p.via_token) return Error::PermissionDenied("API tokens cannot create API tokens");
  std::vector<FieldError> errors;
  auto clean = core::NormaliseName(name, 100);
  if (!clean) errors.push_back({"/name", 0, 0, clean.error().message, clean.error().message});
  const auto allowed = ScopesFor(p.role);
  if (scopes.empty()) errors.push_back({"/scopes", 0, 0, "required", "required"});
  for (size_t i = 0; i < scopes.size(); ++i) {
    if (std::find(allowed.begin(), allowed.end(), scopes[i]) == allowed.end()) {
      errors.push_back(
          {"/scopes/" + std::to_string(i), 0, 0, "scope_not_allowed", "scope_not_allowed"});
    }
  }
  const int64_t now = NowMs();
  if (expires_at && *expires_at <= now) {
    errors.push_back({"/expires_at", 0, 0, "in_the_past", "in_the_past"});
  }
  if (!errors.empty()) return Error::Invalid("the request has invalid fields", errors);
  WR_RETURN_IF_ERROR(RequireRecentAuthentication(caller));
  WR_ASSIGN_OR_RETURN(auth::ApiToken token, auth::NewApiToken());
  storage::ApiTokenRecord record;
  record.lookup_id = token.id;
  record.user_id = p.user_id;
  record.name = *clean;
  record.scopes = scopes;
  std::sort(record.scopes.begin(), record.scopes.end());
  record.scopes.erase(std::unique(record.scopes.begin(), record.scopes.end()), record.scopes.end());
  record.secret_hash = auth::HashToken(token.secret);
  record.created_at = now;
  record.expires_at = expires_at;
  WR_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(record, AccountStore(tx).InsertToken(record));
    return Audit(tx, ActorOf(p), "token.create", {"api_token", record.id, p.organisation_id}, "",
                 ToJson(record).dump(), now);
  }));
  return NewApiToken{record, auth::FormatApiToken(token)};
}

Result<std::vector<storage::ApiTokenRecord>> AuthService::ListApiTokens(const core::Principal& p) {
  std::vector<storage::ApiTokenRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, AccountStore(tx).TokensOf(p.user_id));
    return Ok();
  }));
  return out;
}

Status AuthService::RevokeApiToken(const core::Principal& p, int64_t id) {
  const int64_t now = NowMs();
  return db_.Write([&](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(AccountStore(tx).RevokeToken(id, p.user_id, now));
    return Audit(tx, ActorOf(p), "token.revoke", {"api_token", id, p.organisation_id}, "", "", now);
  });
}

}  // namespace warroom::service
