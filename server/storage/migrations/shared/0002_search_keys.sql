-- Search keys replace the word list of 0001: every prefix of every word of the official
-- names, up to ten characters, plus the whole word when it is longer (see
-- core/directory/search_text.h), stored with the organisation's sort name. A search word
-- is then one equality lookup that already reads in page order, however many
-- organisations share it.
CREATE TABLE organisation_search_keys (
  search_key TEXT {{BYTEWISE}} NOT NULL,
  name_sort TEXT {{BYTEWISE}} NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  PRIMARY KEY (search_key, name_sort, organisation_id)
){{WITHOUT_ROWID}};
-- (organisation_id, search_key): checking one organisation's words reads the index only.
CREATE INDEX organisation_search_keys_org ON organisation_search_keys (organisation_id, search_key);

WITH RECURSIVE prefixes (search_key, term, n, organisation_id) AS (
  SELECT substr(term, 1, 1), term, 1, organisation_id FROM organisation_terms
  UNION ALL
  SELECT substr(term, 1, n + 1), term, n + 1, organisation_id FROM prefixes
  WHERE n < length(term) AND n < 10
)
INSERT INTO organisation_search_keys (search_key, name_sort, organisation_id)
SELECT p.search_key, o.name_sort, p.organisation_id
FROM prefixes p JOIN organisations o ON o.id = p.organisation_id
UNION
SELECT t.term, o.name_sort, t.organisation_id
FROM organisation_terms t JOIN organisations o ON o.id = t.organisation_id;

DROP TABLE organisation_terms;
