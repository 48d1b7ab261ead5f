// Health, readiness and the OpenAPI document: public, for probes and tooling.
#include "server/http/routes.h"

namespace warroom::http {

void RegisterSystemRoutes(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/health", Access::kPublic, kNoPermission,
              [&deps](const Request&, const service::Caller*) {
                return Response::Json(200, {{"status", "ok"}, {"version", deps.version}});
              }});
  router.Add({"GET", "/api/ready", Access::kPublic, kNoPermission,
              [&deps](const Request&, const service::Caller*) {
                if (auto ok = deps.db.Ping(); !ok) {
                  return Problem(Error::Unavailable("database_unreachable"));
                }
                return Response::Json(
                    200, {{"status", "ok"},
                          {"version", deps.version},
                          {"database",
                           deps.db.engine() == ports::Engine::kSqlite ? "sqlite" : "postgresql"}});
              }});
  router.Add({"GET", "/api/openapi.json", Access::kPublic, kNoPermission,
              [](const Request&, const service::Caller*) {
                Response r;
                r.body = OpenApiJson();
                return r;
              }});
}

}  // namespace warroom::http
