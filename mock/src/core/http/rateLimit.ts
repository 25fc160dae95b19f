import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { AppContext } from '../context';
import { ApiError } from './errors';
import { databaseRateStore } from './rateStore';
import { countInWindow, peekWindow } from '../db/rateCounts';

/**
 * Rate limits as preHandlers: fixed windows counted by @fastify/rate-limit, kept in the database (core/db/rateCounts.ts).
 * One route can check several keys (address, worker, door), which the plugin's per-route option cannot (it runs
 * once per request), so each limit is a `createRateLimit` checker applied in order. Over a limit: 429 RATE_LIMITED
 * with `Retry-After` (seconds) and a Chinese message saying how long to wait. RATE_LIMIT=off removes them.
 */
export type PreHandler = (req: FastifyRequest) => Promise<void>;

/** Which key ran out: the worker's account, the door, the address, or a staff member's own allowance. */
export type LimitScope = 'worker' | 'door' | 'address' | 'staff';

/** What a limit counts: a key per request, or null when this limit does not apply to the request. */
export interface Limit {
  scope: LimitScope;
  keyOf: (req: FastifyRequest) => string | null;
}

export const byAddress: Limit = { scope: 'address', keyOf: (req) => `a:${req.ip}` };
export const byAccount: Limit = { scope: 'worker', keyOf: (req) => (req.account ? `w:${req.account.id}` : null) };

/** A 429 whose message tells the worker how long to wait. */
export function rateLimited(retryAfterS: number, scope: LimitScope): ApiError {
  return new ApiError('RATE_LIMITED', {
    message: `操作太频繁了，请${retryAfterS}秒后再试。`,
    details: { retryAfterS, scope },
    headers: { 'retry-after': String(retryAfterS) },
  });
}

export const noLimit: PreHandler = async () => {};

/** Runs checks in order; the first exceeded one answers. */
export const allOf =
  (...checks: PreHandler[]): PreHandler =>
  async (req) => {
    for (const c of checks) await c(req);
  };

const checkerNames = new WeakMap<AppContext, Set<string>>();

/**
 * Registers the plugin on `scope` (global: false, so other routes are untouched) with the counts in the database
 * (core/db/rateCounts.ts: shared by every server process), and returns a factory of checkers: `limit(name, max, windowS,
 * what)`. `name` keeps each checker's windows apart; it is unique per server (throws otherwise). With
 * config.rateLimit 'off' nothing is registered and every checker lets everything through.
 */
export async function rateLimiter(
  scope: FastifyInstance,
  ctx: AppContext,
): Promise<(name: string, max: number, windowS: number, limit: Limit) => PreHandler> {
  if (ctx.config.rateLimit === 'off') return () => noLimit;
  await scope.register(fastifyRateLimit, { global: false, store: databaseRateStore(ctx.db, ctx.now) });
  let names = checkerNames.get(ctx);
  if (!names) checkerNames.set(ctx, (names = new Set()));
  const taken = names;
  return (name, max, windowS, limit) => {
    if (taken.has(name)) throw new Error(`rate limit "${name}" is defined twice`);
    taken.add(name);
    // Unkeyable requests never reach the check: the key is only null when another check applies.
    const check = scope.createRateLimit({ max, timeWindow: windowS * 1000, keyGenerator: (req) => `${name}|${limit.keyOf(req) ?? '-'}` });
    return async (req) => {
      if (limit.keyOf(req) === null) return;
      const r = await check(req);
      if (!r.isAllowed && r.isExceeded) throw rateLimited(Math.max(1, r.ttlInSeconds), limit.scope);
    };
  };
}

/** A limit on successes: `check` refuses once `max` were counted in the window; only `count` counts. */
export interface SuccessLimit {
  /** Throws 429 RATE_LIMITED (Retry-After) when the request's key already has `max` successes in its window. */
  check: PreHandler;
  /** Counts one success under `key` (the same key `limit.keyOf` gives the request). */
  count: (key: string) => Promise<void>;
}

/**
 * A limit that counts what succeeded, not what was tried (core/db/rateCounts.ts, as personalLimit in staffAuth.ts):
 * refused attempts never use it up, so nobody can spend a door's allowance by failing at it. The check and the count
 * are separate steps, so concurrent requests may pass a few over `max`; that is the price of not counting refusals.
 * With config.rateLimit 'off' it never refuses and counts nothing.
 */
export function successLimit(ctx: AppContext, name: string, max: number, windowS: number, limit: Limit): SuccessLimit {
  if (ctx.config.rateLimit === 'off') return { check: noLimit, count: async () => {} };
  return {
    check: async (req) => {
      const key = limit.keyOf(req);
      if (key === null) return;
      const w = await peekWindow(ctx.db, `${name}|${key}`, ctx.now());
      if (w.current >= max) throw rateLimited(Math.max(1, Math.ceil(w.ttl / 1000)), limit.scope);
    },
    count: async (key) => {
      await countInWindow(ctx.db, `${name}|${key}`, windowS * 1000, ctx.now());
    },
  };
}
