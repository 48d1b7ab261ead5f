-- The outbox carries any channel's message (e-mail now, webhooks next): extra headers as
-- a JSON object of name -> value, NULL when there are none. A webhook's JSON payload is
-- body_text; recipient is its address.
ALTER TABLE outbox ADD COLUMN headers_json TEXT;
CREATE INDEX outbox_sent ON outbox (status, sent_at);

-- Durable jobs: timers and retried work (escalation after N minutes, legal clocks,
-- reminders). A runner claims a due job with a lease (claimed_by, lease_until) and marks
-- it done, pending again with a later due_at, or failed; a job whose lease ran out is
-- claimed again. unique_key (optional) makes scheduling idempotent: a timer exists once.
-- status: pending | running | done | failed. Attempts are counted when a job is claimed.
CREATE TABLE jobs (
  -- Never reused (SQLite: AUTOINCREMENT): a cancelled (deleted) job's id never comes back,
  -- so a late outcome of its run, fenced on (id, attempts), cannot land on another job.
  id {{ID_NOT_REUSED}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  claimed_by TEXT,
  lease_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT,
  unique_key TEXT UNIQUE
);
CREATE INDEX jobs_due ON jobs (status, due_at);
CREATE INDEX jobs_lease ON jobs (status, lease_until);
