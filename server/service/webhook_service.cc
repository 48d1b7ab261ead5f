#include "server/service/webhook_service.h"

#include <chrono>
#include <utility>

#include "server/core/auth/secrets.h"
#include "server/core/directory/access.h"
#include "server/core/webhook/webhook.h"
#include "server/service/audited_write.h"
#include "server/service/views.h"
#include "server/storage/repositories/directory_store.h"

namespace warroom::service {
namespace {

using storage::WebhookEndpointRecord;
using storage::WebhookStore;

constexpr std::string_view kTestEvent = "webhook.test";

AuditTarget AuditTargetOf(const WebhookEndpointRecord& e) {
  return {"webhook_endpoint", e.id, e.organisation_id.value_or(0)};
}

bool HasControl(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

bool MayManageAny(const core::Principal& p) {
  return p.role == core::Role::kWarroomAdmin || p.role == core::Role::kSpoc;
}

}  // namespace

int64_t WebhookService::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

Result<WebhookEndpointRecord> WebhookService::FindManaged(ports::Tx& tx, const core::Principal& p,
                                                          int64_t id) {
  WR_ASSIGN_OR_RETURN(auto found, WebhookStore(tx).Find(id));
  // Another organisation's endpoint is not found, so that its existence stays hidden.
  if (!found || !core::webhook::CanManageEndpoints(p, found->organisation_id)) {
    return Error::NotFound("webhook endpoint not found");
  }
  return std::move(*found);
}

void WebhookService::CheckFields(const std::optional<std::string>& url,
                                 const std::optional<std::string>& description,
                                 std::vector<FieldError>& errors) const {
  if (url) {
    if (auto ok = core::webhook::ValidateUrl(*url, settings_.allow_local); !ok) {
      for (const auto& f : ok.error().fields) errors.push_back(f);
    }
  }
  if (description) {
    if (description->size() > core::webhook::kMaxDescriptionLength) {
      errors.push_back(
          {"/description", 0, 0, "too_long",
           "at most " + std::to_string(core::webhook::kMaxDescriptionLength) + " characters"});
    } else if (HasControl(*description)) {
      errors.push_back({"/description", 0, 0, "invalid", "no control characters"});
    }
  }
}

Result<std::vector<WebhookEndpointRecord>> WebhookService::List(const core::Principal& p) {
  if (!MayManageAny(p)) {
    return Error::PermissionDenied("webhooks are managed by the admin and SPOCs");
  }
  std::vector<WebhookEndpointRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WebhookStore store(tx);
    if (p.role == core::Role::kWarroomAdmin) {
      WR_ASSIGN_OR_RETURN(out, store.ListAll());
    } else {
      WR_ASSIGN_OR_RETURN(out, store.ListOf(p.organisation_id, /*active_only=*/false));
    }
    return Ok();
  }));
  return out;
}

Result<WebhookEndpointRecord> WebhookService::Get(const core::Principal& p, int64_t id) {
  WebhookEndpointRecord out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, FindManaged(tx, p, id));
    return Ok();
  }));
  return out;
}

Result<WebhookWithSecret> WebhookService::Create(const core::Principal& p, const WebhookInput& in) {
  std::optional<int64_t> organisation_id = in.organisation_id;
  if (!in.organisation_given) {
    organisation_id =
        p.role == core::Role::kSpoc ? std::optional<int64_t>(p.organisation_id) : std::nullopt;
  }
  if (!core::webhook::CanManageEndpoints(p, organisation_id)) {
    return Error::PermissionDenied("webhook_not_your_organisation");
  }
  std::vector<FieldError> errors;
  CheckFields(in.url, in.description, errors);
  if (!errors.empty()) return Error::Invalid("the request has invalid fields", errors);
  WR_ASSIGN_OR_RETURN(std::string secret, core::auth::RandomToken(32));
  const int64_t now = NowMs();
  WebhookWithSecret out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    if (organisation_id) {
      WR_ASSIGN_OR_RETURN(auto org, storage::DirectoryStore(tx).FindOrganisation(
                                        *organisation_id, {core::DirectoryScope::Kind::kAll, 0}));
      if (!org) {
        return Error::Invalid(
            "the request has invalid fields",
            {{"/organisation_id", 0, 0, "unknown_organisation", "no such organisation"}});
      }
    }
    WebhookStore store(tx);
    WR_ASSIGN_OR_RETURN(auto existing, store.ListOf(organisation_id, /*active_only=*/false));
    if (static_cast<int>(existing.size()) >= settings_.max_per_organisation) {
      // A single word: the machine code the web app translates (the limit is documented).
      return Error::Conflict("too_many_webhooks");
    }
    WebhookEndpointRecord e;
    e.organisation_id = organisation_id;
    e.url = in.url;
    e.description = in.description;
    e.active = in.active;
    e.secret_enc = box_.Seal(secret);
    WR_ASSIGN_OR_RETURN(out.endpoint, store.Insert(e, now));
    return Audit(tx, ActorOf(p), "webhook.create", AuditTargetOf(out.endpoint), "",
                 ToJson(out.endpoint).dump(), now);
  }));
  out.secret = std::move(secret);
  return out;
}

