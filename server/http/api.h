// Api: the REST API's router, filled by one Register function per feature (routes.h),
// and the checks every request passes before its handler runs: route match, body
// size, caller (session cookie or API token), stage, CSRF token, and for signed-in
// routes the route's permission (core::Decide: the role table and the token scope).
// Handlers turn service results into JSON; errors become problem+json through Problem().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/core/auth/client_address.h"
#include "server/delivery/event_hub.h"
#include "server/http/message.h"
#include "server/http/router.h"
#include "server/ports/database.h"
#include "server/service/account_service.h"
#include "server/service/advisory_service.h"
#include "server/service/auth_service.h"
#include "server/service/directory_import.h"
#include "server/service/directory_service.h"
#include "server/service/incident_service.h"
#include "server/service/verification_service.h"
#include "server/service/webhook_service.h"

namespace warroom::http {

struct ApiDeps {
  service::DirectoryService& directory;
  service::DirectoryImport& import;
  service::AuthService& auth;
  service::AccountService& accounts;
  service::AdvisoryService& advisories;
  ports::Database& db;
  bool secure_cookies = true;
  std::string public_origin;  // scheme://host[:port] that browsers use
  std::string version = "0.1.0";
  // Reverse proxies whose X-Forwarded-For is believed (core/auth/client_address.h).
  std::vector<core::auth::AddressRange> trusted_proxies = {};
  // The live event stream's hub (GET /api/events; Notify() after a commit that published
  // an event). nullptr: the stream answers 503.
  delivery::EventHub* events = nullptr;
  // Webhook endpoints; the routes answer 503 without it.
  service::WebhookService* webhooks = nullptr;
  // Contact-verification rounds; the routes answer 503 without it.
  service::VerificationService* verifications = nullptr;
  // Incidents; the routes answer 503 without it.
  service::IncidentService* incidents = nullptr;
};

// The session cookie's name. Over HTTPS it carries the `__Host-` prefix, so that the
// browser only accepts it with Secure, Path=/ and no Domain (no subdomain can plant one).
inline constexpr const char* kSessionCookie = "wr_session";
inline constexpr const char* kSecureSessionCookie = "__Host-wr_session";

class Api {
 public:
  // Registers every feature's routes; the handlers keep a reference to this Api's deps,
  // so an Api is neither copied nor moved.
  explicit Api(ApiDeps deps);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Handles one request to a path under /api.
  Response Handle(Request& request) const;
  const Router& router() const { return router_; }
  // The body limit of the route serving (method, path); std::nullopt when none does. The
  // server asks it once the request head is in, to answer 413 before the body is read.
  std::optional<size_t> BodyLimit(const std::string& method, const std::string& path) const;

 private:
  Response Run(const Route& route, Request& request) const;

  ApiDeps deps_;
  Router router_;
};

// The embedded OpenAPI document (api/openapi.yaml as JSON).
const std::string& OpenApiJson();

}  // namespace warroom::http
