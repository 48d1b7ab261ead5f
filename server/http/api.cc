#include "server/http/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/core/auth/secrets.h"
#include "server/http/redact.h"
#include "server/http/routes.h"

namespace warroom::http {
namespace {

bool IsStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// "application/json", optionally with parameters ("; charset=utf-8"), in any case.
bool IsJsonType(const std::optional<std::string>& type) {
  if (!type) return false;
  std::string media = type->substr(0, type->find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json";
}

// Requests without a session must still come from our own pages: JSON bodies (Handle
// refuses any other type) cannot be sent cross-site without a CORS preflight, and a
// foreign Origin is refused.
Status CheckPublicPost(const Request& r, const std::string& public_origin) {
  if (auto origin = r.Header("origin");
      origin && !public_origin.empty() && *origin != public_origin) {
    return Error::PermissionDenied("cross_origin_request");
  }
  return Ok();
}

// Every feature's routes: a new feature adds its Register function here, nothing else.
using RegisterRoutes = void (*)(Router&, const ApiDeps&);
constexpr RegisterRoutes kFeatures[] = {
    RegisterSystemRoutes,          RegisterAuthRoutes,
    RegisterDirectoryRoutes,       RegisterAccountRoutes,
    RegisterAdvisoryRoutes,        RegisterEventRoutes,
    RegisterWebhookRoutes,         RegisterVerificationRoutes,
    RegisterIncidentRoutes,        RegisterIncidentTimelineRoutes,
    RegisterIncidentServiceRoutes,
};

}  // namespace

Api::Api(ApiDeps deps) : deps_(std::move(deps)) {
  for (RegisterRoutes add : kFeatures) add(router_, deps_);
}

const char* SessionCookieName(const ApiDeps& deps) {
  return deps.secure_cookies ? kSecureSessionCookie : kSessionCookie;
}

std::string SessionCookie(const ApiDeps& deps, const std::string& token, int64_t max_age_s) {
  std::string c = std::string(SessionCookieName(deps)) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (deps.secure_cookies) c += "; Secure";
  return c;
}

Response WithSession(const ApiDeps& deps, Response r, const service::SessionView& view) {
  if (!view.token.empty()) {
    r.With("Set-Cookie", SessionCookie(deps, view.token, deps.auth.session_lifetime().count()));
  }
  return r;
}

Response Api::Handle(Request& request) const {
  // Everything downstream (throttling, sessions, the audit log) sees the client's address.
  if (!deps_.trusted_proxies.empty()) {
    request.remote_address = core::auth::ClientAddress(
        request.remote_address, request.Header("x-forwarded-for"), deps_.trusted_proxies);
  }
  bool path_known = false;
  const Route* route = router_.Match(request.method, request.path, request.params, path_known);
  if (route == nullptr) {
    request.log_path = RedactedPath(request.path);
    if (path_known) {
      return Problem(Error(ErrorCode::kInvalidArgument, "method_not_allowed"), 405);
    }
    return Problem(Error::NotFound("no_such_route"));
  }
  if (route->secret_in_path) request.log_path = route->pattern;
  if (request.body.size() > route->max_body) {
    return Problem(Error::InvalidArgument("body_too_large"), 413);
  }
  if (route->json_body && !request.body.empty() && !IsJsonType(request.Header("content-type"))) {
    return Problem(Error::InvalidArgument("content_type_must_be_json"), 415);
  }
  return Run(*route, request);
}

std::optional<size_t> Api::BodyLimit(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  bool path_known = false;
  const Route* route = router_.Match(method, path, params, path_known);
  if (route == nullptr) return std::nullopt;
  return route->max_body;
}

Response Api::Run(const Route& route, Request& request) const {
  try {
    std::optional<service::Caller> caller;
    const auto bearer = request.Header("authorization");
    const auto cookie = request.Cookie(SessionCookieName(deps_));
    if (bearer && bearer->rfind("Bearer ", 0) == 0) {
      auto resolved = deps_.auth.ResolveApiToken(bearer->substr(7));
      if (!resolved) return Problem(resolved.error());
      caller = *resolved;
    } else if (cookie && !cookie->empty()) {
      auto resolved = deps_.auth.ResolveSession(*cookie);
      if (resolved) {
        caller = *resolved;
      } else if (route.access != Access::kPublic) {
        return Problem(resolved.error());
      }
    }
    switch (route.access) {
      case Access::kPublic:
        if (IsStateChanging(request.method)) {
          if (auto ok = CheckPublicPost(request, deps_.public_origin); !ok) {
            return Problem(ok.error());
          }
        }
        break;
      case Access::kAnySession:
        if (!caller || caller->principal.via_token) {
          return Problem(Error::Unauthenticated("sign_in_required"));
        }
        break;
      case Access::kSignedIn:
        if (!caller) return Problem(Error::Unauthenticated("sign_in_required"));
        if (caller->stage != core::auth::SessionStage::kFull) {
          return Problem(Error::Unauthenticated("second_factor_required"));
        }
        // The one coarse check every signed-in route passes (Router::Add made sure each
        // declares a permission): before the CSRF check and the handler, so that a role
        // that may never do this learns nothing about the object and nothing is stored.
        switch (core::Decide(caller->principal, *route.permission)) {
          case core::Decision::kAllowed:
            break;
          case core::Decision::kScopeMissing:
            return Problem(Error::PermissionDenied("token_scope_missing"));
          case core::Decision::kRoleDenied:
            return Problem(Error::PermissionDenied("role_not_permitted"));
        }
        break;
    }
    if (caller && !caller->principal.via_token && IsStateChanging(request.method) &&
        route.access != Access::kPublic) {
      const auto sent = request.Header("x-csrf-token");
      if (!sent || !core::auth::ConstantTimeEquals(*sent, caller->csrf_token)) {
        return Problem(Error::PermissionDenied("csrf_token_invalid"));
      }
    }
    return route.handler(request, caller ? &*caller : nullptr);
  } catch (const std::exception& e) {
    spdlog::error(R"({{"event":"handler_exception","path":{},"what":{}}})",
                  nlohmann::json(request.log_path.empty() ? request.path : request.log_path).dump(),
                  nlohmann::json(e.what()).dump());
    return Problem(Error::Internal(e.what()));
  }
}

}  // namespace warroom::http
