// WebhookStore: the SQL of webhook endpoints and of the record of their delivery
// attempts. Tenant scope is the caller's: the service finds an endpoint by id and then
// asks core::webhook::CanManageEndpoints, or lists one organisation's endpoints (NULL: the
// war room's own). The secret is stored sealed (service::SecretBox); this store never
// sees it in clear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/core/webhook/webhook.h"
#include "server/ports/database.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct WebhookEndpointRecord {
  int64_t id = 0;
  std::optional<int64_t> organisation_id;  // nullopt: the war room's own endpoint
  std::string url;
  std::string description;
  std::string secret_enc;  // SecretBox-sealed signing secret
  bool active = true;
  int version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> last_success_at;
  std::optional<int64_t> last_failure_at;
  std::optional<std::string> last_error;
};

struct WebhookAttemptRecord {
  int64_t id = 0;
  int64_t endpoint_id = 0;
  int64_t outbox_id = 0;  // the delivery id (X-Warroom-Delivery)
  int64_t attempt = 0;    // 0 when queued, then the outbox attempt
  core::webhook::Outcome outcome = core::webhook::Outcome::kQueued;
  std::optional<int64_t> http_status;
  std::optional<std::string> error;
  int64_t created_at = 0;
};

class WebhookStore {
 public:
  explicit WebhookStore(Tx& tx) : tx_(tx) {}

  // Inserts `e` (id, version and the last_* fields are ignored) at `now_ms`; returns the
  // stored record (version 1).
  Result<WebhookEndpointRecord> Insert(const WebhookEndpointRecord& e, int64_t now_ms);
  Result<std::optional<WebhookEndpointRecord>> Find(int64_t id);
  // Every endpoint, the war room's first, then by organisation and id.
  Result<std::vector<WebhookEndpointRecord>> ListAll();
  // The endpoints of `organisation_id` (nullopt: the war room's own), by id; with
  // `active_only`, only those switched on.
  Result<std::vector<WebhookEndpointRecord>> ListOf(std::optional<int64_t> organisation_id,
                                                    bool active_only);
  // Writes url, description, secret_enc and active of `e` if its stored version is still
  // `expected_version`, bumping the version; kPreconditionFailed otherwise (kNotFound when
  // the row is gone). Returns the stored record.
  Result<WebhookEndpointRecord> Update(const WebhookEndpointRecord& e, int expected_version,
                                       int64_t now_ms);
  // Deletes the endpoint (and its attempt records); returns whether it existed.
  Result<bool> Delete(int64_t id);

  // Appends `a` (its id is ignored) and, for accepted/deferred/refused, updates the
  // endpoint's last_success_at or last_failure_at and last_error (no version bump: these
  // are status, not settings). Recording against a deleted endpoint does nothing.
  Status RecordAttempt(const WebhookAttemptRecord& a);
  // The newest `limit` attempts of an endpoint, newest first.
  Result<std::vector<WebhookAttemptRecord>> Attempts(int64_t endpoint_id, int limit);

 private:
  Tx& tx_;
};

// The outbox channel name of webhooks, and the headers a queued message carries to the
// channel (delivery/webhook/webhook_channel.h), which sends them on.
inline constexpr std::string_view kWebhookChannel = "webhook";
inline constexpr const char* kWebhookEndpointHeader = "X-Warroom-Endpoint";
inline constexpr const char* kWebhookEventHeader = "X-Warroom-Event";

// Queues one message for `endpoint` (whatever its active flag: the caller decides, as
// for a test event) inside `tx`, due at `now_ms`, and records the attempt 'queued'.
// Returns the outbox id, which is also the envelope's "id". Fails with kInvalidArgument
// when `event_type` is not 1..64 characters of [a-z0-9._-] or `payload_json` is not a
// JSON object, or with the error of the insert.
Result<int64_t> EnqueueWebhook(ports::Tx& tx, const WebhookEndpointRecord& endpoint,
                               std::string_view event_type, std::string_view payload_json,
                               int64_t now_ms);

// Queues `payload_json` as event `event_type` for every active endpoint of
// `organisation_id` (nullopt: the war room's own) inside `tx`; returns the outbox ids,
// one per endpoint (none without endpoints). Notify the dispatcher after the transaction
// commits. Callers decide what may travel: TLP:AMBER+STRICT and TLP:RED content never
// goes by webhook. Fails as EnqueueWebhook, queuing nothing.
Result<std::vector<int64_t>> EnqueueWebhooks(ports::Tx& tx, std::optional<int64_t> organisation_id,
                                             std::string_view event_type,
                                             std::string_view payload_json, int64_t now_ms);

}  // namespace warroom::storage
