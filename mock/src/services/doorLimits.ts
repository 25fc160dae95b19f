import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { parseDoorCode } from '../../../src/rules/doorCode';

/**
 * Rate limits of the door endpoints: per worker (account), per door and per address, fixed windows of
 * config.door.rateWindowS, counted by @fastify/rate-limit's in-memory store. One route checks several keys,
 * which the plugin's per-route option cannot (it runs once per request), so each limit is a
 * `createRateLimit` checker and a preHandler applies them in order. Over a limit: 429 RATE_LIMITED with
 * `Retry-After` (seconds) and a Chinese message saying how long to wait. RATE_LIMIT=off removes them all.
 */
export type PreHandler = (req: FastifyRequest) => Promise<void>;

export interface DoorLimits {
  /** POST /doors/unlock: address, then worker, then the door named in the code. Run after the session check. */
  unlock: PreHandler;
  /** POST /me/pass: per worker. */
  pass: PreHandler;
  /** POST /doors/{doorId}/pass-reads: address and door. */
  passRead: PreHandler;
  /** POST /alerts: per worker. */
  alert: PreHandler;
}

type KeyOf = (req: FastifyRequest) => string | null;
interface Limit {
  scope: LimitScope;
  keyOf: KeyOf;
}

const byAddress: Limit = { scope: 'address', keyOf: (req) => `a:${req.ip}` };
const byAccount: Limit = { scope: 'worker', keyOf: (req) => (req.account ? `w:${req.account.id}` : null) };
const byCodeDoor: Limit = {
  scope: 'door',
  keyOf: (req) => {
    const code = (req.body as { code?: unknown } | undefined)?.code;
    const parsed = typeof code === 'string' ? parseDoorCode(code) : null;
    return parsed?.ok && parsed.value.doorId ? `d:${parsed.value.doorId}` : null;
  },
};
const byPathDoor: Limit = { scope: 'door', keyOf: (req) => `d:${(req.params as { doorId: string }).doorId}` };

/** Which key ran out: the worker's account, the door, or the address. */
export type LimitScope = 'worker' | 'door' | 'address';

/** A 429 whose message tells the worker how long to wait. */
export function rateLimited(retryAfterS: number, scope: LimitScope): ApiError {
  return new ApiError('RATE_LIMITED', {
    message: `操作太频繁了，请${retryAfterS}秒后再试。`,
    details: { retryAfterS, scope },
    headers: { 'retry-after': String(retryAfterS) },
  });
}

const noLimit: PreHandler = async () => {};

/**
 * Registers the plugin on `scope` (global: false, so other routes are untouched) and builds the checkers.
 * With config.rateLimit 'off' nothing is registered and every checker lets everything through.
 */
export async function doorLimits(scope: FastifyInstance, ctx: AppContext): Promise<DoorLimits> {
  if (ctx.config.rateLimit === 'off') return { unlock: noLimit, pass: noLimit, passRead: noLimit, alert: noLimit };
  await scope.register(fastifyRateLimit, { global: false });
  const d = ctx.config.door;
  const timeWindow = d.rateWindowS * 1000;
  const checker = (max: number, limit: Limit) => {
    // Unkeyable requests share one bucket that never fills: the key is only null when another check applies.
    const check = scope.createRateLimit({ max, timeWindow, keyGenerator: (req) => limit.keyOf(req) ?? '-' });
    return async (req: FastifyRequest): Promise<void> => {
      if (limit.keyOf(req) === null) return;
      const r = await check(req);
      if (!r.isAllowed && r.isExceeded) throw rateLimited(Math.max(1, r.ttlInSeconds), limit.scope);
    };
  };
  const all =
    (...checks: PreHandler[]): PreHandler =>
    async (req) => {
      for (const c of checks) await c(req);
    };
  return {
    unlock: all(checker(d.unlockPerAddress, byAddress), checker(d.unlockPerWorker, byAccount), checker(d.unlockPerDoor, byCodeDoor)),
    pass: checker(d.passPerWorker, byAccount),
    passRead: all(checker(d.unlockPerAddress, byAddress), checker(d.unlockPerDoor, byPathDoor)),
    alert: checker(d.alertPerWorker, byAccount),
  };
}
