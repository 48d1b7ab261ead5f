#include "server/storage/repositories/webhook_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "libs/base/rfc3339.h"
#include "server/storage/repositories/outbox_store.h"

namespace warroom::storage {
namespace {

constexpr size_t kMaxEventType = 64;

bool IsEventType(std::string_view t) {
  return !t.empty() && t.size() <= kMaxEventType && std::all_of(t.begin(), t.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

constexpr const char* kColumns =
    "id, organisation_id, url, description, secret_enc, active, version, created_at, "
    "updated_at, last_success_at, last_failure_at, last_error";

WebhookEndpointRecord EndpointOf(Row& row) {
  WebhookEndpointRecord e;
  e.id = row.Int(0);
  e.organisation_id = row.OptInt(1);
  e.url = row.TakeText(2);
  e.description = row.TakeText(3);
  e.secret_enc = row.TakeText(4);
  e.active = row.Int(5) != 0;
  e.version = static_cast<int>(row.Int(6));
  e.created_at = row.Int(7);
  e.updated_at = row.Int(8);
  e.last_success_at = row.OptInt(9);
  e.last_failure_at = row.OptInt(10);
  e.last_error = row.TakeOptText(11);
  return e;
}

Result<std::vector<WebhookEndpointRecord>> EndpointsOf(Result<Rows> rows) {
  if (!rows) return rows.error();
  std::vector<WebhookEndpointRecord> out;
  out.reserve(rows->size());
  for (Row& row : *rows) out.push_back(EndpointOf(row));
  return out;
}

}  // namespace

Result<WebhookEndpointRecord> WebhookStore::Insert(const WebhookEndpointRecord& e, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne(std::string("INSERT INTO webhook_endpoints (organisation_id, url, description, "
                               "secret_enc, active, version, created_at, updated_at) "
                               "VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING ") +
                       kColumns,
                   {Nullable(e.organisation_id), e.url, e.description, e.secret_enc,
                    int64_t{e.active ? 1 : 0}, now_ms}));
  return EndpointOf(row);
}

Result<std::optional<WebhookEndpointRecord>> WebhookStore::Find(int64_t id) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional(std::string("SELECT ") + kColumns +
                                                      " FROM webhook_endpoints WHERE id = $1",
                                                  {id}));
  if (!row) return std::optional<WebhookEndpointRecord>();
  return std::optional<WebhookEndpointRecord>(EndpointOf(*row));
}

Result<std::vector<WebhookEndpointRecord>> WebhookStore::ListAll() {
  return EndpointsOf(tx_.Query(std::string("SELECT ") + kColumns +
                                   " FROM webhook_endpoints ORDER BY "
                                   "CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END, "
                                   "organisation_id, id",
                               {}));
}

Result<std::vector<WebhookEndpointRecord>> WebhookStore::ListOf(
    std::optional<int64_t> organisation_id, bool active_only) {
  const std::string active = active_only ? " AND active = 1" : "";
  if (!organisation_id) {
    return EndpointsOf(tx_.Query(std::string("SELECT ") + kColumns +
                                     " FROM webhook_endpoints WHERE organisation_id IS NULL" +
                                     active + " ORDER BY id",
                                 {}));
  }
  return EndpointsOf(tx_.Query(std::string("SELECT ") + kColumns +
                                   " FROM webhook_endpoints WHERE organisation_id = $1" + active +
                                   " ORDER BY id",
                               {*organisation_id}));
}

Result<WebhookEndpointRecord> WebhookStore::Update(const WebhookEndpointRecord& e,
                                                   int expected_version, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      auto row,
      tx_.QueryOptional(std::string("UPDATE webhook_endpoints SET url = $1, description = $2, "
                                    "secret_enc = $3, active = $4, version = version + 1, "
                                    "updated_at = $5 WHERE id = $6 AND version = $7 RETURNING ") +
                            kColumns,
                        {e.url, e.description, e.secret_enc, int64_t{e.active ? 1 : 0}, now_ms,
                         e.id, int64_t{expected_version}}));
  if (row) return EndpointOf(*row);
  WR_ASSIGN_OR_RETURN(auto current, Find(e.id));
  if (!current) return Error::NotFound("webhook endpoint not found");
  return Error::PreconditionFailed("the webhook endpoint was changed by someone else");
}

Result<bool> WebhookStore::Delete(int64_t id) {
  // Attempts go first: SQLite enforces no foreign keys unless asked, so do not rely on
  // the cascade.
  WR_RETURN_IF_ERROR(
      StatusOf(tx_.Exec("DELETE FROM webhook_attempts WHERE endpoint_id = $1", {id})));
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("DELETE FROM webhook_endpoints WHERE id = $1", {id}));
  return n > 0;
}

