-- The station registry (issue 15, the desk console's third slice): grade history, and per-door key generations so a
-- door's device key and its printed code can be replaced without touching the master key. PostgreSQL
-- (the SQLite twin is migrations/013_registry.sql). Times are epoch milliseconds.

-- Every grade change with who made it and why (a required reason), newest read first.
CREATE TABLE station_grade_history (
  id TEXT PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations(id),
  at BIGINT NOT NULL,
  staff_id TEXT REFERENCES staff_members(id),
  staff_name TEXT NOT NULL,                 -- the display name at the time (kept if the member is suspended)
  from_grade INTEGER NOT NULL,
  to_grade INTEGER NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX station_grade_history_station ON station_grade_history(station_id, at);

-- A door's device key is HKDF of the master key over the door id and this generation (0: the original derivation);
-- rotating it bumps the generation, so the old key stops working at once. Likewise the printed code's MAC covers
-- code_key_gen when it is above 0: rotating it retires every printed poster of that door.
ALTER TABLE doors ADD COLUMN device_key_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE doors ADD COLUMN code_key_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE doors ADD COLUMN created_at BIGINT;   -- NULL for the seeded doors
