-- Device ids are passwords (the only secret of the h5 / development sign-in): keep only their SHA-256, as session
-- tokens already are (core/crypto.ts secretHash), so a copy of this file alone signs nobody in. Found: a copy of the
-- file gave sessions and full exports of every h5 account. sha256_hex() is registered on the connection by
-- core/db/database.ts (PostgreSQL: encode(sha256(convert_to(device_id, 'UTF8')), 'hex')). With secure_delete on,
-- the old values are overwritten in the file, not left in free space.
UPDATE accounts SET device_id = sha256_hex(device_id) WHERE device_id IS NOT NULL;
ALTER TABLE accounts RENAME COLUMN device_id TO device_id_hash;
