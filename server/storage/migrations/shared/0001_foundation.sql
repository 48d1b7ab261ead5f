-- C1 foundation: reference geography, directory, accounts, outbox, audit log.
-- Times are BIGINT milliseconds since the epoch (UTC); flags are INTEGER 0/1.
-- Text that is searched or sorted compares bytes (COLLATE "C" on PostgreSQL,
-- BINARY on SQLite), so that prefix range scans and ordering give the same answers on both
-- engines.

CREATE TABLE regions (
  nis_code TEXT PRIMARY KEY,
  name_nl TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  name_de TEXT
);

CREATE TABLE provinces (
  nis_code TEXT PRIMARY KEY,
  name_nl TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  name_de TEXT,
  region_nis TEXT NOT NULL REFERENCES regions (nis_code)
);

CREATE TABLE organisations (
  id {{ID}},
  kind TEXT NOT NULL,
  nis_code TEXT {{BYTEWISE}} UNIQUE,
  external_id TEXT UNIQUE,
  name_nl TEXT NOT NULL,
  name_fr TEXT,
  name_de TEXT,
  name_en TEXT,
  name_sort TEXT {{BYTEWISE}} NOT NULL,
  region_nis TEXT REFERENCES regions (nis_code),
  province_nis TEXT REFERENCES provinces (nis_code),
  parent_id BIGINT REFERENCES organisations (id),
  merged_into_id BIGINT REFERENCES organisations (id),
  status TEXT NOT NULL DEFAULT 'active',
  is_demo INTEGER NOT NULL DEFAULT 0,
  -- Contact summary kept current on every change of people or SPOC assignments, so
  -- that gap filters are index lookups rather than joins over all people.
  spoc_person_id BIGINT,
  deputy_count INTEGER NOT NULL DEFAULT 0,
  has_out_of_band INTEGER NOT NULL DEFAULT 0,
  contacts_verified_min BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organisations_sort ON organisations (name_sort, id);
CREATE INDEX organisations_kind ON organisations (kind, name_sort, id);
CREATE INDEX organisations_province ON organisations (province_nis, name_sort, id);
CREATE INDEX organisations_region ON organisations (region_nis, name_sort, id);
CREATE INDEX organisations_parent ON organisations (parent_id);

-- Word prefixes of every official name, folded (lower case, no accents), for search
-- that uses a B-tree range scan on both engines.
CREATE TABLE organisation_terms (
  term TEXT {{BYTEWISE}} NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  PRIMARY KEY (term, organisation_id)
);
-- (organisation_id, term) lets a check of one organisation's terms read the index only.
CREATE INDEX organisation_terms_org ON organisation_terms (organisation_id, term);

CREATE TABLE people (
  id {{ID}},
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  external_id TEXT UNIQUE,
  full_name TEXT NOT NULL,
  job_title TEXT,
  work_email TEXT,
  oob_email TEXT,
  mobile TEXT,
  landline TEXT,
  preferred_language TEXT NOT NULL DEFAULT 'nl',
  roles TEXT NOT NULL DEFAULT '',
  verified_at BIGINT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX people_organisation ON people (organisation_id, full_name);

-- position 0 is the SPOC, 1.. are the deputies in escalation order.
CREATE TABLE spoc_assignments (
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  position INTEGER NOT NULL,
  person_id BIGINT NOT NULL REFERENCES people (id),
  PRIMARY KEY (organisation_id, position),
  UNIQUE (organisation_id, person_id)
);
CREATE INDEX spoc_assignments_person ON spoc_assignments (person_id);

CREATE TABLE provider_services (
  id {{ID}},
  provider_id BIGINT NOT NULL REFERENCES organisations (id),
  customer_id BIGINT NOT NULL REFERENCES organisations (id),
  service TEXT NOT NULL,
  description TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (provider_id, customer_id, service)
);
CREATE INDEX provider_services_customer ON provider_services (customer_id);

CREATE TABLE users (
  id {{ID}},
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  person_id BIGINT REFERENCES people (id),
  status TEXT NOT NULL DEFAULT 'invited',
  password_hash TEXT,
  totp_secret TEXT,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  preferred_language TEXT NOT NULL DEFAULT 'nl',
  last_sign_in_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE recovery_codes (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  pending_totp_secret TEXT,
  address TEXT,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE account_links (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX account_links_user ON account_links (user_id);

CREATE TABLE api_tokens (
  id {{ID}},
  lookup_id TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Persistent outbox: written in the same transaction as the change that causes the
-- message; a dispatcher delivers with retries.
CREATE TABLE outbox (
  id {{ID}},
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Append-only, hash-chained: every change with who, when, what, before and after.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor_label TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT,
  organisation_id BIGINT,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, seq);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The head of the audit chain: the last seq and hash. Appending locks this row first
-- (UPDATE ... RETURNING), which serialises appenders on both engines, and it anchors the
-- chain so that deleting the newest rows is detected too.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
