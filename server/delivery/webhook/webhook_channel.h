// Webhooks through the outbox: storage::EnqueueWebhooks (webhook_store.h) writes one message of
// channel "webhook" per active endpoint of an organisation (or of the war room) in the caller's
// transaction, and WebhookChannel POSTs it, signed, when the dispatcher (server/delivery/outbox.h)
// claims it. A transient failure is retried with the outbox's backoff; the delivery id
// (the outbox id) stays the same on every retry so that a receiver can drop duplicates.
//
// What a receiver gets:
//   POST <endpoint url>
//   Content-Type: application/json
//   X-Warroom-Delivery: <delivery id>        (the same on retries)
//   X-Warroom-Event: <event type>
//   X-Warroom-Endpoint: <endpoint id>
//   X-Warroom-Timestamp: <unix seconds at send time>
//   X-Warroom-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//   {"id": <delivery id>, "type": "<event type>", "created_at": "<RFC 3339>", "data": {...}}
// and verifies it with core::webhook::Verify (recompute, compare in constant time,
// refuse a timestamp more than 5 minutes away).
//
// Callers build the payload and decide what may travel: TLP:AMBER+STRICT and TLP:RED
// content never goes by webhook (the advisory service's payload builder refuses it).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/core/webhook/webhook.h"
#include "server/ports/channel.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/storage/repositories/webhook_store.h"

namespace warroom::delivery::webhook {

using core::webhook::Attempt;
using core::webhook::Target;
using storage::kWebhookChannel;

struct ChannelOptions {
  // Allows http:// and loopback/private addresses (tests and the demo).
  bool allow_local = false;
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{15'000};
};

// Returns the outcome of a finished HTTP exchange: 2xx accepted, 408/429/5xx deferred,
// anything else (4xx, a redirect, which is never followed) refused.
core::webhook::Outcome ClassifyHttpStatus(int64_t status);

class WebhookChannel final : public ports::Channel {
 public:
  // Returns the endpoint's current URL and secret; kNotFound when it was deleted or
  // switched off (the message is then refused), kUnavailable to retry later.
  using TargetLookup = std::function<Result<Target>(int64_t endpoint_id)>;
  // Records one attempt (best effort: a failure to record does not change the outcome).
  using AttemptRecorder = std::function<void(const Attempt&)>;

  // `clock` dates the signature and must outlive the channel.
  WebhookChannel(const ports::Clock& clock, TargetLookup lookup, AttemptRecorder record,
                 ChannelOptions options);

  // POSTs the message to its endpoint's current URL (the one in the outbox row is a
  // record of where it was meant to go), signed with the endpoint's current secret, no
  // redirects followed, and only to addresses ValidateUrl's rules allow (checked again on
  // every resolved address). Success for 2xx; kUnavailable for 408, 429, 5xx and network
  // failures; kInvalidArgument for any other answer, a message naming no endpoint, an
  // endpoint gone or switched off, or a URL the rules refuse. Safe to call from several
  // threads at once.
  Status Send(const ports::OutboxMessage& message) override;

 private:
  const ports::Clock& clock_;
  TargetLookup lookup_;
  AttemptRecorder record_;
  ChannelOptions options_;
};

}  // namespace warroom::delivery::webhook