Status WebhookStore::RecordAttempt(const WebhookAttemptRecord& a) {
  using core::webhook::Outcome;
  WR_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx_.Exec("INSERT INTO webhook_attempts (endpoint_id, outbox_id, attempt, outcome, "
               "http_status, error, created_at) SELECT id, $2, $3, $4, $5, $6, $7 "
               "FROM webhook_endpoints WHERE id = $1",
               {a.endpoint_id, a.outbox_id, a.attempt, std::string(core::webhook::Name(a.outcome)),
                Nullable(a.http_status), Nullable(a.error), a.created_at}));
  if (inserted == 0 || a.outcome == Outcome::kQueued) return Ok();
  if (a.outcome == Outcome::kAccepted) {
    return StatusOf(tx_.Exec(
        "UPDATE webhook_endpoints SET last_success_at = $1, last_error = NULL WHERE id = $2",
        {a.created_at, a.endpoint_id}));
  }
  return StatusOf(
      tx_.Exec("UPDATE webhook_endpoints SET last_failure_at = $1, last_error = $2 WHERE id = $3",
               {a.created_at, Nullable(a.error), a.endpoint_id}));
}

Result<std::vector<WebhookAttemptRecord>> WebhookStore::Attempts(int64_t endpoint_id, int limit) {
  WR_ASSIGN_OR_RETURN(
      Rows rows,
      tx_.Query("SELECT id, endpoint_id, outbox_id, attempt, outcome, http_status, error, "
                "created_at FROM webhook_attempts WHERE endpoint_id = $1 ORDER BY id DESC "
                "LIMIT $2",
                {endpoint_id, int64_t{limit}}));
  std::vector<WebhookAttemptRecord> out;
  for (Row& row : rows) {
    WebhookAttemptRecord a;
    a.id = row.Int(0);
    a.endpoint_id = row.Int(1);
    a.outbox_id = row.Int(2);
    a.attempt = row.Int(3);
    WR_ASSIGN_OR_RETURN(a.outcome, core::webhook::ParseOutcome(row.Text(4)));
    a.http_status = row.OptInt(5);
    a.error = row.TakeOptText(6);
    a.created_at = row.Int(7);
    out.push_back(std::move(a));
  }
  return out;
}

Result<int64_t> EnqueueWebhook(ports::Tx& tx, const WebhookEndpointRecord& endpoint,
                               std::string_view event_type, std::string_view payload_json,
                               int64_t now_ms) {
  if (!IsEventType(event_type)) {
    return Error::InvalidArgument("event type must be 1..64 characters of a-z, 0-9, '.', '_', '-'");
  }
  auto payload = nlohmann::json::parse(payload_json, nullptr, false);
  if (!payload.is_object()) return Error::InvalidArgument("webhook payload must be a JSON object");
  ports::OutboxMessage message;
  message.channel = std::string(kWebhookChannel);
  message.recipient = endpoint.url;
  message.subject = std::string(event_type);
  message.body_text = "{}";  // replaced below, once the id is known
  message.headers_json = nlohmann::json{{kWebhookEndpointHeader, std::to_string(endpoint.id)},
                                        {kWebhookEventHeader, std::string(event_type)}}
                             .dump();
  OutboxStore outbox(tx);
  WR_ASSIGN_OR_RETURN(const int64_t id, outbox.Enqueue(message, now_ms));
  const nlohmann::json envelope = {{"id", id},
                                   {"type", std::string(event_type)},
                                   {"created_at", FormatRfc3339(now_ms)},
                                   {"data", std::move(payload)}};
  WR_RETURN_IF_ERROR(StatusOf(outbox.ReplaceBody(
      id, envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))));
  WebhookAttemptRecord queued;
  queued.endpoint_id = endpoint.id;
  queued.outbox_id = id;
  queued.attempt = 0;
  queued.outcome = core::webhook::Outcome::kQueued;
  queued.created_at = now_ms;
  WR_RETURN_IF_ERROR(WebhookStore(tx).RecordAttempt(queued));
  return id;
}

Result<std::vector<int64_t>> EnqueueWebhooks(ports::Tx& tx, std::optional<int64_t> organisation_id,
                                             std::string_view event_type,
                                             std::string_view payload_json, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(auto endpoints,
                      WebhookStore(tx).ListOf(organisation_id, /*active_only=*/true));
  std::vector<int64_t> ids;
  ids.reserve(endpoints.size());
  for (const auto& endpoint : endpoints) {
    WR_ASSIGN_OR_RETURN(const int64_t id,
                        EnqueueWebhook(tx, endpoint, event_type, payload_json, now_ms));
    ids.push_back(id);
  }
  return ids;
}

}  // namespace warroom::storage
