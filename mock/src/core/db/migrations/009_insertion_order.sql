-- Insertion order as a real column, `seq`, for the tie-breaks that read it: a session made in the same millisecond
-- as another is the newer (the per-account cap keeps the newest), and entries and consents of one millisecond are
-- listed in the order they happened. These read SQLite's hidden rowid before; PostgreSQL has none
-- (postgres/009_insertion_order.sql adds identity columns). SQLite cannot add an INTEGER PRIMARY KEY column to a
-- table, so each table is rebuilt (sqlite.org/lang_altertable.html, "other kinds of table schema changes"; the
-- migration runner turns foreign keys off around it and checks them before commit), keeping each row's rowid as
-- its seq and its primary key as a UNIQUE column.

CREATE TABLE sessions_new (
  seq INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the bearer token
  account_id TEXT NOT NULL REFERENCES accounts(id),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO sessions_new (seq, token_hash, account_id, expires_at, created_at)
  SELECT rowid, token_hash, account_id, expires_at, created_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE consents_new (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('privacy', 'id_number', 'location')),
  version TEXT NOT NULL,
  at INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
);
INSERT INTO consents_new (seq, id, account_id, kind, version, at, withdrawn)
  SELECT rowid, id, account_id, kind, version, at, withdrawn FROM consents;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX consents_account_kind ON consents(account_id, kind, at);

CREATE TABLE entries_new (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  worker_id TEXT REFERENCES workers(id) ON DELETE SET NULL,
  door_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL,            -- granted | refused
  reason TEXT,                      -- refusal code
  code_kind TEXT,                   -- printed | rotating | pass
  location_present INTEGER NOT NULL DEFAULT 0,
  distance_m REAL,
  door_acked_at INTEGER,
  pass_id TEXT
);
INSERT INTO entries_new (seq, id, worker_id, door_id, station_id, at, outcome, reason, code_kind, location_present, distance_m, door_acked_at, pass_id)
  SELECT rowid, id, worker_id, door_id, station_id, at, outcome, reason, code_kind, location_present, distance_m, door_acked_at, pass_id FROM entries;
DROP TABLE entries;
ALTER TABLE entries_new RENAME TO entries;
CREATE INDEX entries_worker ON entries(worker_id, at);
CREATE INDEX entries_station ON entries(station_id, at);
CREATE INDEX entries_at ON entries(at);
CREATE UNIQUE INDEX entries_pass_granted ON entries(pass_id) WHERE pass_id IS NOT NULL AND outcome = 'granted';
