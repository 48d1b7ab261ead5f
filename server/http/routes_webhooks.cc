// Webhook endpoints: the war room admin's (the war room's own and any organisation's)
// and a SPOC's (her organisation's). The secret is in the answer of POST /api/webhooks
// and POST /api/webhooks/{id}/rotate only.
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/views.h"

namespace warroom::http {
namespace {

using service::ToJson;

constexpr size_t kUrlInputLimit = 8192;  // the URL rule (core/webhook) caps it lower, by name

Response WithSecret(int status, const service::WebhookWithSecret& created) {
  nlohmann::json body = ToJson(created.endpoint);
  body["secret"] = created.secret;
  Response resp = Response::Json(status, body);
  resp.With("ETag", ETag(created.endpoint.version));
  return resp;
}

service::WebhookService* Service(const ApiDeps& deps) { return deps.webhooks; }

Response NotWired() {
  return Problem(Error::Unavailable("webhooks are not available in this process"));
}

}  // namespace

void RegisterWebhookRoutes(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/webhooks", Access::kSignedIn,
              Permission{Resource::kWebhook, Action::kRead},
              [&deps](const Request&, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto list = Service(deps)->List(c->principal);
                if (!list) return Problem(list.error());
                nlohmann::json items = nlohmann::json::array();
                for (const auto& e : *list) items.push_back(ToJson(e));
                return Response::Json(200, {{"items", items}});
              }});

  router.Add({"POST", "/api/webhooks", Access::kSignedIn,
              Permission{Resource::kWebhook, Action::kCreate},
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                JsonInput in(r.body);
                service::WebhookInput input;
                input.url = in.String("url", kUrlInputLimit);
                input.description = in.OptString("description", 1000).value_or("");
                input.active = in.OptBool("active").value_or(true);
                if (auto org = in.NullableInt("organisation_id")) {
                  input.organisation_given = true;
                  input.organisation_id = *org;
                }
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto created = Service(deps)->Create(c->principal, input);
                if (!created) return Problem(created.error());
                Response resp = WithSecret(201, *created);
                resp.With("Location", "/api/webhooks/" + std::to_string(created->endpoint.id));
                return resp;
              }});

  router.Add({"GET", "/api/webhooks/{id}", Access::kSignedIn,
              Permission{Resource::kWebhook, Action::kRead},
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto e = Service(deps)->Get(c->principal, *id);
                if (!e) return Problem(e.error());
                return Response::Json(200, ToJson(*e)).With("ETag", ETag(e->version));
              }});

  router.Add({"PATCH", "/api/webhooks/{id}", Access::kSignedIn,
              Permission{Resource::kWebhook, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto version = IfMatchVersion(r);
                if (!version) return Problem(version.error());
                JsonInput in(r.body);
                service::WebhookPatch patch;
                patch.url = in.OptString("url", kUrlInputLimit);
                patch.description = in.OptString("description", 1000);
                patch.active = in.OptBool("active");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto e = Service(deps)->Update(c->principal, *id, *version, patch);
                if (!e) return Problem(e.error());
                return Response::Json(200, ToJson(*e)).With("ETag", ETag(e->version));
              }});

  router.Add({"DELETE", "/api/webhooks/{id}", Access::kSignedIn,
              Permission{Resource::kWebhook, Action::kDelete},
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                if (auto ok = Service(deps)->Delete(c->principal, *id); !ok) {
                  return Problem(ok.error());
                }
                return Response::NoContent();
              }});

  router.Add({"POST", "/api/webhooks/{id}/rotate", Access::kSignedIn,
              Permission{Resource::kWebhook, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                if (!r.body.empty()) {
                  JsonInput in(r.body);
                  if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                }
                auto rotated = Service(deps)->RotateSecret(c->principal, *id);
                if (!rotated) return Problem(rotated.error());
                return WithSecret(200, *rotated);
              }});

  router.Add({"POST", "/api/webhooks/{id}/test", Access::kSignedIn,
              Permission{Resource::kWebhook, Action::kUpdate},
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                if (!r.body.empty()) {
                  JsonInput in(r.body);
                  if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                }
                auto delivery = Service(deps)->SendTest(c->principal, *id);
                if (!delivery) return Problem(delivery.error());
                return Response::Json(202, {{"delivery_id", *delivery}});
              }});
}

}  // namespace warroom::http
