import type Database from 'better-sqlite3';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';

/**
 * A store for @fastify/rate-limit (its `store` option: `incr` and `child`, as the plugin's LocalStore) that keeps
 * fixed windows in the SQLite table rate_counts (migration 005), so every server process of a cluster counts
 * against the same window, and a restart does not hand out a fresh allowance. One UPSERT per check (~10 us):
 * either a new window (count 1) or one more in the current window. Times are epoch ms from `now`.
 */
export interface RateCount {
  /** Requests in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/** Either a new window (count 1) or one more in the current one. */
const UPSERT = `INSERT INTO rate_counts (key, expires_ms, count) VALUES (@key, @now + @windowMs, 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN expires_ms <= @now THEN 1 ELSE count + 1 END,
    expires_ms = CASE WHEN expires_ms <= @now THEN @now + @windowMs ELSE expires_ms END
  RETURNING expires_ms AS expiresMs, count`;
const upserts = new WeakMap<Database.Database, Database.Statement>();

/** The store class to pass as `store` to @fastify/rate-limit (it calls `new Store(options)`). */
export function sqliteRateStore(sqlite: Database.Database, now: () => number): FastifyRateLimitStoreCtor {
  return class SqliteRateStore implements FastifyRateLimitStore {
    // The plugin passes the window as a third argument (index.js, applyRateLimit); its typings leave it out.
    incr(key: string, cb: (err: Error | null, res?: RateCount) => void, timeWindowMs?: number): void {
      try {
        if (timeWindowMs === undefined) throw new Error('rate limit store called without a window');
        cb(null, countInWindow(sqlite, key, timeWindowMs, now()));
      } catch (err) {
        cb(err as Error);
      }
    }

    // One table for every limit: the checker's name in the key keeps the limits apart (http/rateLimit.ts).
    child(): SqliteRateStore {
      return this;
    }
  };
}

/**
 * Counts one more under `key` in a fixed window of `windowMs` (the same table and rule as the store), for
 * checks outside @fastify/rate-limit. Returns the count in the current window and the ms until it ends.
 */
export function countInWindow(sqlite: Database.Database, key: string, windowMs: number, nowMs: number): RateCount {
  let upsert = upserts.get(sqlite);
  if (!upsert) upserts.set(sqlite, (upsert = sqlite.prepare(UPSERT)));
  const row = upsert.get({ key, now: nowMs, windowMs }) as { expiresMs: number; count: number };
  return { current: row.count, ttl: row.expiresMs - nowMs };
}

/** The count under `key` in its current window, without counting (0 when none is open). */
export function peekWindow(sqlite: Database.Database, key: string, nowMs: number): RateCount {
  const row = sqlite.prepare('SELECT count, expires_ms AS expiresMs FROM rate_counts WHERE key = ? AND expires_ms > ?').get(key, nowMs) as
    | { count: number; expiresMs: number }
    | undefined;
  return row ? { current: row.count, ttl: row.expiresMs - nowMs } : { current: 0, ttl: 0 };
}

/** Deletes windows that ended before `nowMs` (epoch ms); returns how many. Run by the scheduler. */
export function pruneRateCounts(sqlite: Database.Database, nowMs: number): number {
  return sqlite.prepare('DELETE FROM rate_counts WHERE expires_ms <= ?').run(nowMs).changes;
}
