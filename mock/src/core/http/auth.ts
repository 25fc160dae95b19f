import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, SessionAccount } from '../context';
import { ApiError } from './errors';

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
