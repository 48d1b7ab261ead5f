-- C3 advisories: the war room's warnings to local governments, their frozen audience, every
-- delivery, the acknowledgements (one per organisation and round), escalation and the call
-- list, and SPOCs' requests for help.

-- The exercise's war-room analysts (who wrote and approved its advisory) are accounts of
-- the real war room; this marks them so that removing the exercise removes them too.
ALTER TABLE users ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0;

-- Named escalation policies. steps is a JSON array of {"to": spoc | each_deputy |
-- all_deputies | out_of_band | call_list, "wait_minutes": N}; out_of_band_from is the
-- severity from which the first message also goes to out-of-band addresses (NULL: never).
CREATE TABLE escalation_policies (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  steps TEXT NOT NULL,
  out_of_band_from TEXT,
  is_default INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- status: draft | sent | withdrawn. audience is the JSON definition the author chose; the
-- organisations it meant at send time are frozen in advisory_recipients. revision counts
-- the published versions of the texts; ack_round starts again when an update asks for
-- re-acknowledgement.
CREATE TABLE advisories (
  id {{ID}},
  reference TEXT NOT NULL UNIQUE,
  severity TEXT NOT NULL,
  tlp TEXT NOT NULL,
  is_exercise INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft',
  audience TEXT NOT NULL,
  policy_id BIGINT NOT NULL REFERENCES escalation_policies (id),
  author_user_id BIGINT NOT NULL REFERENCES users (id),
  approved_by_user_id BIGINT REFERENCES users (id),
  approved_at BIGINT,
  emergency_reason TEXT,
  sent_at BIGINT,
  withdrawn_at BIGINT,
  withdraw_reason TEXT,
  revision INTEGER NOT NULL DEFAULT 1,
  ack_round INTEGER NOT NULL DEFAULT 1,
  recipient_count INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX advisories_status ON advisories (status, updated_at);

-- The text of each language version of each revision; action_points is a JSON array of
-- strings, as many in every language.
CREATE TABLE advisory_texts (
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  language TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  action_points TEXT NOT NULL,
  PRIMARY KEY (advisory_id, revision, language)
);

CREATE TABLE advisory_revisions (
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  author_user_id BIGINT NOT NULL REFERENCES users (id),
  note TEXT,
  reacknowledge INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (advisory_id, revision)
);

-- The audience frozen at send time, one row per organisation, with its escalation state:
-- stage 0 is the first message; each escalation step adds one; on_call_list once the
-- policy ran out. acknowledged_at mirrors the current round's acknowledgement, for counts.
CREATE TABLE advisory_recipients (
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  province_nis TEXT,
  stage INTEGER NOT NULL DEFAULT 0,
  stage_label TEXT NOT NULL,
  on_call_list INTEGER NOT NULL DEFAULT 0,
  call_list_at BIGINT,
  escalated_at BIGINT,
  -- When the next stage is due (NULL once acknowledged or when no stage is left).
  next_due_at BIGINT,
  opened_at BIGINT,
  acknowledged_at BIGINT,
  action_points_done TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (advisory_id, organisation_id)
){{WITHOUT_ROWID}};
CREATE INDEX advisory_recipients_org ON advisory_recipients (organisation_id, advisory_id);
CREATE INDEX advisory_recipients_due ON advisory_recipients (advisory_id, next_due_at);

-- One acknowledgement per organisation, advisory and round: the UNIQUE constraint makes a
-- repeated click harmless. channel: link | app | phone.
CREATE TABLE advisory_acknowledgements (
  id {{ID}},
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  ack_round INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  channel TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id),
  person_id BIGINT REFERENCES people (id),
  actor_label TEXT NOT NULL,
  at BIGINT NOT NULL,
  UNIQUE (advisory_id, organisation_id, ack_round)
);

-- Every message sent for an advisory, with the outbox message that carries it (its status
-- and attempts are the delivery's outcome). reason: initial | escalation | update.
CREATE TABLE advisory_deliveries (
  id {{ID}},
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  person_id BIGINT REFERENCES people (id),
  stage INTEGER NOT NULL,
  reason TEXT NOT NULL,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  outbox_id BIGINT NOT NULL REFERENCES outbox (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX advisory_deliveries_recipient ON advisory_deliveries (advisory_id, organisation_id);
CREATE INDEX advisory_deliveries_outbox ON advisory_deliveries (outbox_id);

-- Acknowledgement links: one per recipient person and advisory; the database keeps only
-- the SHA-256 of the token.
CREATE TABLE advisory_links (
  token_hash TEXT PRIMARY KEY,
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  person_id BIGINT NOT NULL REFERENCES people (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX advisory_links_advisory ON advisory_links (advisory_id, organisation_id);

-- Calls the war room made for organisations on the call list.
-- outcome: reached | no_answer | voicemail | wrong_number.
CREATE TABLE advisory_calls (
  id {{ID}},
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  person_id BIGINT REFERENCES people (id),
  outcome TEXT NOT NULL,
  note TEXT,
  acknowledged INTEGER NOT NULL DEFAULT 0,
  at BIGINT NOT NULL
);
CREATE INDEX advisory_calls_recipient ON advisory_calls (advisory_id, organisation_id);

-- A SPOC's request for the war room's help. status: open | in_progress | closed.
CREATE TABLE help_requests (
  id {{ID}},
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  advisory_id BIGINT REFERENCES advisories (id),
  requested_by_user_id BIGINT NOT NULL REFERENCES users (id),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  owner_user_id BIGINT REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX help_requests_status ON help_requests (status, created_at);
CREATE INDEX help_requests_org ON help_requests (organisation_id, created_at);

-- The policy every advisory gets unless its author picks another: the SPOC has 30
-- minutes, then each deputy in turn 15, then the call list; a critical advisory also goes
-- to the out-of-band addresses at once.
INSERT INTO escalation_policies (name, description, steps, out_of_band_from, is_default, created_at,
                                 updated_at)
VALUES ('Standard', 'SPOC 30 min, each deputy 15 min, then the call list',
        '[{"to":"spoc","wait_minutes":30},{"to":"each_deputy","wait_minutes":15},{"to":"call_list","wait_minutes":0}]',
        'critical', 1, 0, 0);
