-- Staff who are people (issue 13): roles held through one-time invitations, suspension, the append-only audit
-- trail with its hash chain, alarm states and who was told, door controller health. Plain SQL for SQLite and
-- PostgreSQL alike. Times are epoch milliseconds.

-- District codes were seeded as numbers into a TEXT column and read back as '140106.0': district staff's scope
-- compares them with the six digits of the administrative division code (GB/T 2260).
UPDATE stations SET district_code = REPLACE(district_code, '.0', '') WHERE district_code LIKE '%.0';

-- The district of a health station, for district staff's scope (the seed carries it; existing rows take the code
-- of the stations with the same district name).
ALTER TABLE health_stations ADD COLUMN district_code TEXT;
UPDATE health_stations SET district_code = (SELECT MIN(s.district_code) FROM stations s WHERE s.district = health_stations.district);

-- One role an account holds over one scope: city (everything), district (district_code), keeper (station_id),
-- clinic (health_station_id). A person may hold several, and be a worker too. A suspended row grants nothing.
-- account_id goes NULL when the account is deleted (the row stays for the audit trail's sake, granting nothing).
CREATE TABLE staff_members (
  id TEXT PRIMARY KEY,
  account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
  role TEXT NOT NULL CHECK (role IN ('city', 'district', 'keeper', 'clinic')),
  district_code TEXT,
  station_id TEXT REFERENCES stations(id),
  health_station_id TEXT REFERENCES health_stations(id),
  display_name TEXT NOT NULL,             -- what workers see, e.g. 张师傅
  invitation_id TEXT NOT NULL,
  invited_by TEXT,                         -- staff member id; NULL: the server's command line
  created_at INTEGER NOT NULL,
  suspended_at INTEGER,
  suspended_by TEXT,
  CHECK ((role = 'city' AND district_code IS NULL AND station_id IS NULL AND health_station_id IS NULL)
      OR (role = 'district' AND district_code IS NOT NULL AND station_id IS NULL AND health_station_id IS NULL)
      OR (role = 'keeper' AND station_id IS NOT NULL AND district_code IS NULL AND health_station_id IS NULL)
      OR (role = 'clinic' AND health_station_id IS NOT NULL AND district_code IS NULL AND station_id IS NULL))
);
CREATE INDEX staff_members_account ON staff_members(account_id);
CREATE INDEX staff_members_station ON staff_members(station_id);
CREATE INDEX staff_members_district ON staff_members(district_code);

-- One-time invitations: only the SHA-256 of the code is stored; single use (redeemed_at), 72 h.
CREATE TABLE staff_invitations (
  id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('city', 'district', 'keeper', 'clinic')),
  district_code TEXT,
  station_id TEXT REFERENCES stations(id),
  health_station_id TEXT REFERENCES health_stations(id),
  name TEXT NOT NULL,                      -- whom the inviter meant it for, as the inviter wrote it
  invited_by TEXT,                         -- staff member id; NULL: the server's command line
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  redeemed_at INTEGER,
  redeemed_by TEXT                         -- the staff member it made
);

-- The audit trail: append-only (no route updates or deletes it). Each row's hash is SHA-256 over the canonical
-- JSON of its own columns, prev_hash included, so editing or deleting a row breaks the chain after it
-- (core/db/audit.ts; npm run -s audit:verify). seq is assigned by the append, 1, 2, 3...
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  account_id TEXT,                         -- who signed in (also for refused attempts by non-staff)
  staff_id TEXT,                           -- the acting role's staff member id, NULL when none applied
  role TEXT,
  scope TEXT,                              -- city | district:<code> | station:<id> | health_station:<id>
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,                   -- ok | forbidden | limited
  target_type TEXT,
  target_id TEXT,
  station_id TEXT,                         -- the station or health station concerned, for the filter
  address TEXT,
  detail TEXT,                             -- canonical JSON object or NULL; never identity numbers or phones
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_staff ON audit_log(staff_id, seq);
CREATE INDEX audit_log_station ON audit_log(station_id, seq);
CREATE INDEX audit_log_at ON audit_log(at);
-- The chain's head, one row: appends update it first, which serialises them (a row lock in PostgreSQL, the
-- IMMEDIATE write lock in SQLite) and lets the check see a deleted last row.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Alarms: who pressed (the account, so an unregistered session sees the answer too), states open ->
-- acknowledged -> resolved, and how far up the chain it went (0 keepers, 1 district, 2 city). Alerts recorded
-- before this migration are left at the top level: nobody is told about them again.
ALTER TABLE alerts ADD COLUMN account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL;
ALTER TABLE alerts ADD COLUMN state TEXT NOT NULL DEFAULT 'open';
ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alerts ADD COLUMN acknowledged_by_name TEXT;
ALTER TABLE alerts ADD COLUMN resolved_at INTEGER;
ALTER TABLE alerts ADD COLUMN resolved_by TEXT;
ALTER TABLE alerts ADD COLUMN resolution_note TEXT;
ALTER TABLE alerts ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
UPDATE alerts SET escalation_level = 2;
CREATE INDEX alerts_account ON alerts(account_id, at);
CREATE INDEX alerts_state ON alerts(state, escalation_level);

-- Who was told about what: one row per staff member and alarm level (or offline door episode), sent by the
-- notifier (WeChat subscribe messages or the log).
CREATE TABLE staff_notices (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                      -- alarm | door_offline
  ref_id TEXT NOT NULL,                    -- the alert id, or the station id for door_offline
  level INTEGER NOT NULL,
  staff_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | undeliverable | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (kind, ref_id, level, staff_id)
);
CREATE INDEX staff_notices_pending ON staff_notices(status, created_at);

-- Door controllers' health: the long poll is the heartbeat; a door contact may report open/closed.
CREATE TABLE door_status (
  door_id TEXT PRIMARY KEY REFERENCES doors(id),
  last_seen_at INTEGER NOT NULL,
  contact TEXT,                            -- open | closed | NULL (no contact fitted)
  contact_since INTEGER,
  offline_notified_at INTEGER              -- set when "显示营业，但门禁离线" went out; cleared when back online
);
