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

/** The store class to pass as `store` to @fastify/rate-limit (it calls `new Store(options)`). */
export function sqliteRateStore(sqlite: Database.Database, now: () => number): FastifyRateLimitStoreCtor {
  const upsert = sqlite.prepare(
    `INSERT INTO rate_counts (key, expires_ms, count) VALUES (@key, @now + @windowMs, 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN expires_ms <= @now THEN 1 ELSE count + 1 END,
       expires_ms = CASE WHEN expires_ms <= @now THEN @now + @windowMs ELSE expires_ms END
     RETURNING expires_ms AS expiresMs, count`,
  );
  return class SqliteRateStore implements FastifyRateLimitStore {
    // The plugin passes the window as a third argument (index.js, applyRateLimit); its typings leave it out.
    incr(key: string, cb: (err: Error | null, res?: RateCount) => void, timeWindowMs?: number): void {
      try {
        if (timeWindowMs === undefined) throw new Error('rate limit store called without a window');
        const nowMs = now();
        const row = upsert.get({ key, now: nowMs, windowMs: timeWindowMs }) as { expiresMs: number; count: number };
        cb(null, { current: row.count, ttl: row.expiresMs - nowMs });
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

/** Deletes windows that ended before `nowMs` (epoch ms); returns how many. Run by the scheduler. */
export function pruneRateCounts(sqlite: Database.Database, nowMs: number): number {
  return sqlite.prepare('DELETE FROM rate_counts WHERE expires_ms <= ?').run(nowMs).changes;
}
