import type { AppContext } from '../../core/context';
import type { Db } from '../../core/db/database';
import { engineOf } from '../../core/db/dialect';
import {
  createEntryPartition,
  deleteEntryBatch,
  deletePassesBefore,
  dropEntryPartition,
  entryCountOfPartition,
  entryIdsBefore,
  entryIdsOfPartition,
  entryPartitions,
  monthPartition,
  partitionOfName,
  unlinkOrphanAlerts,
} from './repoRetention';

const DAY_MS = 86_400_000;

/**
 * Most batches (each ENTRY_RETENTION_BATCH rows, its own transaction) one pass runs: the doors pass also escalates
 * alarms, which must not wait behind a backlog of deletes. A backlog is worked off over the following passes
 * (at the defaults 10,000 rows a minute, far above the national network's ~1,600 new entries a minute).
 */
export const RETENTION_BATCHES_PER_PASS = 10;

/** Months of partitions kept ready ahead of the current one (PostgreSQL): this month and the next two. */
const MONTHS_AHEAD = 2;

/** What one retention pass did (counts, for the scheduler's log line). */
export interface RetentionPass {
  entriesDeleted: number;
  entryGrantsDeleted: number;
  alertsUnlinked: number;
  passesDeleted: number;
  entryMonthsCreated: number;
  entryMonthsDropped: number;
}

/**
 * Where a whole old month stands while its grants are being deleted ahead of its drop (PostgreSQL): the partition
 * and the last entry id done. Kept per database in the process running the scheduler; a new leader starts over,
 * which only repeats lookups.
 */
const progress = new WeakMap<Db, { partition: string; afterId: string }>();

/** SQLSTATE lock_not_available: a partition change gave up waiting (lock_timeout); the next pass tries again. */
const isLockTimeout = (err: unknown): boolean => (err as { code?: string } | null)?.code === '55P03';

/**
 * The entry log's retention at `nowMs` (the doors scheduler pass; tests call it with the fake clock): entries older
 * than ENTRY_RETENTION_DAYS go, with their grants and the passes of that time; alerts keep their own record and
 * lose only the link to the entry. At most RETENTION_BATCHES_PER_PASS batches per pass.
 *
 * PostgreSQL (entries partitioned by Shanghai month): first makes sure this month's and the next two months'
 * partitions exist; a month wholly older than the cut-off has its grants deleted and alerts unlinked in batches,
 * then is dropped as a whole; what remains before the cut-off (the boundary month, the default partition) is
 * deleted row by row like SQLite's. A partition change that cannot get its lock within 2 s waits for the next pass.
 */
export async function runEntryRetention(ctx: AppContext, nowMs: number): Promise<RetentionPass> {
  const { entryRetentionDays, entryRetentionBatch: batch } = ctx.config.door;
  const cutoffMs = nowMs - entryRetentionDays * DAY_MS;
  const out: RetentionPass = {
    entriesDeleted: 0,
    entryGrantsDeleted: 0,
    alertsUnlinked: 0,
    passesDeleted: 0,
    entryMonthsCreated: 0,
    entryMonthsDropped: 0,
  };
  let budget = RETENTION_BATCHES_PER_PASS;
  const pg = engineOf(ctx.db) === 'postgres';
  try {
    if (pg) budget = await partitionsPass(ctx.db, nowMs, cutoffMs, batch, budget, out);
    while (budget > 0) {
      const ids = await entryIdsBefore(ctx.db, cutoffMs, batch);
      if (ids.length === 0) break;
      budget--;
      const r = await deleteEntryBatch(ctx.db, ids, cutoffMs, true);
      out.entriesDeleted += r.entries;
      out.entryGrantsDeleted += r.grants;
      out.alertsUnlinked += r.alertsUnlinked;
    }
    if (budget > 0) out.passesDeleted = await deletePassesBefore(ctx.db, cutoffMs, batch);
    out.alertsUnlinked += await unlinkOrphanAlerts(ctx.db);
  } catch (err) {
    if (!isLockTimeout(err)) throw err;
  }
  return out;
}

/** The PostgreSQL part: months ahead, then whole old months. @returns the batches left in this pass */
async function partitionsPass(db: Db, nowMs: number, cutoffMs: number, batch: number, budget: number, out: RetentionPass): Promise<number> {
  const existing = new Set(await entryPartitions(db));
  for (let k = 0; k <= MONTHS_AHEAD; k++) {
    const p = monthPartition(nowMs, k);
    if (existing.has(p.name)) continue;
    await createEntryPartition(db, p);
    out.entryMonthsCreated++;
  }
  // Oldest first: the names sort by month.
  const old = [...existing].filter((name) => {
    const p = partitionOfName(name);
    return p !== null && p.toMs <= cutoffMs;
  });
  for (const name of old) {
    const at = progress.get(db);
    let afterId = at?.partition === name ? at.afterId : '';
    for (;;) {
      if (budget === 0) {
        progress.set(db, { partition: name, afterId });
        return 0;
      }
      const ids = await entryIdsOfPartition(db, name, afterId, batch);
      if (ids.length === 0) break;
      budget--;
      const r = await deleteEntryBatch(db, ids, cutoffMs, false);
      out.entryGrantsDeleted += r.grants;
      out.alertsUnlinked += r.alertsUnlinked;
      afterId = ids[ids.length - 1];
    }
    const rows = await entryCountOfPartition(db, name);
    await dropEntryPartition(db, name);
    progress.delete(db);
    out.entriesDeleted += rows;
    out.entryMonthsDropped++;
  }
  return budget;
}
