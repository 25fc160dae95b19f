-- The console's statistics (issue 15): why a clinic session was cancelled, so doctor absences are counted by the
-- database (GROUP BY) rather than read out of audit details. Plain SQL for SQLite (PostgreSQL's twin is
-- migrations/postgres/014_stats.sql).

-- doctor_absent | other; NULL while the session is not cancelled.
ALTER TABLE clinic_sessions ADD COLUMN cancel_reason TEXT;

-- Sessions cancelled before this column: the reason the audit trail recorded with the cancellation (its detail is
-- canonical JSON, so the text match is exact), else 'other'.
UPDATE clinic_sessions SET cancel_reason = CASE
    WHEN id IN (SELECT target_id FROM audit_log
                WHERE action = 'session.cancel' AND outcome = 'ok' AND detail LIKE '%"reason":"doctor_absent"%')
    THEN 'doctor_absent' ELSE 'other' END
  WHERE status = 'cancelled';

-- The statistics read sessions by date across all health stations (the existing index leads with the station).
CREATE INDEX clinic_sessions_date ON clinic_sessions(date);
