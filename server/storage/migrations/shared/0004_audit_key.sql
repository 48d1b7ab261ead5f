-- The audit chain is keyed: every row's hash is an HMAC-SHA256 under the deployment's
-- audit key, kept outside the database (audit.key in the data folder). The head names
-- the key the chain is sealed with (its id, a fingerprint, never the key). NULL: an
-- unkeyed chain from before this migration, which is re-keyed once, when the key file
-- is created (AuditStore::SealUnkeyedChain). Both engines add a nullable column
-- without rewriting the table.
ALTER TABLE audit_head ADD COLUMN key_id TEXT;
