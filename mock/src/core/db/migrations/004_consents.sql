-- Consents (PIPL art. 14, 29): one row per consent given or withdrawn, append-only, so the record of what a person
-- agreed to, in which policy version and when, is never overwritten. Keyed by account, not worker: precise
-- location is consented to on the nearby page before anyone registers. `kind`: privacy (the notice as a whole),
-- id_number (the separate consent for the sensitive identity number), location (the separate consent for precise
-- location). The latest row of a kind is the current state; `withdrawn` = 1 marks a withdrawal.
-- workers.privacy_version / sensitive_consent_at stay as the snapshot taken at registration.
CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('privacy', 'id_number', 'location')),
  version TEXT NOT NULL,
  at INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
);
CREATE INDEX consents_account_kind ON consents(account_id, kind, at);

-- Workers registered before this migration gave both consents at registration: carry them over.
INSERT INTO consents (id, account_id, kind, version, at, withdrawn)
  SELECT 'c_m004p_' || a.id, a.id, 'privacy', w.privacy_version, w.sensitive_consent_at, 0
  FROM accounts a JOIN workers w ON w.id = a.worker_id;
INSERT INTO consents (id, account_id, kind, version, at, withdrawn)
  SELECT 'c_m004i_' || a.id, a.id, 'id_number', w.privacy_version, w.sensitive_consent_at, 0
  FROM accounts a JOIN workers w ON w.id = a.worker_id;
