import { sql } from 'kysely';
import type { Db } from './database';

/**
 * Fixed rate-limit windows in the table rate_counts (migration 005), so every server process of a cluster counts
 * against the same window and a restart does not hand out a fresh allowance. One UPSERT per check: either a new
 * window (count 1) or one more in the current window. Times are epoch ms. The store for @fastify/rate-limit on
 * top of this is core/http/rateStore.ts.
 */
export interface RateCount {
  /** Requests in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/**
 * Counts one more under `key` in a fixed window of `windowMs`: a new window when none is open at `nowMs`.
 * Returns the count in the current window and the ms until it ends.
 */
export async function countInWindow(db: Db, key: string, windowMs: number, nowMs: number): Promise<RateCount> {
  const row = await db
    .insertInto('rate_counts')
    .values({ key, expires_ms: nowMs + windowMs, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        // Both read the row as it was (SQL evaluates every SET expression against the old row).
        count: sql<number>`CASE WHEN rate_counts.expires_ms <= ${nowMs} THEN 1 ELSE rate_counts.count + 1 END`,
        expires_ms: sql<number>`CASE WHEN rate_counts.expires_ms <= ${nowMs} THEN ${nowMs + windowMs} ELSE rate_counts.expires_ms END`,
      }),
    )
    .returning(['expires_ms', 'count'])
    .executeTakeFirstOrThrow();
  return { current: row.count, ttl: row.expires_ms - nowMs };
}

/**
 * Takes back one count under `key` in its current window at `nowMs` (never below 0, never from a window that has
 * ended): for limits that count attempts before making them (staffAuth personalLimit) and keep only some.
 */
export async function uncount(db: Db, key: string, nowMs: number): Promise<void> {
  await db
    .updateTable('rate_counts')
    .set({ count: sql<number>`count - 1` })
    .where('key', '=', key)
    .where('expires_ms', '>', nowMs)
    .where('count', '>', 0)
    .execute();
}

/** The count under `key` in its current window, without counting (0 when none is open). */
export async function peekWindow(db: Db, key: string, nowMs: number): Promise<RateCount> {
  const row = await db
    .selectFrom('rate_counts')
    .select(['count', 'expires_ms'])
    .where('key', '=', key)
    .where('expires_ms', '>', nowMs)
    .executeTakeFirst();
  return row ? { current: row.count, ttl: row.expires_ms - nowMs } : { current: 0, ttl: 0 };
}

/** Deletes windows that ended before `nowMs` (epoch ms); returns how many. Run by the scheduler. */
export async function pruneRateCounts(db: Db, nowMs: number): Promise<number> {
  const r = await db.deleteFrom('rate_counts').where('expires_ms', '<=', nowMs).executeTakeFirst();
  return Number(r.numDeletedRows);
}
