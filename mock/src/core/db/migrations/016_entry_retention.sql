-- The entry log's retention (issue 12): the doors scheduler pass deletes entries older than ENTRY_RETENTION_DAYS
-- in short batches, each batch's grants with it, and clears the link of an emergency alert to a deleted entry (the
-- alert keeps its own record). SQLite keeps a plain table (postgres/016_entry_retention.sql partitions it by
-- month). entries(at) and grants(entry_id) are indexed already; these make the pass's other steps index lookups:
-- clearing alerts.entry_id (and SQLite's check of that foreign key when an entry is deleted, which otherwise scans
-- alerts once per deleted entry), and finding passes that expired before the cut-off.
CREATE INDEX alerts_entry ON alerts(entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX passes_expiry ON passes(expires_at);
