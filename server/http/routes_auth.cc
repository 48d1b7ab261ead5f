// Sign-in, second factor, sessions and single-use account links.
#include "libs/base/rfc3339.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/views.h"

namespace warroom::http {
namespace {

nlohmann::json SessionJson(const service::SessionView& v) {
  return {{"stage", core::auth::Name(v.stage)},
          {"csrf_token", v.csrf_token},
          {"user", service::ToJson(v.user)},
          {"expires_at", FormatRfc3339(v.expires_at)}};
}

std::string LinkToken(const Request& r) {
  auto it = r.params.find("token");
  return it == r.params.end() ? std::string() : it->second;
}

}  // namespace

void RegisterAuthRoutes(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/auth/session", Access::kAnySession, kNoPermission,
              [&deps](const Request&, const service::Caller* c) {
                auto view = deps.auth.Describe(*c);
                if (!view) return Problem(view.error());
                return Response::Json(200, SessionJson(*view));
              }});

  router.Add({"POST", "/api/auth/login", Access::kPublic, kNoPermission,
              [&deps](const Request& r, const service::Caller*) {
                JsonInput in(r.body);
                const std::string email = in.String("email", 254);
                const std::string password = in.String("password", 256);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto view = deps.auth.Login(email, password, r.remote_address);
                if (!view) return Problem(view.error());
                return WithSession(deps, Response::Json(200, SessionJson(*view)), *view);
              }});

  router.Add({"POST", "/api/auth/totp", Access::kAnySession, kNoPermission,
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const auto code = in.OptString("code", 16);
                const auto recovery = in.OptString("recovery_code", 32);
                if (!code && !recovery) in.Fail("code", "required");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto view = deps.auth.VerifySecondFactor(*c, code.value_or(""),
                                                         recovery.value_or(""), r.remote_address);
                if (!view) return Problem(view.error());
                return WithSession(deps, Response::Json(200, SessionJson(*view)), *view);
              }});

  router.Add(
      {"POST", "/api/auth/totp/enrolment", Access::kAnySession, kNoPermission,
       [&deps](const Request& r, const service::Caller* c) {
         if (!r.body.empty()) {
           JsonInput in(r.body);
           if (auto ok = in.Finish(); !ok) return Problem(ok.error());
         }
         auto e = deps.auth.StartEnrolment(*c);
         if (!e) return Problem(e.error());
         return Response::Json(200, {{"secret", e->secret_b32}, {"otpauth_uri", e->otpauth_uri}});
       }});

  router.Add({"POST", "/api/auth/totp/enrolment/confirm", Access::kAnySession, kNoPermission,
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const std::string code = in.String("code", 16);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto done = deps.auth.ConfirmEnrolment(*c, code);
                if (!done) return Problem(done.error());
                return WithSession(deps,
                                   Response::Json(200, {{"recovery_codes", done->second},
                                                        {"session", SessionJson(done->first)}}),
                                   done->first);
              }});

  router.Add({"POST", "/api/auth/reauthenticate", Access::kSignedIn,
              Permission{Resource::kSession, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const auto password = in.OptString("password", 256);
                const auto code = in.OptString("code", 16);
                if (!password && !code) in.Fail("password", "required");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                if (auto ok = deps.auth.Reauthenticate(*c, password.value_or(""), code.value_or(""),
                                                       r.remote_address);
                    !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  router.Add({"POST", "/api/auth/password", Access::kSignedIn,
              Permission{Resource::kSession, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const std::string current = in.String("current_password", 256);
                const std::string next = in.String("new_password", 256);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                if (auto ok = deps.auth.ChangePassword(*c, current, next, r.remote_address); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  router.Add({"GET", "/api/auth/sessions", Access::kSignedIn,
              Permission{Resource::kSession, Action::kRead},
              [&deps](const Request&, const service::Caller* c) {
                auto sessions = deps.auth.ListOwnSessions(*c);
                if (!sessions) return Problem(sessions.error());
                nlohmann::json items = nlohmann::json::array();
                for (const auto& s : *sessions) {
                  items.push_back({{"id", s.id_hash.substr(0, 16)},
                                   {"current", s.id_hash == c->session_hash},
                                   {"stage", core::auth::Name(s.stage)},
                                   {"address", s.address},
                                   {"created_at", FormatRfc3339(s.created_at)},
                                   {"last_seen_at", FormatRfc3339(s.last_seen_at)},
                                   {"expires_at", FormatRfc3339(s.expires_at)}});
                }
                return Response::Json(200, {{"items", items}});
              }});

  router.Add({"DELETE", "/api/auth/sessions/{id}", Access::kSignedIn,
              Permission{Resource::kSession, Action::kDelete},
              [&deps](const Request& r, const service::Caller* c) {
                auto it = r.params.find("id");
                const std::string handle = it == r.params.end() ? "" : it->second;
                if (auto ok = deps.auth.RevokeOwnSession(*c, handle); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  router.Add({"POST", "/api/auth/logout", Access::kAnySession, kNoPermission,
              [&deps](const Request&, const service::Caller* c) {
                if (auto ok = deps.auth.Logout(*c); !ok) return Problem(ok.error());
                return Response::NoContent().With("Set-Cookie", SessionCookie(deps, "", 0));
              }});

  router.Add({"POST", "/api/auth/password-reset", Access::kPublic, kNoPermission,
              [&deps](const Request& r, const service::Caller*) {
                JsonInput in(r.body);
                const std::string email = in.String("email", 254);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                if (auto ok = deps.auth.RequestPasswordReset(email, r.remote_address); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent(202);
              }});

  Route describe_link{"GET", "/api/account-links/{token}", Access::kPublic, kNoPermission,
                      [&deps](const Request& r, const service::Caller*) {
                        auto info = deps.auth.DescribeLink(LinkToken(r));
                        if (!info) return Problem(info.error());
                        return Response::Json(200,
                                              {{"purpose", core::auth::Name(info->purpose)},
                                               {"email", info->email},
                                               {"display_name", info->display_name},
                                               {"organisation_name", info->organisation_name},
                                               {"totp_required", info->totp_required},
                                               {"expires_at", FormatRfc3339(info->expires_at)}});
                      }};
  describe_link.secret_in_path = true;
  router.Add(std::move(describe_link));

  Route use_link{"POST", "/api/account-links/{token}", Access::kPublic, kNoPermission,
                 [&deps](const Request& r, const service::Caller*) {
                   JsonInput in(r.body);
                   const std::string password = in.String("password", 256);
                   if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                   auto view = deps.auth.UseLink(LinkToken(r), password, r.remote_address);
                   if (!view) return Problem(view.error());
                   return WithSession(deps, Response::Json(200, SessionJson(*view)), *view);
                 }};
  use_link.secret_in_path = true;
  router.Add(std::move(use_link));
}

}  // namespace warroom::http
