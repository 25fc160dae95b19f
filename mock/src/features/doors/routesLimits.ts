import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { allOf, byAccount, byAddress, noLimit, rateLimiter, type Limit, type PreHandler } from '../../core/http/rateLimit';
import { stationById } from '../stations';
import { checkDoorCode, parseSubmittedCode } from './doorCodes';
import { alertLimitedMessage, EMERGENCY_NUMBERS } from '@/rules/errors';

/**
 * Rate limits of the door endpoints: per worker (account), per door and per address, in windows of
 * config.door.rateWindowS (the mechanism: http/rateLimit.ts).
 */
export type { PreHandler };

export interface DoorLimits {
  /**
   * POST /doors/unlock: address, then worker, then the door named in the code, the last only for a registered
   * worker's genuine code. Run after the session check.
   */
  unlock: PreHandler;
  /** POST /me/pass: per worker. */
  pass: PreHandler;
  /** POST /doors/{doorId}/pass-reads: address and door. */
  passRead: PreHandler;
  /**
   * POST /alerts: per account; for accounts that have not registered also per address, and tighter per account.
   * Run after the body is validated: a refusal names the station's duty phone beside 110 and 120.
   */
  alert: PreHandler;
}

/**
 * The door bucket of an unlock, counting only a registered worker's code whose MAC is genuine for that door
 * (expired screen codes included: only the server can make them). Were forged or anonymous attempts counted,
 * anyone could shut a door for everyone by posting made-up codes for its id; those still count against the
 * address and the account. The check is one HMAC (microseconds), kept per request because the limiter asks twice.
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

/** The door checkers; with config.rateLimit 'off' every one lets everything through. */
export async function doorLimits(scope: FastifyInstance, ctx: AppContext): Promise<DoorLimits> {
  if (ctx.config.rateLimit === 'off') return { unlock: noLimit, pass: noLimit, passRead: noLimit, alert: noLimit };
  const limit = await rateLimiter(scope, ctx);
  const d = ctx.config.door;
  const checker = (name: string, max: number, what: Limit) => limit(name, max, d.rateWindowS, what);
  return {
    unlock: allOf(
      checker('unlock.address', d.unlockPerAddress, byAddress),
      checker('unlock.worker', d.unlockPerWorker, byAccount),
      checker('unlock.door', d.unlockPerDoor, byGenuineCodeDoor(ctx)),
    ),
    pass: checker('pass.worker', d.passPerWorker, byAccount),
    passRead: allOf(checker('passRead.address', d.unlockPerAddress, byAddress), checker('passRead.door', d.unlockPerDoor, byPathDoor)),
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
