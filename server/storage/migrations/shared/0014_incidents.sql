-- Incidents (issue 13, C2), first slice: the incident itself, its status, flags and the
-- marks of its legal clocks, and the RSIT taxonomy it is classified by.

-- The Reference Security Incident Taxonomy, loaded with the rest of the reference data
-- (rsit_taxonomy.csv) and replaced as a whole when it changes; position keeps file order.
CREATE TABLE rsit_types (
  class_key TEXT {{BYTEWISE}} NOT NULL,
  type_key TEXT {{BYTEWISE}} NOT NULL,
  class_name TEXT NOT NULL,
  type_name TEXT NOT NULL,
  description TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (class_key, type_key)
){{WITHOUT_ROWID}};

-- One incident of one organisation (the victim). Times are ms since the epoch.
-- severity: 1 (critical) to 4 (low); status: reported, triage, containment, eradication,
-- recovery, closed; tlp: clear, green, amber, amber+strict, red (RED: the war room only, in
-- this slice). The legal clocks run from became_aware_at; *_at columns below it record when
-- an obligation was met. version guards If-Match.
CREATE TABLE incidents (
  id {{ID_NOT_REUSED}},
  organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  what_happened TEXT NOT NULL,
  detected_at BIGINT NOT NULL,
  declared_at BIGINT NOT NULL,
  became_aware_at BIGINT NOT NULL,
  severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
  rsit_class TEXT,
  rsit_type TEXT,
  status TEXT NOT NULL DEFAULT 'reported',
  local_lead TEXT,
  callback_number TEXT,
  is_exercise INTEGER NOT NULL DEFAULT 0,
  tlp TEXT NOT NULL,
  personal_data INTEGER NOT NULL DEFAULT 0,
  nis2_applicable INTEGER NOT NULL DEFAULT 0,
  gdpr_notified_at BIGINT,
  gdpr_reference TEXT,
  nis2_early_warning_at BIGINT,
  nis2_notification_at BIGINT,
  nis2_final_report_at BIGINT,
  nis2_reference TEXT,
  declared_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  declared_by TEXT NOT NULL,
  closed_at BIGINT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- The board: open incidents by severity, oldest awareness first.
CREATE INDEX incidents_open_by_severity ON incidents (severity, became_aware_at, id)
  WHERE status <> 'closed';
-- An organisation's incidents, newest first (the tenant scope of a SPOC or member).
CREATE INDEX incidents_organisation ON incidents (organisation_id, id);
