import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { accountFor, createSession, deleteSession } from '../repos/accounts';
import { workerView } from '../repos/workers';
import { ApiError } from '../http/errors';
import { bearerToken, requireSession } from '../http/auth';
import { byAddress, rateLimiter } from '../http/rateLimit';
import { consentHistory, consentStatus, type ConsentState, type ConsentStatus } from '../repos/consents';
import type { WeChatAuth } from '../services/wechat';
import { toShanghaiIso } from '../../../src/rules/time';
import { PRIVACY_POLICY_VERSION } from '../../../src/rules/privacy';

/** POST /sessions (device id or WeChat code) and DELETE /sessions/current (logout). */
export function sessionRoutes(app: FastifyInstance, ctx: AppContext, wechat: WeChatAuth): void {
  app.register(async (scope) => {
    const limit = await rateLimiter(scope, ctx);
    scope.post(
      '/sessions',
      {
        onRequest: limit('session.address', ctx.config.accountLimits.sessionsPerAddress, ctx.config.door.rateWindowS, byAddress),
        schema: {
          body: {
            type: 'object',
            properties: {
              // The device id is the account's only secret on the development / h5 path: at least 128 bits (32 hex).
              deviceId: { type: 'string', minLength: 32, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
              wxCode: { type: 'string', minLength: 1, maxLength: 128 },
            },
            additionalProperties: false,
          },
        },
      },
      async (req, reply) => {
        const body = req.body as { deviceId?: string; wxCode?: string };
        let account;
        if (body.wxCode) {
          const { openid } = await wechat.code2Session(body.wxCode).catch(() => {
            throw new ApiError('WECHAT_LOGIN_FAILED');
          });
          account = await accountFor(ctx.db, { openid }, ctx.now());
        } else if (body.deviceId) {
        if (!ctx.config.deviceLogin) throw new ApiError('DEVICE_LOGIN_DISABLED');
          account = await accountFor(ctx.db, { deviceId: body.deviceId }, ctx.now());
        } else {
          throw new ApiError('VALIDATION_FAILED', { message: '缺少登录信息，请重新打开小程序' });
        }
        const session = await createSession(ctx.db, account.id, ctx.now(), ctx.config.sessionTtlS);
        const worker = account.workerId ? await workerAnswer(ctx, account.id, account.workerId) : null;
        reply.code(201);
        return { token: session.token, expiresAt: toShanghaiIso(session.expiresAt), worker };
      },
    );
  });

  app.delete('/sessions/current', { onRequest: requireSession(ctx) }, async (req, reply) => {
    await deleteSession(ctx.db, bearerToken(req) as string);
    reply.code(204);
  });
}

/** The consent state as the API shows it: times as Shanghai ISO strings. */
function publicConsent(c: ConsentStatus) {
  const state = (x: ConsentState | null) => x && { version: x.version, at: toShanghaiIso(x.at), current: x.current };
  return {
    policyVersion: c.policyVersion,
    current: c.current,
    privacy: state(c.privacy),
    idNumber: state(c.idNumber),
    location: state(c.location),
  };
}

/** The consent state of an account, for GET /me/consents and inside the worker. */
export async function consentAnswer(ctx: AppContext, accountId: string) {
  return publicConsent(consentStatus(await consentHistory(ctx.db, accountId), PRIVACY_POLICY_VERSION));
}

/**
 * The worker as the API shows it: masked identity number and phone only, Shanghai ISO times, and whether the
 * consents are current (`consent.current` false: the notice changed, the app asks again). Null when not found.
 */
export async function workerAnswer(ctx: AppContext, accountId: string, workerId: string) {
  const w = await workerView(ctx.db, workerId);
  if (!w) return null;
  return {
    id: w.id,
    name: w.name,
    idNumberMasked: w.idNumberMasked,
    phoneMasked: w.phoneMasked,
    occupation: w.occupation,
    privacyPolicyVersion: w.privacyPolicyVersion,
    registeredAt: toShanghaiIso(w.registeredAt),
    consent: await consentAnswer(ctx, accountId),
  };
}
