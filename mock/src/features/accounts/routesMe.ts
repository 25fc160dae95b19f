import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { requireSession, requireWorker } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { consentAnswer, giveConsent, withdrawLocationConsent, type ConsentKind } from './consents';
import { changePhone } from './workers';
import { personalDataExport } from './export';
import { eraseAccount } from './erasure';

/**
 * The worker's rights over their data (PIPL art. 44-47), all behind the session:
 * GET/POST /me/consents, DELETE /me/consents/location, GET /me/export, PUT /me/phone, DELETE /me.
 */
export function meRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);

  app.get('/me/consents', { onRequest: auth, schema: { response: responseSchemas('getConsents') } }, async (req) =>
    consentAnswer(ctx, req.account!.id),
  );

  // Account level, not worker level: precise location is consented to before anyone registers.
  app.post(
    '/me/consents',
    {
      onRequest: auth,
      schema: {
        body: {
          type: 'object',
          required: ['kind', 'version'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['privacy', 'idNumber', 'location'] },
            version: { type: 'string', minLength: 1, maxLength: 32 },
          },
        },
        response: responseSchemas('giveConsent'),
      },
    },
    async (req, reply) => {
      const body = req.body as { kind: ConsentKind; version: string };
      const answer = await giveConsent(ctx, req.account!.id, body.kind, body.version);
      reply.code(201);
      return answer;
    },
  );

  app.delete('/me/consents/location', { onRequest: auth, schema: { response: responseSchemas('withdrawLocationConsent') } }, async (req) =>
    withdrawLocationConsent(ctx, req.account!.id),
  );

  // Only with the session of the same account, never cached (no-store); the log records that an export
  // happened, never what it held.
  app.get('/me/export', { onRequest: auth, schema: { response: responseSchemas('exportMe') } }, async (req, reply) => {
    const answer = await personalDataExport(ctx, req.account!);
    req.log.info({ event: 'personal_data_export', accountId: req.account!.id }, 'personal data exported');
    reply.header('cache-control', 'no-store');
    return answer;
  });

  app.put(
    '/me/phone',
    {
      onRequest: auth,
      schema: {
        body: {
          type: 'object',
          required: ['phone'],
          additionalProperties: false,
          properties: { phone: { type: 'string', maxLength: 100 } },
        },
        response: responseSchemas('changePhone'),
      },
    },
    async (req) => changePhone(ctx, req.account!.id, requireWorker(req), (req.body as { phone: string }).phone),
  );

  // Withdraws every consent and deletes the account; works unregistered too (consents, device id, sessions).
  app.delete('/me', { onRequest: auth, schema: { response: responseSchemas('deleteMe') } }, async (req, reply) => {
    const outcome = await eraseAccount(ctx, req.account!.id, req.log);
    req.log.info({ event: 'account_deleted', ...outcome }, 'account deleted');
    reply.code(200);
    return outcome;
  });
}
