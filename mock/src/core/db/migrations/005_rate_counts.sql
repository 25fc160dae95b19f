-- Rate-limit windows (http/rateCounts.ts), kept in the database so that every server process counts against the
-- same window: with the counts in each process's memory, N processes let N times the limit through. One row per
-- limit and key (`key` = "{limit}|{a:address | w:account | d:door}"); a row past expires_ms is a window that has
-- ended and restarts at the next request. The scheduler deletes ended windows.
CREATE TABLE rate_counts (
  key TEXT PRIMARY KEY,
  expires_ms INTEGER NOT NULL,
  count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX rate_counts_expiry ON rate_counts(expires_ms);
