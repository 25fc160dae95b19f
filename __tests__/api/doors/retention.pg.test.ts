/**
 * PostgreSQL only: the entry log partitioned by Shanghai month (migrations/postgres/016_entry_retention.sql).
 * The migration converts a table that has rows; the doors pass creates the months ahead, moves rows that landed in
 * the default partition into their new month, and drops a month wholly past the retention (its grants deleted, its
 * alerts unlinked) while the boundary month is deleted row by row; a pass opens one door at most, under concurrent
 * reads and at the database level (the trigger that replaced the unique index entries_pass_granted).
 */
import fs from 'fs';
import path from 'path';
import pg from 'pg';
import { createTestDatabase, engineFor, type TestDatabase } from '../../support/database';
import { startServer, call, type TestServer } from '../../support/server';
import { registeredWorker, sh, DAY } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { runDoorsPass } from '../../../mock/src/features/doors';
import { migratePostgres } from '../../../mock/src/core/db/postgres';
import { monthPartition } from '../../../mock/src/features/doors/repoRetention';
import type { Notifier } from '../../../mock/src/core/notifier';

const quiet: Notifier = { name: 'test', send: async () => undefined };
const MIGRATIONS = path.join(__dirname, '../../../mock/src/core/db/migrations/postgres');
const PARTITIONS =
  "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'entries'::regclass ORDER BY 1";

describe('migration 016 on a table with rows', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('makes a partition per month that has rows plus this month and the next two, keeping every row', async () => {
    await client.query('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    for (const file of fs
      .readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.sql') && f < '016')
      .sort()) {
      await client.query(fs.readFileSync(path.join(MIGRATIONS, file), 'utf8'));
      await client.query('INSERT INTO schema_migrations VALUES ($1, 0)', [file]);
    }
    await client.query(`INSERT INTO stations VALUES ('s1', 'n', 'a', 'd', '140106', 37.8, 112.5, 'k', 1, '[]', '[]', '{}', 'p', 0, NULL)`);
    await client.query(`INSERT INTO doors VALUES ('d1', 's1', '正门', 0, 0)`);
    // 2025-03-31 23:59:59.999 Shanghai is March; 2025-04-01 00:00 is April (the months are Shanghai's).
    const rows: [string, number][] = [
      ['e1', sh(2025, 3, 31, 23, 59, 59) + 999],
      ['e2', sh(2025, 4, 1)],
      ['e3', sh(2026, 11, 15, 12)],
    ];
    for (const [id, at] of rows) {
      await client.query(`INSERT INTO entries (id, door_id, station_id, at, outcome) VALUES ($1, 'd1', 's1', $2, 'granted')`, [id, at]);
      await client.query(`INSERT INTO grants VALUES ($1, 'd1', $2, $3, NULL)`, [`g_${id}`, id, at + 10_000]);
    }
    await client.query(`INSERT INTO alerts (id, at, station_id, entry_id) VALUES ('al1', $1, 's1', 'e3')`, [sh(2026, 11, 15, 12, 1)]);

    expect(await migratePostgres(client)).toContain('016_entry_retention.sql');

    const now = Date.now();
    const expected = [
      'entries_default',
      'entries_p202503',
      'entries_p202504',
      'entries_p202611',
      ...[0, 1, 2].map((k) => monthPartition(now, k).name),
    ];
    expect((await client.query(PARTITIONS)).rows.map((r) => r.name)).toEqual([...new Set(expected)].sort());
    const kept = await client.query('SELECT tableoid::regclass::text AS part, id, seq::int AS seq FROM entries ORDER BY seq');
    expect(kept.rows).toEqual([
      { part: 'entries_p202503', id: 'e1', seq: 1 },
      { part: 'entries_p202504', id: 'e2', seq: 2 },
      { part: 'entries_p202611', id: 'e3', seq: 3 },
    ]);
    // New rows go on numbering after the copied ones.
    await client.query(`INSERT INTO entries (id, door_id, station_id, at, outcome) VALUES ('e4', 'd1', 's1', $1, 'refused')`, [now]);
    expect((await client.query(`SELECT seq::int AS seq FROM entries WHERE id = 'e4'`)).rows).toEqual([{ seq: 4 }]);
    // No foreign key references the partitioned table; grants and the alert keep their links.
    const fks = await client.query("SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = 'entries'::regclass");
    expect(fks.rows).toEqual([]);
    expect((await client.query('SELECT count(*)::int AS n FROM grants JOIN entries ON entries.id = grants.entry_id')).rows).toEqual([
      { n: 3 },
    ]);
    expect((await client.query(`SELECT entry_id FROM alerts WHERE id = 'al1'`)).rows).toEqual([{ entry_id: 'e3' }]);
  });
});

