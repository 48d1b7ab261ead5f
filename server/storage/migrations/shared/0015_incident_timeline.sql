-- The incident timeline (issue 13, C2): entries that are never edited or deleted (no
-- UPDATE or DELETE of them exists; a correction is a new entry pointing at the one it
-- corrects), and the people named on TLP:RED entries, who alone may read them.

-- kind: observation, decision, action, communication. text: plain text as written.
-- happened_at: when the thing happened (may be before written_at); times in ms since the
-- epoch. author: the author's display name when written (kept when the account goes).
-- tlp: clear, green, amber, amber+strict, red. audience: to whom a communication was said.
-- corrects: an earlier entry of the same incident (the composite key makes another
-- incident's entry impossible, whatever the code above does).
CREATE TABLE incident_timeline (
  id {{ID_NOT_REUSED}},
  incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  happened_at BIGINT NOT NULL,
  written_at BIGINT NOT NULL,
  author_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  author TEXT NOT NULL,
  tlp TEXT NOT NULL,
  corrects BIGINT,
  audience TEXT,
  UNIQUE (incident_id, id),
  FOREIGN KEY (incident_id, corrects) REFERENCES incident_timeline (incident_id, id)
    ON DELETE CASCADE
);
-- An incident's page: newest happened first, and the decision and communication logs.
CREATE INDEX incident_timeline_happened ON incident_timeline (incident_id, happened_at, id);
CREATE INDEX incident_timeline_kind ON incident_timeline (incident_id, kind, happened_at, id);
CREATE INDEX incident_timeline_corrects ON incident_timeline (corrects) WHERE corrects IS NOT NULL;

-- The people named on a TLP:RED entry (its author always among them).
CREATE TABLE incident_timeline_named (
  entry_id BIGINT NOT NULL REFERENCES incident_timeline (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (entry_id, user_id)
){{WITHOUT_ROWID}};
CREATE INDEX incident_timeline_named_user ON incident_timeline_named (user_id, entry_id);
