-- PostgreSQL twin of ../001_init.sql (same tables, columns and indexes). Times are epoch milliseconds in BIGINT
-- (read back as JS numbers: core/db/postgres.ts); dates are Shanghai calendar dates 'YYYY-MM-DD'; flags are
-- INTEGER 0/1 as on SQLite; coordinates DOUBLE PRECISION.
CREATE TABLE stations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  district TEXT NOT NULL,
  district_code TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,   -- GCJ-02
  lng DOUBLE PRECISION NOT NULL,   -- GCJ-02
  kind TEXT NOT NULL,
  grade INTEGER NOT NULL,
  honours TEXT NOT NULL,           -- JSON array
  amenities TEXT NOT NULL,         -- JSON array
  hours TEXT NOT NULL,             -- JSON OpeningHours (src/rules/hours.ts)
  phone TEXT NOT NULL,
  smart INTEGER NOT NULL DEFAULT 0,
  smart_kind TEXT
);

CREATE TABLE doors (
  id TEXT PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations(id),
  name TEXT NOT NULL,
  has_screen INTEGER NOT NULL DEFAULT 0,
  has_reader INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX doors_station ON doors(station_id);

CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  id_number_enc TEXT NOT NULL,
  id_number_hmac TEXT NOT NULL UNIQUE,
  id_number_masked TEXT NOT NULL,
  phone_enc TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  occupation TEXT NOT NULL,
  privacy_version TEXT NOT NULL,
  sensitive_consent_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  device_id TEXT UNIQUE,
  wx_openid TEXT UNIQUE,
  worker_id TEXT UNIQUE REFERENCES workers(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  worker_id TEXT REFERENCES workers(id) ON DELETE SET NULL,
  door_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT,
  code_kind TEXT,
  location_present INTEGER NOT NULL DEFAULT 0,
  distance_m DOUBLE PRECISION,
  door_acked_at BIGINT
);
CREATE INDEX entries_worker ON entries(worker_id, at);
CREATE INDEX entries_station ON entries(station_id, at);

CREATE TABLE grants (
  id TEXT PRIMARY KEY,
  door_id TEXT NOT NULL REFERENCES doors(id),
  entry_id TEXT NOT NULL REFERENCES entries(id),
  expires_at BIGINT NOT NULL,
  acked_at BIGINT
);
CREATE INDEX grants_door ON grants(door_id, expires_at);

CREATE TABLE health_stations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  district TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lng DOUBLE PRECISION NOT NULL,
  phone TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_on TEXT
);

CREATE TABLE doctors (
  id TEXT PRIMARY KEY,
  health_station_id TEXT NOT NULL REFERENCES health_stations(id),
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  specialty TEXT NOT NULL,
  hospital TEXT NOT NULL
);

CREATE TABLE session_templates (
  id TEXT PRIMARY KEY,
  doctor_id TEXT NOT NULL REFERENCES doctors(id),
  weekday INTEGER NOT NULL,
  start TEXT NOT NULL,
  "end" TEXT NOT NULL,             -- a reserved word in PostgreSQL (Kysely quotes every identifier)
  slot_minutes INTEGER NOT NULL,
  capacity INTEGER NOT NULL
);

CREATE TABLE clinic_sessions (
  id TEXT PRIMARY KEY,
  template_id TEXT REFERENCES session_templates(id),
  health_station_id TEXT NOT NULL REFERENCES health_stations(id),
  doctor_id TEXT NOT NULL REFERENCES doctors(id),
  date TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'scheduled',
  UNIQUE (template_id, date)
);
CREATE INDEX clinic_sessions_station_date ON clinic_sessions(health_station_id, date);

CREATE TABLE slots (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES clinic_sessions(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  booked INTEGER NOT NULL DEFAULT 0,
  CHECK (booked >= 0 AND booked <= capacity)
);
CREATE INDEX slots_session ON slots(session_id);

CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  worker_id TEXT REFERENCES workers(id) ON DELETE SET NULL,
  slot_id TEXT NOT NULL REFERENCES slots(id),
  session_id TEXT NOT NULL REFERENCES clinic_sessions(id),
  status TEXT NOT NULL,
  check_in_code TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  cancelled_at BIGINT,
  checked_in_at BIGINT
);
CREATE UNIQUE INDEX bookings_worker_slot_active ON bookings(worker_id, slot_id) WHERE status IN ('booked', 'checked_in');
CREATE UNIQUE INDEX bookings_worker_session_active ON bookings(worker_id, session_id) WHERE status IN ('booked', 'checked_in');
CREATE INDEX bookings_worker ON bookings(worker_id, status);

CREATE TABLE idempotency_keys (
  account_id TEXT NOT NULL,
  key TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, key)
);
