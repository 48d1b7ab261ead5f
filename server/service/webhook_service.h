// WebhookService: managing webhook endpoints (the war room admin: every endpoint, the
// war room's own and any organisation's; a SPOC: her own organisation's), and the two
// questions the webhook channel asks at send time (where, with which secret; what
// happened). Every change is audited without the secret; the secret is shown once, when
// an endpoint is created or its secret rotated, and stored sealed with the SecretBox.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/service/secret_box.h"
#include "server/storage/repositories/webhook_store.h"

namespace warroom::service {

struct WebhookSettings {
  // http:// and loopback/private addresses allowed (Config::allow_http_webhooks).
  bool allow_local = false;
  // Endpoints one organisation (or the war room) may have.
  int max_per_organisation = 20;
};

struct WebhookInput {
  // nullopt: the war room's own endpoint (the admin), or the SPOC's organisation.
  std::optional<int64_t> organisation_id;
  bool organisation_given = false;  // false: the caller's default above
  std::string url;
  std::string description;
  bool active = true;
};

struct WebhookPatch {
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<bool> active;
};

// An endpoint with its secret in clear: only ever the answer to Create and RotateSecret.
struct WebhookWithSecret {
  storage::WebhookEndpointRecord endpoint;
  std::string secret;
};

class WebhookService {
 public:
  // `db`, `clock` and `box` must outlive the service.
  WebhookService(ports::Database& db, const ports::Clock& clock, const SecretBox& box,
                 WebhookSettings settings)
      : db_(db), clock_(clock), box_(box), settings_(settings) {}

  // Called after a commit that queued a message (wakes the outbox dispatcher).
  void set_notify(std::function<void()> notify) { notify_ = std::move(notify); }

  // The endpoints the caller manages: all for the admin, her organisation's for a SPOC.
  // kPermissionDenied for anyone else.
  Result<std::vector<storage::WebhookEndpointRecord>> List(const core::Principal& p);
  // kNotFound when the endpoint does not exist or the caller does not manage it.
  Result<storage::WebhookEndpointRecord> Get(const core::Principal& p, int64_t id);
  // Creates an endpoint with a new random secret (32 bytes, base64url), returned once.
  // kInvalidArgument with fields (/url: core::webhook::ValidateUrl's codes; /description
  // too_long or control characters; /organisation_id unknown_organisation);
  // kPermissionDenied for a SPOC naming another organisation; kConflict
  // (too_many_webhooks) beyond WebhookSettings::max_per_organisation.
  Result<WebhookWithSecret> Create(const core::Principal& p, const WebhookInput& in);
  // Changes url, description or active if the version is still `expected_version`
  // (kPreconditionFailed otherwise). Errors as Get and Create.
  Result<storage::WebhookEndpointRecord> Update(const core::Principal& p, int64_t id,
                                                int expected_version, const WebhookPatch& patch);
  // Replaces the secret with a new one, returned once; messages not yet sent are signed
  // with the new one. Errors as Get.
  Result<WebhookWithSecret> RotateSecret(const core::Principal& p, int64_t id);
  // Deletes the endpoint; its queued messages are then refused. Errors as Get.
  Status Delete(const core::Principal& p, int64_t id);
  // Queues a "webhook.test" event to this endpoint, even if switched off; returns the
  // delivery (outbox) id. Errors as Get.
  Result<int64_t> SendTest(const core::Principal& p, int64_t id);

  // For the channel: the endpoint's URL and secret in clear; kNotFound when deleted or
  // switched off, kUnavailable when the database or the key fails.
  Result<core::webhook::Target> TargetOf(int64_t endpoint_id);
  // For the channel: records an attempt and the endpoint's last success or failure.
  Status RecordAttempt(const core::webhook::Attempt& attempt);
  // The newest attempts of an endpoint (for tests and operators). Errors as Get.
  Result<std::vector<storage::WebhookAttemptRecord>> Attempts(const core::Principal& p, int64_t id,
                                                              int limit);

 private:
  int64_t NowMs() const;
  // The endpoint `id` if `p` manages it, else kNotFound.
  Result<storage::WebhookEndpointRecord> FindManaged(ports::Tx& tx, const core::Principal& p,
                                                     int64_t id);
  // The checks of a URL and description; appends to `errors`.
  void CheckFields(const std::optional<std::string>& url,
                   const std::optional<std::string>& description,
                   std::vector<FieldError>& errors) const;

  ports::Database& db_;
  const ports::Clock& clock_;
  const SecretBox& box_;
  const WebhookSettings settings_;
  std::function<void()> notify_;
};

}  // namespace warroom::service
