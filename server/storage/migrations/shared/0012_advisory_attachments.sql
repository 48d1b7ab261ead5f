-- Advisory attachments (issue 12): files a war-room author adds to a draft. The bytes live
-- outside the database, in <data-dir>/attachments/ named by their SHA-256 (written to a
-- temporary file, synced and renamed before the row commits, so a row never lacks its
-- bytes; a crash or a removal leaves at most a file no row names). kind is the type the
-- server detected from the bytes (core/advisory/attachment.h), never the client's.
-- file_name is the name as given, made safe to show. One file once per advisory.
CREATE TABLE advisory_attachments (
  id {{ID}},
  advisory_id BIGINT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by_user_id BIGINT NOT NULL REFERENCES users (id),
  uploaded_at BIGINT NOT NULL,
  UNIQUE (advisory_id, sha256)
);
