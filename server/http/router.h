// Router: the table of API routes. Patterns use OpenAPI's `{name}` placeholders, so the
// table can be compared with api/openapi.yaml by a test.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/core/access/access.h"
#include "server/http/message.h"
#include "server/service/auth_service.h"

namespace warroom::http {

enum class Access {
  kPublic,      // no caller needed
  kAnySession,  // a browser session at any stage (sign-in steps)
  kSignedIn,    // a full session or an API token, holding the route's permission
};

// What public and sign-in-step routes declare as their permission: none, because no
// role decides who may call them.
inline constexpr std::nullopt_t kNoPermission = std::nullopt;

using Handler = std::function<Response(const Request&, const service::Caller*)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kSignedIn;
  // What the caller's role must allow (core::Allows) and, through core::TokenScope, the
  // scope an API token needs. Required for kSignedIn, kNoPermission for the others.
  std::optional<core::Permission> permission;
  Handler handler;
  size_t max_body = size_t{64} * 1024;
  // A body must be application/json (else 415); false for routes that read another type.
  bool json_body = true;
  // The path holds a secret (a one-time link token): the request log shows the pattern.
  bool secret_in_path = false;
};

class Router {
 public:
  // Adds `route`; a route Validate refuses is a bug, so Add logs it and aborts at startup.
  void Add(Route route);
  // Refuses a kSignedIn route without a permission, a public or sign-in-step route with
  // one, a route without a handler, and a method and pattern served twice.
  Status Validate(const Route& route) const;
  // Returns the route for `method` and `path` and fills `params`; nullptr when none.
  // `path_known` tells whether any method serves the path (405 rather than 404).
  const Route* Match(const std::string& method, const std::string& path,
                     std::map<std::string, std::string>& params, bool& path_known) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace warroom::http
