-- Critical services and their restoration, and restart funding (issue 13, C2).

-- The maintained list of a local government's critical services. key: a stable word
-- (population_register); names in the four languages; position orders the list; a retired
-- service (active = 0) is no longer offered but stays on the incidents that name it.
CREATE TABLE critical_services (
  key TEXT {{BYTEWISE}} NOT NULL PRIMARY KEY,
  name_nl TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  name_en TEXT NOT NULL,
  name_de TEXT NOT NULL,
  position INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
){{WITHOUT_ROWID}};

INSERT INTO critical_services (key, name_nl, name_fr, name_en, name_de, position) VALUES
  ('population_register', 'Bevolkingsregister', 'Registre de la population', 'Population register', 'Melderegister', 10),
  ('civil_status', 'Burgerlijke stand', 'État civil', 'Civil status', 'Standesamt', 20),
  ('citizen_desk', 'Loket en e-loket', 'Guichet et e-guichet', 'Citizen desk and e-counter', 'Bürgerschalter und E-Schalter', 30),
  ('email', 'E-mail', 'Courrier électronique', 'E-mail', 'E-Mail', 40),
  ('website', 'Website', 'Site web', 'Website', 'Website', 50),
  ('telephony', 'Telefonie', 'Téléphonie', 'Telephony', 'Telefonie', 60),
  ('network', 'Netwerk en internet', 'Réseau et internet', 'Network and internet', 'Netzwerk und Internet', 70),
  ('workstations', 'Werkposten', 'Postes de travail', 'Workstations', 'Arbeitsplätze', 80),
  ('payroll', 'Personeels- en loonadministratie', 'Paie et personnel', 'Payroll and HR', 'Lohn- und Personalverwaltung', 90),
  ('finance', 'Financiën en boekhouding', 'Finances et comptabilité', 'Finance and accounting', 'Finanzen und Buchhaltung', 100),
  ('social_services', 'Sociale dienst (OCMW)', 'Services sociaux (CPAS)', 'Social services (PCSW)', 'Sozialdienst (ÖSHZ)', 110),
  ('document_management', 'Documentbeheer en archief', 'Gestion documentaire et archives', 'Document management and archive', 'Dokumentenverwaltung und Archiv', 120),
  ('permits', 'Omgevingsvergunningen', 'Permis d''urbanisme et d''environnement', 'Permits', 'Genehmigungen', 130),
  ('council_decisions', 'Besluitvorming (college en raad)', 'Décisions (collège et conseil)', 'Council decisions', 'Beschlussfassung (Kollegium und Rat)', 140),
  ('schools', 'Scholen', 'Écoles', 'Schools', 'Schulen', 150),
  ('police_systems', 'Politiesystemen', 'Systèmes de police', 'Police systems', 'Polizeisysteme', 160),
  ('backups', 'Back-ups', 'Sauvegardes', 'Backups', 'Datensicherungen', 170);

-- One service of one incident: down, degraded or restored, since when (ms), the target
-- time for its restoration, when it was restored (set while restored), a note; version
-- guards If-Match.
CREATE TABLE incident_services (
  incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  service_key TEXT {{BYTEWISE}} NOT NULL REFERENCES critical_services (key),
  status TEXT NOT NULL CHECK (status IN ('down', 'degraded', 'restored')),
  since BIGINT NOT NULL,
  restore_target BIGINT,
  restored_at BIGINT,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (incident_id, service_key)
){{WITHOUT_ROWID}};
-- The recovery view: what is not restored yet, oldest outage first.
CREATE INDEX incident_services_open ON incident_services (since, incident_id)
  WHERE status <> 'restored';

-- Every change of a service's status or target, appended and never edited: how long it was
-- down and the story of its recovery. from_status is NULL for the first row.
CREATE TABLE incident_service_history (
  id {{ID_NOT_REUSED}},
  incident_id BIGINT NOT NULL,
  service_key TEXT {{BYTEWISE}} NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  since BIGINT NOT NULL,
  restore_target BIGINT,
  restored_at BIGINT,
  note TEXT NOT NULL DEFAULT '',
  changed_at BIGINT NOT NULL,
  changed_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  changed_by TEXT NOT NULL,
  FOREIGN KEY (incident_id, service_key) REFERENCES incident_services (incident_id, service_key)
    ON DELETE CASCADE
);
CREATE INDEX incident_service_history_service
  ON incident_service_history (incident_id, service_key, id);

-- A request for restart funding or emergency infrastructure, and the war room's decision.
-- kind: restart_funding, emergency_infrastructure; amounts in euro cents; decision:
-- pending, granted, partially_granted, refused.
CREATE TABLE incident_funding_requests (
  id {{ID_NOT_REUSED}},
  incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('restart_funding', 'emergency_infrastructure')),
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  purpose TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  requested_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  requested_by TEXT NOT NULL,
  decision TEXT NOT NULL DEFAULT 'pending'
    CHECK (decision IN ('pending', 'granted', 'partially_granted', 'refused')),
  granted_cents BIGINT,
  decided_at BIGINT,
  decided_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  decided_by TEXT,
  decision_note TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_funding_requests_incident ON incident_funding_requests (incident_id, id);
