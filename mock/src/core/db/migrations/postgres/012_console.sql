-- The union's desk console (issue 15): sign-in by QR, approved from the app by a staff member; console sessions.
-- PostgreSQL (the SQLite twin is migrations/012_console.sql). Times are epoch milliseconds.

-- A QR sign-in: the console asked for it (id: 128 random bits, shown in the QR), a staff member approved it in the
-- app with one of their roles, and the console that asked (it alone knows the poll secret, stored as its SHA-256)
-- collects the session once. Rows are short-lived (CONSOLE_LOGIN_TTL_S) and swept by the scheduler.
CREATE TABLE console_logins (
  id TEXT PRIMARY KEY,
  poll_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  staff_id TEXT REFERENCES staff_members(id),   -- the role the approver chose; NULL while pending
  approved_at BIGINT,
  collected_at BIGINT                          -- when the console took its session token; never twice
);
CREATE INDEX console_logins_expiry ON console_logins(expires_at);

-- A console session: one staff member's role (not the account's others), the token stored as its SHA-256 like the
-- app's sessions. A suspended member's console sessions grant nothing from that moment (checked on every request).
CREATE TABLE console_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff_members(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_staff ON console_sessions(staff_id);
CREATE INDEX console_sessions_expiry ON console_sessions(expires_at);
