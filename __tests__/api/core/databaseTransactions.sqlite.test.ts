/**
 * SQLite only (its one write lock and WAL; PostgreSQL transactions are plain pooled ones).
 * Transactions with several server processes on one SQLite file (the cluster, mock/src/cluster.ts). Another
 * connection stands in for another process. A transaction that reads and then writes must not fail when the
 * other process writes in between: Kysely's DEFERRED `begin` let the other write through and then failed the
 * transaction's own write at once with SQLITE_BUSY (about 1 in 10 of 200 concurrent registrations on a 2-process
 * cluster answered 500 "database is locked").
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { openDatabase, truncateWal, type OpenedDatabase } from '../../../mock/src/core/db/database';
import { seedDatabase } from '../../../mock/src/core/db/seed';
import { recordEntry } from '../../../mock/src/features/doors/repo';
import { loadSeed } from '../../../mock/seed/load';

describe('a transaction that reads, then writes, while another process writes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-tx-'));
  let mine: OpenedDatabase;
  let other: Database.Database;
  beforeAll(() => {
    mine = openDatabase(dataDir);
    other = new Database(path.join(dataDir, 'yizhan.sqlite'));
    // The other process gives up at once instead of waiting (this test runs both in one thread).
    other.pragma('busy_timeout = 0');
  });
  afterAll(async () => {
    other.close();
    await mine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds the write lock from its start: the other write waits, and the transaction commits', async () => {
    const otherWrite = other.prepare("INSERT INTO rate_counts (key, expires_ms, count) VALUES ('other', 1, 1)");
    let otherError: unknown = null;
    await mine.db.transaction().execute(async (trx) => {
      await trx.selectFrom('stations').select('id').limit(1).execute();
      try {
        otherWrite.run();
      } catch (err) {
        otherError = err;
      }
      await trx.updateTable('stations').set({ phone: '0351-0000000' }).where('id', '=', 'no-such-station').execute();
    });
    expect((otherError as { code?: string } | null)?.code).toBe('SQLITE_BUSY');
    // Once the transaction has committed, the other process writes.
    expect(otherWrite.run().changes).toBe(1);
  });
});

describe('truncating the WAL after a deletion while another request is inside a transaction', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-wal-'));
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(dataDir);
  });
  afterAll(async () => {
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits for the transaction to end instead of failing (it threw SQLITE_LOCKED, and DELETE /me answered 500)', async () => {
    let release!: () => void;
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    const held = opened.db.transaction().execute(async (trx) => {
      await trx.updateTable('stations').set({ phone: '0351-0000000' }).where('id', '=', 'no-such-station').execute();
      inside();
      await new Promise<void>((r) => (release = r));
    });
    await entered;
    const truncating = truncateWal(opened.db);
    release();
    await held;
    await expect(truncating).resolves.toBe(true);
    expect(fs.statSync(path.join(dataDir, 'yizhan.sqlite-wal')).size).toBe(0);
  });
});

describe('the door path waits for another process on the event loop', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-iw-'));
  let mine: OpenedDatabase;
  let other: Database.Database;
  beforeAll(async () => {
    mine = openDatabase(dataDir);
    await seedDatabase(mine.db, loadSeed());
    other = new Database(path.join(dataDir, 'yizhan.sqlite'));
  });
  afterAll(async () => {
    other.close();
    await mine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('records an entry once the other process commits, and other work goes on meanwhile', async () => {
    other.exec('BEGIN IMMEDIATE');
    let done = false;
    const attempt = {
      workerId: null,
      doorId: 'd0039',
      stationId: 'ty0195',
      outcome: 'refused' as const,
      reason: 'TEST',
      codeKind: 'printed',
      locationPresent: false,
      distanceM: null,
      nowMs: 1,
    };
    const writing = recordEntry(mine.db, attempt, 10_000).then((r) => {
      done = true;
      return r;
    });
    // SQLite's busy handler would have held this thread for 5 s and then thrown; the event loop turns instead.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    other.exec('COMMIT');
    await expect(writing).resolves.toMatchObject({ grant: null });
    expect((other.prepare("SELECT count(*) AS n FROM entries WHERE reason = 'TEST'").get() as { n: number }).n).toBe(1);
  });

  it('so does a Kysely transaction (a booking): it begins once the other process commits', async () => {
    other.exec('BEGIN IMMEDIATE');
    let ran = 0;
    const booking = mine.db.transaction().execute(async (trx) => {
      ran++;
      await trx.updateTable('stations').set({ phone: '0351-0000000' }).where('id', '=', 'no-such-station').execute();
    });
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(ran).toBe(0);
    other.exec('COMMIT');
    await booking;
    expect(ran).toBe(1);
  });
});
