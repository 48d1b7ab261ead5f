-- An account is linked to at most one person of the directory, and a person to at most
-- one account (invitations from the organisation page). Before this, nothing stopped two
-- accounts naming the same person: the oldest account keeps the link, later ones lose it
-- (the account itself, and the person, are untouched).
UPDATE users SET person_id = NULL
WHERE person_id IS NOT NULL
  AND id <> (SELECT MIN(u2.id) FROM users u2 WHERE u2.person_id = users.person_id);
CREATE UNIQUE INDEX users_person ON users (person_id);
