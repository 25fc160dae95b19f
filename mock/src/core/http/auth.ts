import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, SessionAccount } from '../context';
import { safeEqual } from '../crypto';
import { ApiError } from './errors';
import { countInWindow, peekWindow } from '../db/rateCounts';
import { rateLimited } from './rateLimit';

declare module 'fastify' {
  interface FastifyRequest {
    account: SessionAccount | null;
  }
}

/** Reads `Authorization: Bearer <token>`; null when absent. */
export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1] : null;
}

/**
 * A hook that requires a live session (looked up through ctx.accounts, features/accounts); 401 UNAUTHENTICATED
 * otherwise. Register it as `onRequest` so an anonymous request is refused before its body is parsed or validated.
 */
export function requireSession(ctx: AppContext) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(req);
    const account = token ? await ctx.accounts.byToken(token, ctx.now()) : null;
    if (!account) throw new ApiError('UNAUTHENTICATED');
    req.account = account;
  };
}

/** The registered worker id of the request's account; `status` lets door unlock answer 403. */
export function requireWorker(req: FastifyRequest, status = 404): string {
  const workerId = req.account?.workerId;
  if (!workerId) throw new ApiError('NOT_REGISTERED', { status });
  return workerId;
}

/** Wrong staff keys an address may send per rate window (RATE_WINDOW_S) before all its staff requests wait. */
export const STAFF_KEY_FAILURES_MAX = 10;

/**
 * Staff endpoints: `X-Staff-Key` must match the configured key. An address that sent STAFF_KEY_FAILURES_MAX wrong
 * keys in a window gets 429 RATE_LIMITED for any staff request, right key included, until the window ends: the
 * key is all that guards staff data (unless RATE_LIMIT=off).
 */
export function requireStaff(ctx: AppContext) {
  return async (req: FastifyRequest): Promise<void> => {
    const limited = ctx.config.rateLimit === 'on';
    const failures = `staff.keyFailures|a:${req.ip}`;
    const nowMs = ctx.now();
    if (limited) {
      const w = await peekWindow(ctx.db, failures, nowMs);
      if (w.current >= STAFF_KEY_FAILURES_MAX) throw rateLimited(Math.max(1, Math.ceil(w.ttl / 1000)), 'address');
    }
    const key = req.headers['x-staff-key'];
    if (typeof key !== 'string' || !safeEqual(key, ctx.config.staffKey)) {
      if (limited) await countInWindow(ctx.db, failures, ctx.config.door.rateWindowS * 1000, nowMs);
      throw new ApiError('STAFF_KEY_INVALID');
    }
  };
}
