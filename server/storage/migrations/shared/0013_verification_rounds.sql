-- Contact-verification rounds (issue 12): the war room asks every SPOC and deputy of an
-- audience to confirm or correct their details through a link of their own. Who does not
-- confirm keeps an old people.verified_at, so the directory's stale-contact gap shows them.

-- audience is the JSON definition the war room chose (as advisories.audience); asked is
-- the number of requests written when the round started.
CREATE TABLE verification_rounds (
  id {{ID_NOT_REUSED}},
  audience TEXT NOT NULL,
  created_by_user_id BIGINT,
  created_by TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  asked INTEGER NOT NULL DEFAULT 0,
  is_exercise INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

-- One request per person and round; token_hash is the SHA-256 of the link's token (the
-- token itself is only in the mail). corrected is 1 when the person changed a field.
CREATE TABLE verification_requests (
  id {{ID_NOT_REUSED}},
  round_id BIGINT NOT NULL REFERENCES verification_rounds (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  corrected INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (round_id, person_id)
);
CREATE INDEX verification_requests_round ON verification_requests (round_id, organisation_id);
