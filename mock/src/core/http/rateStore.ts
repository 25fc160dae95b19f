import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/database';
import { countInWindow, type RateCount } from '../db/rateCounts';

/**
 * A store for @fastify/rate-limit (its `store` option: `incr` and `child`, as the plugin's LocalStore) that keeps
 * the windows in the database (core/db/rateCounts.ts), shared by every server process. `now` is the clock.
 */
export function databaseRateStore(db: Db, now: () => number): FastifyRateLimitStoreCtor {
  return class DatabaseRateStore implements FastifyRateLimitStore {
    // The plugin passes the window as a third argument (index.js, applyRateLimit); its typings leave it out.
    incr(key: string, cb: (err: Error | null, res?: RateCount) => void, timeWindowMs?: number): void {
      if (timeWindowMs === undefined) {
        cb(new Error('rate limit store called without a window'));
        return;
      }
      countInWindow(db, key, timeWindowMs, now()).then(
        (count) => cb(null, count),
        (err: Error) => cb(err),
      );
    }

    // One table for every limit: the checker's name in the key keeps the limits apart (http/rateLimit.ts).
    child(): DatabaseRateStore {
      return this;
    }
  };
}
