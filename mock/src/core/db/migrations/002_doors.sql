-- Door entry (issue 4): worker passes (single use), emergency alerts. Times are epoch milliseconds.

-- A worker's pass: an opaque random id shown in the QR, never the worker's identity. One row per issued pass.
CREATE TABLE passes (
  id TEXT PRIMARY KEY,
  worker_id TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
  nonce TEXT NOT NULL,
  expires_at INTEGER NOT NULL,      -- whole seconds * 1000, as carried in the pass
  created_at INTEGER NOT NULL,
  used_at INTEGER,                  -- set once, by a conditional update (single use)
  used_door_id TEXT
);
CREATE INDEX passes_worker ON passes(worker_id, expires_at);

-- The pass an entry came through. A second granted entry for one pass is impossible at the database level,
-- whatever the code path; refused replays are still logged (they are not 'granted').
ALTER TABLE entries ADD COLUMN pass_id TEXT;
CREATE UNIQUE INDEX entries_pass_granted ON entries(pass_id) WHERE pass_id IS NOT NULL AND outcome = 'granted';
CREATE UNIQUE INDEX grants_entry ON grants(entry_id);
CREATE INDEX entries_at ON entries(at);

-- Emergency calls made from the app: station and door, the worker if registered, and where the phone was.
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  station_id TEXT NOT NULL REFERENCES stations(id),
  door_id TEXT REFERENCES doors(id),
  worker_id TEXT REFERENCES workers(id) ON DELETE SET NULL,
  entry_id TEXT REFERENCES entries(id),
  lat REAL,                         -- GCJ-02; sensitive (precise whereabouts), kept for the emergency response
  lng REAL,
  accuracy_m REAL
);
CREATE INDEX alerts_at ON alerts(at);
CREATE INDEX alerts_station ON alerts(station_id, at);
