-- Facts about the data itself, one row each. `master_key_check`: the check value of the master key this database
-- was made with (core/keys.ts keyCheckValue: an HMAC of a fixed label under a key derived from it, never the key),
-- so a server started with another key refuses to start instead of sealing new data under a second key.
CREATE TABLE meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
