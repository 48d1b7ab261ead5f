-- Webhooks (issue 12): endpoints that receive a signed JSON POST per event, per
-- organisation or (organisation_id NULL) the war room's own. The signing secret is kept
-- sealed with the deployment's SecretBox key (like TOTP seeds), never in clear. The
-- messages themselves travel through the outbox (channel 'webhook'); every attempt is
-- recorded below with its outcome.
CREATE TABLE webhook_endpoints (
  -- Never reused (SQLite: AUTOINCREMENT): a queued message names its endpoint by id, and
  -- must not reach, signed with its secret, a later endpoint that got a deleted one's id.
  id {{ID_NOT_REUSED}},
  organisation_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  secret_enc TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_success_at BIGINT,
  last_failure_at BIGINT,
  last_error TEXT
);
CREATE INDEX webhook_endpoints_organisation ON webhook_endpoints (organisation_id, id);

-- One row per delivery attempt of a webhook message: 'queued' when enqueued (attempt 0),
-- then per send 'accepted' (2xx), 'deferred' (retried: 408, 429, 5xx, network) or
-- 'refused' (any other answer, or an endpoint gone or switched off). outbox_id is the
-- delivery id the receiver sees in X-Warroom-Delivery; it has no foreign key because
-- sent outbox rows are purged while their history stays.
CREATE TABLE webhook_attempts (
  id {{ID}},
  endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  outbox_id BIGINT NOT NULL,
  attempt INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  http_status INTEGER,
  error TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id);
CREATE INDEX webhook_attempts_outbox ON webhook_attempts (outbox_id);
