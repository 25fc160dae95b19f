-- The scheduler deletes expired sessions (features/accounts/repo.ts deleteExpiredSessions): by this index, not a
-- scan of every session.
CREATE INDEX sessions_expiry ON sessions(expires_at);
