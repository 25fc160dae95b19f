import { sql } from 'kysely';
import type { Db } from '../../core/db/database';
import { engineOf } from '../../core/db/dialect';
import { SHANGHAI_OFFSET_MIN } from '@/rules/time';

/**
 * The entry log's retention (features/doors/retention.ts drives it): the only SQL of the doors feature that
 * deletes entries and what hangs off them (their grants, an alert's link, the passes they used), and on
 * PostgreSQL the month partitions of `entries` (migrations/postgres/016_entry_retention.sql). Times are epoch ms.
 */

const OFFSET_MS = SHANGHAI_OFFSET_MIN * 60_000;

/** A month partition of `entries` on PostgreSQL: a Shanghai calendar month [fromMs, toMs), named entries_pYYYYMM. */
export interface MonthPartition {
  name: string;
  fromMs: number;
  toMs: number;
}

/** The Shanghai month `k` months after the one holding `ms` (k may be negative), as its partition. */
export function monthPartition(ms: number, k = 0): MonthPartition {
  const d = new Date(ms + OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + k;
  const fromMs = Date.UTC(y, m, 1) - OFFSET_MS;
  const toMs = Date.UTC(y, m + 1, 1) - OFFSET_MS;
  const start = new Date(fromMs + OFFSET_MS);
  const name = `entries_p${start.getUTCFullYear()}${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
  return { name, fromMs, toMs };
}

/** The month partition a name stands for, or null for another name (entries_default). */
export function partitionOfName(name: string): MonthPartition | null {
  const m = /^entries_p(\d{4})(\d{2})$/.exec(name);
  if (!m) return null;
  return monthPartition(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
}

/** A partition's name as SQL, checked against the one pattern this module makes (never a caller's text). */
const partitionRef = (name: string) => {
  if (!/^entries_(p\d{6}|default)$/.test(name)) throw new Error(`not an entries partition: ${name}`);
  return sql.table(name);
};

/** How long a partition change may wait for a table lock before giving up until the next pass (PostgreSQL). */
const LOCK_TIMEOUT = sql.lit('2s');

/** Names of the partitions of `entries` (PostgreSQL; pg_inherits), month ones and entries_default. */
export async function entryPartitions(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass('entries') order by c.relname`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Creates the month partition `p` (PostgreSQL). Rows of that month that landed in entries_default (no partition
 * existed) are moved into it in the same transaction, under a table lock (normally there are none, and no lock
 * beyond the one CREATE takes). @returns the rows moved
 */
export async function createEntryPartition(db: Db, p: MonthPartition): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = ${LOCK_TIMEOUT}`.execute(trx);
    const create = sql`create table ${partitionRef(p.name)} partition of entries for values from (${sql.lit(p.fromMs)}) to (${sql.lit(p.toMs)})`;
    const stray = await sql`select 1 from entries_default where at >= ${p.fromMs} and at < ${p.toMs} limit 1`.execute(trx);
    if (stray.rows.length === 0) {
      await create.execute(trx);
      return 0;
    }
    // No new row of that month may reach the default partition between the move and the CREATE's check of it.
    await sql`lock table entries in exclusive mode`.execute(trx);
    await sql`create temp table entries_moving (like entries) on commit drop`.execute(trx);
    const moved = await sql`
      with gone as (delete from entries_default where at >= ${p.fromMs} and at < ${p.toMs} returning *)
      insert into entries_moving select * from gone`.execute(trx);
    await create.execute(trx);
    await sql`insert into entries select * from entries_moving`.execute(trx);
    return Number(moved.numAffectedRows ?? 0);
  });
}

/** Up to `limit` entry ids of one partition after `afterId`, in id order (PostgreSQL; its primary key's order). */
export async function entryIdsOfPartition(db: Db, name: string, afterId: string, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from ${partitionRef(name)} where id > ${afterId} order by id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** Rows in one partition (PostgreSQL), counted once before it is dropped, for the pass's log line. */
export async function entryCountOfPartition(db: Db, name: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${partitionRef(name)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Drops a whole partition (PostgreSQL): its entries go at once, without deleting row by row. */
export async function dropEntryPartition(db: Db, name: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = ${LOCK_TIMEOUT}`.execute(trx);
    await sql`drop table ${partitionRef(name)}`.execute(trx);
  });
}

/** What one batch removed. */
export interface BatchOutcome {
  entries: number;
  grants: number;
  alertsUnlinked: number;
}

/**
 * Deletes the grants of entries `ids` and clears alerts' links to them (an alert is a record of its own: it
 * keeps its station, door, worker, time and place), in one transaction; with `deleteEntries`, the entries too
 * (those older than `cutoffMs` only, which lets PostgreSQL skip the partitions that cannot hold them).
 */
export async function deleteEntryBatch(db: Db, ids: string[], cutoffMs: number, deleteEntries: boolean): Promise<BatchOutcome> {
  if (ids.length === 0) return { entries: 0, grants: 0, alertsUnlinked: 0 };
  return db.transaction().execute(async (trx) => {
    const g = await trx.deleteFrom('grants').where('entry_id', 'in', ids).executeTakeFirst();
    const a = await trx.updateTable('alerts').set({ entry_id: null }).where('entry_id', 'in', ids).executeTakeFirst();
    let entries = 0;
    if (deleteEntries) {
      const e = await trx.deleteFrom('entries').where('id', 'in', ids).where('at', '<', cutoffMs).executeTakeFirst();
      entries = Number(e.numDeletedRows);
    }
    return { entries, grants: Number(g.numDeletedRows), alertsUnlinked: Number(a.numUpdatedRows) };
  });
}

/** Ids of up to `limit` entries older than `cutoffMs`, oldest first (entries_at). */
export async function entryIdsBefore(db: Db, cutoffMs: number, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('entries').select('id').where('at', '<', cutoffMs).orderBy('at').limit(limit).execute();
  return rows.map((r) => r.id);
}

/**
 * Deletes up to `limit` passes that expired before `cutoffMs` (a used one is named by an entry of that time,
 * which is gone or going: its use, where and when, is part of the entry log). @returns how many
 */
export async function deletePassesBefore(db: Db, cutoffMs: number, limit: number): Promise<number> {
  const r = await db
    .deleteFrom('passes')
    .where('id', 'in', (eb) => eb.selectFrom('passes').select('id').where('expires_at', '<', cutoffMs).limit(limit))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Clears alerts' links to entries that no longer exist (PostgreSQL, where no foreign key can reference the
 * partitioned entries: an alert raised with an entry while that entry's month was being dropped). Alerts are few
 * and alerts_entry holds only the linked ones. @returns how many
 */
export async function unlinkOrphanAlerts(db: Db): Promise<number> {
  if (engineOf(db) !== 'postgres') return 0;
  const r = await db
    .updateTable('alerts')
    .set({ entry_id: null })
    .where('entry_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('entries').select('entries.id').whereRef('entries.id', '=', 'alerts.entry_id'))),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
