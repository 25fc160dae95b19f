-- The keeper's side (issue 13): doors opened remotely by staff, and fault / supplies reports with their photos.
-- PostgreSQL twin of ../011_keeper.sql (BYTEA for the photo, BIGINT for times). Station closures need no table:
-- they live in stations.hours (closures), where openState reads them.

-- A door opened by a staff member for a worker whose phone failed: the entry names the staff member (remote when
-- set) and the reason they gave (also in the audit trail). worker_id stays NULL: the worker is not known.
ALTER TABLE entries ADD COLUMN remote_staff_id TEXT;
ALTER TABLE entries ADD COLUMN remote_reason TEXT;

-- A keeper's report of a fault or supplies running out. The photo (at most 2 MiB, its type checked by its magic
-- bytes) is kept in the database with the report, so a backup of the database holds it too.
CREATE TABLE station_reports (
  id TEXT PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations(id),
  kind TEXT NOT NULL CHECK (kind IN ('hot_water', 'microwave', 'air_conditioning', 'charger', 'medicine_box', 'umbrella', 'other')),
  note TEXT NOT NULL,
  photo BYTEA,
  photo_mime TEXT,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,                -- staff member id
  created_by_name TEXT NOT NULL,           -- their display name then
  resolved_at BIGINT,
  resolved_by TEXT,
  resolved_by_name TEXT,
  resolution_note TEXT
);
CREATE INDEX station_reports_station ON station_reports(station_id, created_at);
CREATE INDEX station_reports_state ON station_reports(state, created_at);
