-- PostgreSQL twin of ../006_device_id_hash.sql: the SHA-256 (hex) of each stored device id, by the built-in
-- sha256(bytea) of PostgreSQL 11+ (no extension), equal to core/crypto.ts secretHash of the UTF-8 text.
UPDATE accounts SET device_id = encode(sha256(convert_to(device_id, 'UTF8')), 'hex') WHERE device_id IS NOT NULL;
ALTER TABLE accounts RENAME COLUMN device_id TO device_id_hash;
