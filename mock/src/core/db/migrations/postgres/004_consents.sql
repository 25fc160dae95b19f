-- PostgreSQL twin of ../004_consents.sql.
CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('privacy', 'id_number', 'location')),
  version TEXT NOT NULL,
  at BIGINT NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
);
CREATE INDEX consents_account_kind ON consents(account_id, kind, at);

INSERT INTO consents (id, account_id, kind, version, at, withdrawn)
  SELECT 'c_m004p_' || a.id, a.id, 'privacy', w.privacy_version, w.sensitive_consent_at, 0
  FROM accounts a JOIN workers w ON w.id = a.worker_id;
INSERT INTO consents (id, account_id, kind, version, at, withdrawn)
  SELECT 'c_m004i_' || a.id, a.id, 'id_number', w.privacy_version, w.sensitive_consent_at, 0
  FROM accounts a JOIN workers w ON w.id = a.worker_id;
