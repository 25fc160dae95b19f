-- PostgreSQL twin of ../016_entry_retention.sql: the entry log partitioned by month (declarative RANGE
-- partitioning on `at`, epoch ms BIGINT, months of Asia/Shanghai), so the retention pass drops a whole month
-- instead of deleting it row by row (features/doors/repoRetention.ts). Runs under the migration's advisory lock
-- and in its transaction; the table lock keeps an older server still running from writing during the copy.
--
-- What partitioning changes:
-- * The primary key must include the partition key: (id, at). Ids are 128-bit random (core/crypto.ts newId), so
--   `id` stays unique in practice; lookups by id use the key's leading column.
-- * No foreign key can reference entries(id) any more (the referenced unique key would have to include `at`):
--   grants.entry_id and alerts.entry_id lose theirs. The repository keeps the integrity instead: a grant is only
--   inserted in its entry's transaction and deleted with it by the retention pass, an alert's entry_id is set to
--   NULL when its entry goes (tests: __tests__/api/doors/retention*.test.ts).
-- * The partial unique index entries_pass_granted (one granted entry per pass) cannot stay unique without `at`,
--   which would no longer stop a pass opening two doors at two different milliseconds. A BEFORE INSERT trigger
--   keeps the guarantee: it locks the pass's row, so granted inserts for one pass run one at a time, and refuses
--   (SQLSTATE 23505, as the index did) a second granted entry of the pass. consumePass's conditional UPDATE of
--   the pass remains the first guard; this one holds whatever the code path.
LOCK TABLE entries IN ACCESS EXCLUSIVE MODE;
ALTER TABLE grants DROP CONSTRAINT IF EXISTS grants_entry_id_fkey;
ALTER TABLE alerts DROP CONSTRAINT IF EXISTS alerts_entry_id_fkey;

ALTER TABLE entries RENAME TO entries_unpartitioned;
ALTER INDEX entries_pkey RENAME TO entries_unpartitioned_pkey;
ALTER INDEX entries_worker RENAME TO entries_unpartitioned_worker;
ALTER INDEX entries_station RENAME TO entries_unpartitioned_station;
ALTER INDEX entries_at RENAME TO entries_unpartitioned_at;
ALTER INDEX entries_pass_granted RENAME TO entries_unpartitioned_pass_granted;

-- LIKE copies every column in its order (including any a later-numbered branch added), NOT NULLs and defaults;
-- seq keeps its identity (inserts go through the partitioned table, which hands out the values).
CREATE TABLE entries (
  LIKE entries_unpartitioned INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS,
  PRIMARY KEY (id, at),
  CONSTRAINT entries_worker_id_fkey FOREIGN KEY (worker_id) REFERENCES workers(id) ON DELETE SET NULL
) PARTITION BY RANGE (at);

-- Rows outside every month partition land here (a clock far off, or a month not yet created because no
-- scheduler pass ran); the retention pass moves them into their month when it creates it.
CREATE TABLE entries_default PARTITION OF entries DEFAULT;

-- One partition per Shanghai month that holds rows, and this month and the next two (the pass keeps making them).
DO $$
DECLARE
  m DATE;
BEGIN
  FOR m IN
    SELECT DISTINCT date_trunc('month', to_timestamp(at / 1000.0) AT TIME ZONE 'Asia/Shanghai')::date FROM entries_unpartitioned
    UNION
    SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + make_interval(months => k))::date FROM generate_series(0, 2) AS k
  LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF entries FOR VALUES FROM (%s) TO (%s)',
      'entries_p' || to_char(m, 'YYYYMM'),
      (extract(epoch FROM m::timestamp AT TIME ZONE 'Asia/Shanghai') * 1000)::bigint,
      (extract(epoch FROM (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai') * 1000)::bigint
    );
  END LOOP;
END $$;

INSERT INTO entries SELECT * FROM entries_unpartitioned;
SELECT setval(pg_get_serial_sequence('entries', 'seq'), coalesce((SELECT max(seq) FROM entries), 0) + 1, false);
DROP TABLE entries_unpartitioned;

-- The log's queries (features/doors/repo.ts): a worker's entries and a station's, newest first with seq as the
-- tie-break (SQLite's indexes end in the rowid, which is seq there; PostgreSQL's need it named), counts over a
-- time range, and the pass trigger's lookup.
CREATE INDEX entries_worker ON entries(worker_id, at, seq);
CREATE INDEX entries_station ON entries(station_id, at, seq);
CREATE INDEX entries_at ON entries(at);
CREATE INDEX entries_pass ON entries(pass_id) WHERE pass_id IS NOT NULL;

CREATE FUNCTION entries_one_grant_per_pass() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.pass_id IS NULL OR NEW.outcome <> 'granted' THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM passes WHERE id = NEW.pass_id FOR UPDATE;
  -- A pass lives 40 s (features/doors/passes.ts): its entries lie within a day, so only one or two months are read.
  IF EXISTS (
    SELECT 1 FROM entries
    WHERE pass_id = NEW.pass_id AND outcome = 'granted' AND at BETWEEN NEW.at - 86400000 AND NEW.at + 86400000
  ) THEN
    RAISE EXCEPTION 'a granted entry for this pass exists already' USING ERRCODE = 'unique_violation', CONSTRAINT = 'entries_pass_granted';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER entries_pass_granted BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION entries_one_grant_per_pass();

CREATE INDEX alerts_entry ON alerts(entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX passes_expiry ON passes(expires_at);