Result<WebhookEndpointRecord> WebhookService::Update(const core::Principal& p, int64_t id,
                                                     int expected_version,
                                                     const WebhookPatch& patch) {
  std::vector<FieldError> errors;
  CheckFields(patch.url, patch.description, errors);
  const int64_t now = NowMs();
  WebhookEndpointRecord stored;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto current, FindManaged(tx, p, id));
    if (current.version != expected_version) {
      return Error::PreconditionFailed("the webhook endpoint was changed by someone else");
    }
    if (!errors.empty()) return Error::Invalid("the request has invalid fields", errors);
    WebhookEndpointRecord next = current;
    if (patch.url) next.url = *patch.url;
    if (patch.description) next.description = *patch.description;
    if (patch.active) next.active = *patch.active;
    WR_ASSIGN_OR_RETURN(stored, WebhookStore(tx).Update(next, expected_version, now));
    return Audit(tx, ActorOf(p), "webhook.update", AuditTargetOf(stored), ToJson(current).dump(),
                 ToJson(stored).dump(), now);
  }));
  return stored;
}

Result<WebhookWithSecret> WebhookService::RotateSecret(const core::Principal& p, int64_t id) {
  WR_ASSIGN_OR_RETURN(std::string secret, core::auth::RandomToken(32));
  const int64_t now = NowMs();
  WebhookWithSecret out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto current, FindManaged(tx, p, id));
    WebhookEndpointRecord next = current;
    next.secret_enc = box_.Seal(secret);
    WR_ASSIGN_OR_RETURN(out.endpoint, WebhookStore(tx).Update(next, current.version, now));
    return Audit(tx, ActorOf(p), "webhook.rotate_secret", AuditTargetOf(out.endpoint),
                 ToJson(current).dump(), ToJson(out.endpoint).dump(), now);
  }));
  out.secret = std::move(secret);
  return out;
}

Status WebhookService::Delete(const core::Principal& p, int64_t id) {
  const int64_t now = NowMs();
  return db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto current, FindManaged(tx, p, id));
    WR_RETURN_IF_ERROR(StatusOf(WebhookStore(tx).Delete(id)));
    return Audit(tx, ActorOf(p), "webhook.delete", AuditTargetOf(current), ToJson(current).dump(),
                 "", now);
  });
}

Result<int64_t> WebhookService::SendTest(const core::Principal& p, int64_t id) {
  const int64_t now = NowMs();
  int64_t delivery = 0;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto endpoint, FindManaged(tx, p, id));
    const nlohmann::json payload = {{"message", "This is a test event from the war room."},
                                    {"endpoint_id", endpoint.id},
                                    {"requested_by", p.label}};
    WR_ASSIGN_OR_RETURN(delivery,
                        storage::EnqueueWebhook(tx, endpoint, kTestEvent, payload.dump(), now));
    return Ok();
  }));
  if (notify_) notify_();
  return delivery;
}

Result<core::webhook::Target> WebhookService::TargetOf(int64_t endpoint_id) {
  std::optional<WebhookEndpointRecord> found;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(found, WebhookStore(tx).Find(endpoint_id));
    return Ok();
  }));
  if (!found || !found->active) return Error::NotFound("webhook endpoint deleted or switched off");
  auto secret = box_.Open(found->secret_enc);
  // A secret that no longer opens is a key problem an operator can fix: keep retrying.
  if (!secret) return Error::Unavailable("the webhook secret cannot be opened with this key");
  return core::webhook::Target{found->url, std::move(*secret)};
}

Status WebhookService::RecordAttempt(const core::webhook::Attempt& attempt) {
  storage::WebhookAttemptRecord record;
  record.endpoint_id = attempt.endpoint_id;
  record.outbox_id = attempt.outbox_id;
  record.attempt = attempt.attempt;
  record.outcome = attempt.outcome;
  record.http_status = attempt.http_status;
  record.error = attempt.error;
  record.created_at = attempt.at_ms;
  return db_.Write([&](ports::Tx& tx) { return WebhookStore(tx).RecordAttempt(record); });
}

Result<std::vector<storage::WebhookAttemptRecord>> WebhookService::Attempts(
    const core::Principal& p, int64_t id, int limit) {
  std::vector<storage::WebhookAttemptRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(StatusOf(FindManaged(tx, p, id)));
    WR_ASSIGN_OR_RETURN(out, WebhookStore(tx).Attempts(id, limit));
    return Ok();
  }));
  return out;
}

}  // namespace warroom::service
