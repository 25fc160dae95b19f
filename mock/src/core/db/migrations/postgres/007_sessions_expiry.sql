-- PostgreSQL twin of ../007_sessions_expiry.sql.
CREATE INDEX sessions_expiry ON sessions(expires_at);
