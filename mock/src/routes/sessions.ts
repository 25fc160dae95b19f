import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { accountFor, createSession, deleteSession } from '../repos/accounts';
import { workerView } from '../repos/workers';
import { ApiError } from '../http/errors';
import { bearerToken, requireSession } from '../http/auth';
import type { WeChatAuth } from '../services/wechat';
import { toShanghaiIso } from '../../../src/rules/time';

/** POST /sessions (device id or WeChat code) and DELETE /sessions/current (logout). */
export function sessionRoutes(app: FastifyInstance, ctx: AppContext, wechat: WeChatAuth): void {
  app.post(
    '/sessions',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            deviceId: { type: 'string', minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
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
        account = await accountFor(ctx.db, { deviceId: body.deviceId }, ctx.now());
      } else {
        throw new ApiError('VALIDATION_FAILED', { message: '缺少登录信息，请重新打开小程序' });
      }
      const session = await createSession(ctx.db, account.id, ctx.now(), ctx.config.sessionTtlS);
      const worker = account.workerId ? await workerView(ctx.db, account.workerId) : null;
      reply.code(201);
      return { token: session.token, expiresAt: toShanghaiIso(session.expiresAt), worker: worker && publicWorker(worker) };
    },
  );

  app.delete('/sessions/current', { preHandler: requireSession(ctx) }, async (req, reply) => {
    await deleteSession(ctx.db, bearerToken(req) as string);
    reply.code(204);
  });
}

/** The worker as the API shows it (masked, Shanghai ISO times). */
export function publicWorker(w: NonNullable<Awaited<ReturnType<typeof workerView>>>) {
  return {
    id: w.id,
    name: w.name,
    idNumberMasked: w.idNumberMasked,
    phoneMasked: w.phoneMasked,
    occupation: w.occupation,
    privacyPolicyVersion: w.privacyPolicyVersion,
    registeredAt: toShanghaiIso(w.registeredAt),
  };
}
