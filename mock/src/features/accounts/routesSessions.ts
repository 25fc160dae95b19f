import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { bearerToken, requireSession } from '../../core/http/auth';
import { byAddress, rateLimiter } from '../../core/http/rateLimit';
import { responseSchemas } from '../../core/http/contract';
import { signIn, signOut, type Credentials } from './sessions';
import type { WeChatAuth } from './wechat';

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
          response: responseSchemas('createSession'),
        },
      },
      async (req, reply) => {
        const answer = await signIn(ctx, wechat, req.body as Credentials);
        reply.code(201);
        return answer;
      },
    );
  });

  app.delete(
    '/sessions/current',
    { onRequest: requireSession(ctx), schema: { response: responseSchemas('deleteSession') } },
    async (req, reply) => {
      await signOut(ctx, bearerToken(req) as string);
      reply.code(204);
    },
  );
}
