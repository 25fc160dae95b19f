import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { allOf, byAccount, byAddress, noLimit, rateLimiter, type Limit, type PreHandler } from '../http/rateLimit';
import { parseDoorCode } from '../../../src/rules/doorCode';

/**
 * Rate limits of the door endpoints: per worker (account), per door and per address, in windows of
 * config.door.rateWindowS (the mechanism: http/rateLimit.ts).
 */
export type { PreHandler };

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

const byCodeDoor: Limit = {
  scope: 'door',
  keyOf: (req) => {
    const code = (req.body as { code?: unknown } | undefined)?.code;
    const parsed = typeof code === 'string' ? parseDoorCode(code) : null;
    return parsed?.ok && parsed.value.doorId ? `d:${parsed.value.doorId}` : null;
  },
};
const byPathDoor: Limit = { scope: 'door', keyOf: (req) => `d:${(req.params as { doorId: string }).doorId}` };

/** The door checkers; with config.rateLimit 'off' every one lets everything through. */
export async function doorLimits(scope: FastifyInstance, ctx: AppContext): Promise<DoorLimits> {
  if (ctx.config.rateLimit === 'off') return { unlock: noLimit, pass: noLimit, passRead: noLimit, alert: noLimit };
  const limit = await rateLimiter(scope, ctx);
  const d = ctx.config.door;
  const checker = (max: number, what: Limit) => limit(max, d.rateWindowS, what);
  return {
    unlock: allOf(checker(d.unlockPerAddress, byAddress), checker(d.unlockPerWorker, byAccount), checker(d.unlockPerDoor, byCodeDoor)),
    pass: checker(d.passPerWorker, byAccount),
    passRead: allOf(checker(d.unlockPerAddress, byAddress), checker(d.unlockPerDoor, byPathDoor)),
    alert: checker(d.alertPerWorker, byAccount),
  };
}
