import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { allOf, byAccount, byAddress, noLimit, rateLimiter, type Limit, type PreHandler } from '../../core/http/rateLimit';
import { checkDoorCode, parseSubmittedCode } from './doorCodes';

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
  /** POST /alerts: per worker. */
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
    alert: checker('alert.worker', d.alertPerWorker, byAccount),
  };
}
