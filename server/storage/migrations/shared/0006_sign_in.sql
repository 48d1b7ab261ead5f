-- Sign-in hardening. Throttling state in the database, so that a restart or a second instance
-- neither forgets nor splits it: one row per counted failure, under a hashed key
-- (core/auth/throttle.h). Rows older than every window are pruned as failures arrive.
CREATE TABLE throttle_failures (
  key_hash TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX throttle_failures_key ON throttle_failures (key_hash, at);
CREATE INDEX throttle_failures_at ON throttle_failures (at);

-- When the session's user last proved the password or a code: replacing the second
-- factor and creating API tokens need that to be recent.
ALTER TABLE sessions ADD COLUMN reauthenticated_at BIGINT NOT NULL DEFAULT 0;
