// The API's routes, registered one feature at a time. A feature (directory, accounts,
// later advisories and incidents) has one routes_<feature>.cc with one Register
// function, and one line in kFeatures (api.cc); each route declares the Permission
// it needs and Api checks it before the handler runs.
#pragma once

#include <string>

#include "server/core/access/access.h"
#include "server/http/api.h"
#include "server/http/router.h"

namespace warroom::http {

using core::Action;
using core::Permission;
using core::Resource;

// Health, readiness and the OpenAPI document.
void RegisterSystemRoutes(Router& router, const ApiDeps& deps);
// Sign-in, second factor, sessions and single-use account links.
void RegisterAuthRoutes(Router& router, const ApiDeps& deps);
// The directory: organisations, people, SPOCs, providers' services, imports.
void RegisterDirectoryRoutes(Router& router, const ApiDeps& deps);
// Accounts, API tokens and the audit log.
void RegisterAccountRoutes(Router& router, const ApiDeps& deps);
// Advisories, their board and call list, escalation policies, the inbox, acknowledgement
// links and help requests.
void RegisterAdvisoryRoutes(Router& router, const ApiDeps& deps);
// The live event stream (server-sent events).
void RegisterEventRoutes(Router& router, const ApiDeps& deps);
// Webhook endpoints (the admin's and a SPOC's), their secrets and test events.
void RegisterWebhookRoutes(Router& router, const ApiDeps& deps);
// Contact-verification rounds, their board and the verification links.
void RegisterVerificationRoutes(Router& router, const ApiDeps& deps);
// Incidents: declaration, reading, changes, the status workflow and the vocabulary.
void RegisterIncidentRoutes(Router& router, const ApiDeps& deps);
// An incident's timeline (append, read) and the people who may read the incident.
void RegisterIncidentTimelineRoutes(Router& router, const ApiDeps& deps);
// Critical services (the list, each incident's, the recovery view) and funding requests.
void RegisterIncidentServiceRoutes(Router& router, const ApiDeps& deps);

// The session cookie's name for these deps (kSecureSessionCookie behind HTTPS).
const char* SessionCookieName(const ApiDeps& deps);
// A Set-Cookie value for `token` that lives `max_age_s` seconds (0 clears it).
std::string SessionCookie(const ApiDeps& deps, const std::string& token, int64_t max_age_s);
// `r` with the cookie of a new or renewed session, when `view` carries one.
Response WithSession(const ApiDeps& deps, Response r, const service::SessionView& view);

}  // namespace warroom::http
