import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { allOf, byAccount, byAddress, noLimit, rateLimiter, successLimit, type Limit, type PreHandler } from '../../core/http/rateLimit';
import { stationById } from '../stations';
import { checkDoorCode, parseSubmittedCode } from './doorCodes';
import { alertLimitedMessage, EMERGENCY_NUMBERS } from '@/rules/errors';

/**
 * Rate limits of the door endpoints: per worker (account), per door and per address, in windows of
 * config.door.rateWindowS (the mechanism: http/rateLimit.ts). The account and address limits count every attempt,
 * refusals included, so one account or one source cannot flood; the door's own bucket counts grants only (issue 14:
 * thirty refused far-away attempts with the genuine printed code had locked the door for the worker standing at it).
 */
export type { PreHandler };

export interface DoorLimits {
  /**
   * POST /doors/unlock: address, then worker (every attempt counts), then the door named in the code (its grants
   * so far), the last only for a registered worker's genuine code. Run after the session check.
   */
  unlock: PreHandler;
  /** POST /me/pass: per worker. */
  pass: PreHandler;
  /** POST /doors/{doorId}/pass-reads: address (every read counts), then the door's grants so far. */
  passRead: PreHandler;
  /** Counts a grant at `doorId` in the door's bucket (shared by unlocks and pass reads); call it once per grant. */
  granted: (doorId: string) => Promise<void>;
  /**
   * POST /alerts: per account; for accounts that have not registered also per address, and tighter per account.
   * Run after the body is validated: a refusal names the station's duty phone beside 110 and 120.
   */
  alert: PreHandler;
}

/**
 * Which door bucket an unlock checks: only for a registered worker's code whose MAC is genuine for that door
 * (expired screen codes included: only the server can make them); the bucket itself counts grants only. The check
 * is one HMAC (microseconds), kept per request.
 */
function byGenuineCodeDoor(ctx: AppContext): Limit {
  const keys = new WeakMap<FastifyRequest, string | null>();
  const keyOf = (req: FastifyRequest): string | null => {
    if (!req.account?.workerId) return null;
    const code = (req.body as { code?: unknown } | undefined)?.code;
    const parsed = typeof code === 'string' ? parseSubmittedCode(code) : null;
    if (!parsed?.ok || parsed.value.kind === 'pass') return null;
    const genuine = checkDoorCode(ctx.keys, ctx.config.doorHost, parsed.value, ctx.now()) !== 'forged';
    return genuine ? `d:${parsed.value.doorId}` : null;
  };
  return {
    scope: 'door',
    keyOf: (req) => {
      if (!keys.has(req)) keys.set(req, keyOf(req));
      return keys.get(req) as string | null;
    },
  };
}
/** The account, or its address, only while it has not registered (alerts). */
const unregisteredAccount: Limit = {
  scope: 'worker',
  keyOf: (req) => (req.account && !req.account.workerId ? `w:${req.account.id}` : null),
};
const unregisteredAddress: Limit = { scope: 'address', keyOf: (req) => (req.account && !req.account.workerId ? `a:${req.ip}` : null) };

/**
 * An alert over a limit is refused (429 RATE_LIMITED, Retry-After) but never silently: the message tells the
 * worker to call 110 / 120 or the station's duty phone, and `details.phones` carries the numbers for the app.
 */
function emergencyRefusal(ctx: AppContext, check: PreHandler): PreHandler {
  return async (req) => {
    try {
      await check(req);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'RATE_LIMITED') throw err;
      const stationId = (req.body as { stationId?: string } | undefined)?.stationId;
      const station = stationId ? await stationById(ctx.db, stationId) : null;
      throw new ApiError('RATE_LIMITED', {
        message: alertLimitedMessage(station?.phone ?? null),
        details: { ...err.details, phones: { ...EMERGENCY_NUMBERS, station: station?.phone ?? null } },
        headers: err.headers,
      });
    }
  };
}

const byPathDoor: Limit = { scope: 'door', keyOf: (req) => `d:${(req.params as { doorId: string }).doorId}` };
/** The key of a door's grant bucket, as byGenuineCodeDoor and byPathDoor give it. */
const doorKey = (doorId: string): string => `d:${doorId}`;

/** The door checkers; with config.rateLimit 'off' every one lets everything through. */
export async function doorLimits(scope: FastifyInstance, ctx: AppContext): Promise<DoorLimits> {
  if (ctx.config.rateLimit === 'off') return { unlock: noLimit, pass: noLimit, passRead: noLimit, alert: noLimit, granted: async () => {} };
  const limit = await rateLimiter(scope, ctx);
  const d = ctx.config.door;
  const checker = (name: string, max: number, what: Limit) => limit(name, max, d.rateWindowS, what);
  // One bucket per door for unlocks and pass reads alike: what it limits is how often the door opens.
  const doorGrants = (what: Limit) => successLimit(ctx, 'door.grants', d.unlockPerDoor, d.rateWindowS, what);
  return {
    unlock: allOf(
      checker('unlock.address', d.unlockPerAddress, byAddress),
      checker('unlock.worker', d.unlockPerWorker, byAccount),
      doorGrants(byGenuineCodeDoor(ctx)).check,
    ),
    pass: checker('pass.worker', d.passPerWorker, byAccount),
    passRead: allOf(checker('passRead.address', d.unlockPerAddress, byAddress), doorGrants(byPathDoor).check),
    granted: (doorId) => doorGrants(byPathDoor).count(doorKey(doorId)),
    alert: emergencyRefusal(
      ctx,
      allOf(
        checker('alert.unregisteredAddress', d.alertUnregisteredPerAddress, unregisteredAddress),
        checker('alert.unregistered', d.alertUnregisteredPerAccount, unregisteredAccount),
        checker('alert.worker', d.alertPerWorker, byAccount),
      ),
    ),
  };
}
