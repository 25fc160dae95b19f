-- The console sign-in's confirmation code (the QR-login hijack, issue 15's security review): the console shows a
-- 4-digit code beside its QR; the approver picks it among three (two decoys) on the phone, so approving a QR that
-- someone else's computer shows fails unless the approver can see that computer. Plain SQL for SQLite (PostgreSQL's
-- twin is migrations/postgres/018_console_code.sql). Rows from before have an empty code and cannot be approved.
ALTER TABLE console_logins ADD COLUMN code TEXT NOT NULL DEFAULT '';
-- The two decoys, comma-separated; picking one kills the sign-in at once (a guess, not a look at the screen).
ALTER TABLE console_logins ADD COLUMN decoys TEXT NOT NULL DEFAULT '';
-- The console's network address as the server saw it at the start, coarse only (IPv4 /24, IPv6 /48), never logged.
ALTER TABLE console_logins ADD COLUMN address TEXT;
-- Wrong codes sent for this sign-in; at the limit (3) it can no longer be approved.
ALTER TABLE console_logins ADD COLUMN wrong_codes INTEGER NOT NULL DEFAULT 0;
-- Audit rows (010) gain the outcome 'refused' (TEXT, no constraint to change): the approval's refusals, with
-- detail.reason the error code and the login id as the target, never the poll secret nor the address.