describe('the doors pass on the partitioned log', () => {
  let engine: Awaited<ReturnType<typeof engineFor>>;
  let s: TestServer;
  let token: string;
  const partitions = async () => (await s.query<{ name: string }>(PARTITIONS)).map((r) => r.name);
  const unlock = async () => {
    const r = await call(`${s.api}/doors/unlock`, {
      method: 'POST',
      token,
      // At the door (presence: issue 14), with consent to location.
      body: { code: printedDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0039'), location: fixAtDoor('d0039') },
    });
    expect(r.status).toBe(201);
    return r.body.entry.id as string;
  };
  const partOf = async (id: string) =>
    (await s.one<{ part: string }>('SELECT tableoid::regclass::text AS part FROM entries WHERE id = ?', id))?.part;

  beforeAll(async () => {
    engine = await engineFor();
    s = await startServer({
      RATE_LIMIT: 'off',
      SCHEDULER_INTERVAL_S: '0',
      SESSION_TTL_S: String(3 * 365 * 86_400),
      DATABASE_URL: engine.env.DATABASE_URL,
    });
    s.clock.nowMs = sh(2027, 3, 5, 9);
    token = await withLocationConsent(s.api, await registeredWorker(s.api, 621));
  });
  afterAll(async () => {
    await s.close();
    await engine.cleanup();
  });

  it('creates this month and the next two, drops a month past the retention, deletes the boundary month row by row', async () => {
    expect(await runDoorsPass(s.ctx, sh(2027, 3, 5, 9), quiet)).toMatchObject({ entryMonthsCreated: 3 });
    expect(await partitions()).toEqual(expect.arrayContaining(['entries_p202703', 'entries_p202704', 'entries_p202705']));

    s.clock.nowMs = sh(2027, 3, 10, 10);
    const march = [await unlock(), await unlock()];
    const alert = await call(`${s.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty0195', entryId: march[0] } });
    s.clock.nowMs = sh(2027, 4, 2, 10);
    const aprilOld = await unlock();
    s.clock.nowMs = sh(2027, 4, 6, 10);
    const aprilNew = await unlock();
    expect(await partOf(march[0])).toBe('entries_p202703');

    // The cut-off is 2027-04-05 00:00: March lies wholly before it, April only partly.
    const now = sh(2027, 4, 5) + 180 * DAY;
    s.clock.nowMs = now;
    const r = await runDoorsPass(s.ctx, now, quiet);
    expect(r).toMatchObject({ entriesDeleted: 3, entryGrantsDeleted: 3, alertsUnlinked: 1, entryMonthsCreated: 3 });
    const after = await partitions();
    expect(after).not.toContain('entries_p202703');
    expect(after).toEqual(expect.arrayContaining(['entries_p202704', 'entries_p202710', 'entries_p202711', 'entries_p202712']));
    expect(after.filter((n) => n < 'entries_p202704' && n !== 'entries_default')).toEqual([]);
    const left = await s.query<{ id: string }>('SELECT id FROM entries WHERE id IN (?, ?, ?, ?)', ...march, aprilOld, aprilNew);
    expect(left).toEqual([{ id: aprilNew }]);
    expect(await s.query('SELECT entry_id FROM grants WHERE entry_id IN (?, ?, ?)', ...march, aprilOld)).toEqual([]);
    expect(await s.one('SELECT entry_id, station_id FROM alerts WHERE id = ?', alert.body.alert.id)).toEqual({
      entry_id: null,
      station_id: 'ty0195',
    });
  });

  it('moves rows that landed in the default partition into the month it creates', async () => {
    s.clock.nowMs = sh(2028, 6, 1, 10);
    const stray = await unlock();
    expect(await partOf(stray)).toBe('entries_default');
    await runDoorsPass(s.ctx, s.clock.nowMs, quiet);
    expect(await partOf(stray)).toBe('entries_p202806');
    expect(await s.one('SELECT count(*) AS n FROM entries_default')).toEqual({ n: 0 });
    expect((await call(`${s.api}/me/entries?limit=5`, { token })).body.entries.map((e: { id: string }) => e.id)).toEqual([stray]);
  });

  it('a pass opens one door at most: 12 concurrent reads at two readers give one grant', async () => {
    s.clock.nowMs = sh(2028, 6, 1, 11);
    const { pass } = (await call(`${s.api}/me/pass`, { method: 'POST', token })).body;
    const keys = deviceKeys(loadMasterKey(s.dataDir, null));
    const readers = (await s.query<{ id: string }>('SELECT id FROM doors WHERE has_reader = 1 ORDER BY id LIMIT 2')).map((d) => d.id);
    const reads = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(`${s.api}/doors/${readers[i % readers.length]}/pass-reads`, {
          method: 'POST',
          headers: { 'x-device-key': keys.keyOf(readers[i % readers.length]) },
          body: { pass },
        }),
      ),
    );
    expect(reads.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    const passId = pass.split('.')[1];
    expect(await s.query("SELECT count(*) AS n FROM entries WHERE pass_id = ? AND outcome = 'granted'", passId)).toEqual([{ n: 1 }]);
  });

  it('the database itself refuses a second granted entry of one pass, also from two transactions at once', async () => {
    s.clock.nowMs = sh(2028, 6, 1, 12);
    const passId = (await call(`${s.api}/me/pass`, { method: 'POST', token })).body.pass.split('.')[1];
    const insert = (c: pg.Client, id: string) =>
      c.query(`INSERT INTO entries (id, door_id, station_id, at, outcome, pass_id) VALUES ($1, 'd0039', 'ty0195', $2, 'granted', $3)`, [
        id,
        sh(2028, 6, 1, 12) - (id === 'e_b' ? 13 * 3_600_000 : 0),
        passId,
      ]);
    const a = new pg.Client({ connectionString: engine.env.DATABASE_URL });
    const b = new pg.Client({ connectionString: engine.env.DATABASE_URL });
    await a.connect();
    await b.connect();
    try {
      await a.query('BEGIN');
      await insert(a, 'e_a');
      await b.query('BEGIN');
      const second = insert(b, 'e_b').then(
        () => 'inserted',
        (err: { code?: string }) => err.code,
      );
      // b waits on the pass row a locked (polled: each query is a fresh look at pg_stat_activity).
      const waiting = async () =>
        Number(
          (await a.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))
            .rows[0].n,
        );
      for (let i = 0; (await waiting()) === 0; i++) if (i > 5000) throw new Error('the second insert never waited');
      await a.query('COMMIT');
      // 13 hours earlier, in another partition (May's rows, the default one): refused all the same.
      expect(await second).toBe('23505');
      await b.query('ROLLBACK');
    } finally {
      await a.end();
      await b.end();
    }
    // Refused replays are logged as before: only granted ones are limited.
    await s.query(
      `INSERT INTO entries (id, door_id, station_id, at, outcome, pass_id) VALUES ('e_c', 'd0039', 'ty0195', ?, 'refused', ?)`,
      sh(2028, 6, 1, 12),
      passId,
    );
  });
});
