-- Health booking (issue 6): who cancelled, no-show time, waitlist, reminder outbox, idempotency request check.
-- Times are epoch milliseconds.

ALTER TABLE bookings ADD COLUMN cancelled_by TEXT;        -- worker | station
ALTER TABLE bookings ADD COLUMN no_show_at INTEGER;       -- the slot's end, when it became a no-show
ALTER TABLE bookings ADD COLUMN waitlist_id TEXT;         -- set when the booking came from a waitlist promotion
CREATE INDEX bookings_slot_status ON bookings(slot_id, status);
CREATE INDEX bookings_status_worker ON bookings(status, worker_id);

-- A retried request must carry the same body as the first; the hash of (slotId, waitlistIfFull) lets us refuse a mismatch.
ALTER TABLE idempotency_keys ADD COLUMN request_hash TEXT;

CREATE TABLE waitlist_entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- join order; AUTOINCREMENT never reuses a value, so order is first come first served
  id TEXT NOT NULL UNIQUE,
  worker_id TEXT REFERENCES workers(id) ON DELETE CASCADE,
  slot_id TEXT NOT NULL REFERENCES slots(id),
  session_id TEXT NOT NULL REFERENCES clinic_sessions(id),
  status TEXT NOT NULL,                    -- waiting | promoted | left | skipped | expired | cancelled
  created_at INTEGER NOT NULL,
  ended_at INTEGER,
  booking_id TEXT REFERENCES bookings(id)
);
-- One waiting place per worker and session (the same one-per-session rule as bookings).
CREATE UNIQUE INDEX waitlist_worker_session_waiting ON waitlist_entries(worker_id, session_id) WHERE status = 'waiting';
CREATE INDEX waitlist_slot_waiting ON waitlist_entries(slot_id, status, seq);

-- Messages to workers, sent by the scheduler through a notifier (WeChat subscribe messages or the log).
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,         -- kind:booking-or-waitlist id, so a message is queued once
  worker_id TEXT REFERENCES workers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                      -- reminder_24h | reminder_2h | promoted | session_cancelled
  booking_id TEXT REFERENCES bookings(id),
  slot_id TEXT NOT NULL REFERENCES slots(id),
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | dropped | undeliverable | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, due_at);
CREATE INDEX outbox_booking ON outbox(booking_id, status);
