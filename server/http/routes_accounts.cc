// Accounts (war room admin), API tokens (own) and the audit log.
#include "libs/base/rfc3339.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/views.h"

namespace warroom::http {

void RegisterAccountRoutes(Router& router, const ApiDeps& deps) {
  using service::ToJson;

  router.Add({"GET", "/api/users", Access::kSignedIn, Permission{Resource::kUser, Action::kManage},
              [&deps](const Request& r, const service::Caller* c) {
                auto limit = Limit(r);
                if (!limit) return Problem(limit.error());
                auto page = deps.accounts.List(c->principal, r.Query("q").value_or(""),
                                               r.Query("cursor").value_or(""), *limit);
                if (!page) return Problem(page.error());
                nlohmann::json items = nlohmann::json::array();
                for (const auto& u : page->items) items.push_back(ToJson(u));
                return Response::Json(
                    200, {{"items", items}, {"next_cursor", service::OrNull(page->next_cursor)}});
              }});

  router.Add({"POST", "/api/users", Access::kSignedIn, Permission{Resource::kUser, Action::kManage},
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                service::InvitationInput inv;
                inv.email = in.String("email", 254);
                inv.display_name = in.String("display_name");
                auto role = in.OptEnum<core::Role>("role", core::ParseRole);
                if (!in.Has("role")) in.Fail("role", "required");
                inv.organisation_id = in.Int("organisation_id");
                if (auto person = in.NullableInt("person_id")) inv.person_id = *person;
                auto lang = in.OptEnum<core::Language>("preferred_language", core::ParseLanguage);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                inv.role = *role;
                if (lang) inv.preferred_language = *lang;
                auto u = deps.accounts.Invite(c->principal, inv);
                if (!u) return Problem(u.error());
                Response resp = Response::Json(201, ToJson(*u));
                resp.With("ETag", ETag(u->version));
                resp.With("Location", "/api/users/" + std::to_string(u->id));
                return resp;
              }});

  router.Add({"POST", "/api/people/{id}/invite", Access::kSignedIn,
              Permission{Resource::kPerson, Action::kInvite},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                JsonInput in(r.body);
                auto role = in.OptEnum<core::Role>("role", core::ParseRole);
                if (!in.Has("role")) in.Fail("role", "required");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto u = deps.accounts.InvitePerson(c->principal, *id, *role);
                if (!u) return Problem(u.error());
                Response resp = Response::Json(201, ToJson(*u));
                resp.With("ETag", ETag(u->version));
                resp.With("Location", "/api/users/" + std::to_string(u->id));
                return resp;
              }});

  // The caller's own settings (today the language of the app and of her mails).
  router.Add({"PATCH", "/api/me", Access::kSignedIn,
              Permission{Resource::kSession, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                auto lang = in.OptEnum<core::Language>("preferred_language", core::ParseLanguage);
                if (!in.Has("preferred_language")) in.Fail("preferred_language", "required");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto u = deps.accounts.SetOwnLanguage(c->principal, *lang);
                if (!u) return Problem(u.error());
                return Response::Json(200, ToJson(*u)).With("ETag", ETag(u->version));
              }});

  router.Add({"GET", "/api/users/{id}", Access::kSignedIn,
              Permission{Resource::kUser, Action::kRead},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto u = deps.accounts.Get(c->principal, *id);
                if (!u) return Problem(u.error());
                return Response::Json(200, ToJson(*u)).With("ETag", ETag(u->version));
              }});

  router.Add({"PATCH", "/api/users/{id}", Access::kSignedIn,
              Permission{Resource::kUser, Action::kManage},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                service::UserPatch patch;
                patch.display_name = in.OptString("display_name");
                patch.role = in.OptEnum<core::Role>("role", core::ParseRole);
                patch.disabled = in.OptBool("disabled");
                patch.preferred_language =
                    in.OptEnum<core::Language>("preferred_language", core::ParseLanguage);
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto u = deps.accounts.Update(c->principal, *id, *version, patch);
                if (!u) return Problem(u.error());
                return Response::Json(200, ToJson(*u)).With("ETag", ETag(u->version));
              }});

  router.Add({"POST", "/api/users/{id}/password-reset", Access::kSignedIn,
              Permission{Resource::kUser, Action::kManage},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                if (auto ok = deps.accounts.SendReset(c->principal, *id); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent(202);
              }});

  router.Add({"POST", "/api/users/{id}/totp-reset", Access::kSignedIn,
              Permission{Resource::kUser, Action::kManage},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                if (!r.body.empty()) {
                  JsonInput in(r.body);
                  if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                }
                if (auto ok = deps.accounts.ResetSecondFactor(c->principal, *id); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  router.Add({"GET", "/api/tokens", Access::kSignedIn,
              Permission{Resource::kApiToken, Action::kRead},
              [&deps](const Request&, const service::Caller* c) {
                auto tokens = deps.auth.ListApiTokens(c->principal);
                if (!tokens) return Problem(tokens.error());
                nlohmann::json items = nlohmann::json::array();
                for (const auto& t : *tokens) items.push_back(ToJson(t));
                return Response::Json(200, {{"items", items}});
              }});

  router.Add({"POST", "/api/tokens", Access::kSignedIn,
              Permission{Resource::kApiToken, Action::kCreate},
              [&deps](const Request& r, const service::Caller* c) {
                JsonInput in(r.body);
                const std::string name = in.String("name", 100);
                auto scopes = in.OptStringArray("scopes", 10, 40);
                if (!in.Has("scopes")) in.Fail("scopes", "required");
                auto expires = in.NullableString("expires_at", 40);
                std::optional<int64_t> expires_ms;
                if (expires && *expires) {
                  expires_ms = ParseRfc3339(**expires);
                  if (!expires_ms) in.Fail("expires_at", "invalid_date");
                }
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto t = deps.auth.CreateApiToken(*c, name, *scopes, expires_ms);
                if (!t) return Problem(t.error());
                nlohmann::json body = ToJson(t->record);
                body["token"] = t->token;
                return Response::Json(201, body);
              }});

  router.Add({"DELETE", "/api/tokens/{id}", Access::kSignedIn,
              Permission{Resource::kApiToken, Action::kDelete},
              [&deps](const Request& r, const service::Caller* c) {
                auto id = PathId(r);
                if (!id) return BadId();
                if (auto ok = deps.auth.RevokeApiToken(c->principal, *id); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  router.Add(
      {"GET", "/api/audit", Access::kSignedIn, Permission{Resource::kAuditLog, Action::kRead},
       [&deps](const Request& r, const service::Caller* c) {
         auto limit = Limit(r);
         if (!limit) return Problem(limit.error());
         auto page = deps.accounts.Audit(c->principal, r.Query("cursor").value_or(""), *limit);
         if (!page) return Problem(page.error());
         nlohmann::json items = nlohmann::json::array();
         for (const auto& e : page->items) items.push_back(ToJson(e));
         return Response::Json(
             200, {{"items", items}, {"next_cursor", service::OrNull(page->next_cursor)}});
       }});
}

}  // namespace warroom::http
