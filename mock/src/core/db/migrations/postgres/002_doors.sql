-- PostgreSQL twin of ../002_doors.sql.
CREATE TABLE passes (
  id TEXT PRIMARY KEY,
  worker_id TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
  nonce TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT,
  used_door_id TEXT
);
CREATE INDEX passes_worker ON passes(worker_id, expires_at);

ALTER TABLE entries ADD COLUMN pass_id TEXT;
CREATE UNIQUE INDEX entries_pass_granted ON entries(pass_id) WHERE pass_id IS NOT NULL AND outcome = 'granted';
CREATE UNIQUE INDEX grants_entry ON grants(entry_id);
CREATE INDEX entries_at ON entries(at);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  station_id TEXT NOT NULL REFERENCES stations(id),
  door_id TEXT REFERENCES doors(id),
  worker_id TEXT REFERENCES workers(id) ON DELETE SET NULL,
  entry_id TEXT REFERENCES entries(id),
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION,
  accuracy_m DOUBLE PRECISION
);
CREATE INDEX alerts_at ON alerts(at);
CREATE INDEX alerts_station ON alerts(station_id, at);
