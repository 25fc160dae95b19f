import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { allOf, byAccount, byAddress, rateLimiter } from '../../core/http/rateLimit';
import { requireSession, requireWorker } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { registerWorker, workerAnswer, type Registration } from './workers';

/**
 * POST /workers (register the session's account) and GET /me (the masked worker with its consent state).
 * The rules and the sealing are the use case's (workers.ts).
 */
export function workerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);

  app.register(async (scope) => {
    const limit = await rateLimiter(scope, ctx);
    scope.post(
      '/workers',
      {
        onRequest: auth,
        preHandler: allOf(
          limit('register.address', ctx.config.accountLimits.registrationsPerAddress, ctx.config.door.rateWindowS, byAddress),
          limit('register.worker', ctx.config.accountLimits.registrationsPerAccount, ctx.config.door.rateWindowS, byAccount),
        ),
        schema: {
          body: {
            type: 'object',
            required: ['name', 'idNumber', 'phone', 'occupation', 'consent'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', maxLength: 200 },
              idNumber: { type: 'string', maxLength: 100 },
              phone: { type: 'string', maxLength: 100 },
              occupation: { type: 'string', maxLength: 32 },
              consent: {
                type: 'object',
                required: ['privacyPolicyVersion', 'sensitiveInfo'],
                additionalProperties: false,
                properties: { privacyPolicyVersion: { type: 'string', maxLength: 32 }, sensitiveInfo: { type: 'boolean' } },
              },
            },
          },
          response: responseSchemas('registerWorker'),
        },
      },
      async (req, reply) => {
        const answer = await registerWorker(ctx, req.account!.id, req.body as Registration);
        reply.code(201);
        return answer;
      },
    );
  });

  app.get('/me', { onRequest: auth, schema: { response: responseSchemas('getMe') } }, async (req) => {
    const worker = await workerAnswer(ctx, req.account!.id, requireWorker(req));
    if (!worker) throw new ApiError('NOT_REGISTERED');
    return worker;
  });
}
