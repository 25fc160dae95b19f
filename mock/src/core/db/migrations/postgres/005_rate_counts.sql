-- PostgreSQL twin of ../005_rate_counts.sql (no WITHOUT ROWID: a plain table with its primary key index).
CREATE TABLE rate_counts (
  key TEXT PRIMARY KEY,
  expires_ms BIGINT NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX rate_counts_expiry ON rate_counts(expires_ms);
