-- The event log behind GET /api/events: one row per change that live clients should hear
-- about, written in the change's own transaction (storage/repositories/event_store.h), so
-- an event exists if and only if its change committed. A client that reconnects with
-- Last-Event-ID is sent the rows after that id; old rows are pruned.
-- organisation_id says whose event it is: NULL means the war room's only. payload is a
-- JSON object of ids and states, never content (see core/access/event_visibility.h).
CREATE TABLE events (
  -- Given by event_head in PublishEvent (never reused, gapless, in commit order).
  id {{ID_NOT_REUSED}},
  at BIGINT NOT NULL,
  topic TEXT NOT NULL,
  organisation_id BIGINT,
  payload TEXT NOT NULL
);
CREATE INDEX events_at ON events (at);

-- The log's one-row head: last_id is the last id handed out. Publishers lock the row
-- (UPDATE ... RETURNING) until they commit, so on PostgreSQL ids become visible in order
-- and a reader that saw id N has seen every id below it. pruned_through is the highest id
-- pruning removed: a client behind it has missed events and must reload.
CREATE TABLE event_head (
  id INTEGER PRIMARY KEY,
  last_id BIGINT NOT NULL,
  pruned_through BIGINT NOT NULL
);
INSERT INTO event_head (id, last_id, pruned_through) VALUES (1, 0, 0);
