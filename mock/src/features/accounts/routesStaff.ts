import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { auditStaff, authorise, requireStaff } from '../../core/http/staffAuth';
import { releaseIdNumber } from './erasure';

/**
 * City admins, for the 12351 hotline: POST /staff/workers/release frees an identity number whose account its owner
 * can no longer reach (a lost phone, cleared app data) or that someone else registered first. Staff check the
 * person's identity card offline first; the account is then deleted as in DELETE /me (history kept anonymous,
 * upcoming places given to the waitlists) and the owner can register again. Logged and audited without the number.
 */
export function workerStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/staff/workers/release',
    {
      onRequest: requireStaff(ctx),
      schema: {
        body: {
          type: 'object',
          required: ['idNumber'],
          additionalProperties: false,
          properties: { idNumber: { type: 'string', maxLength: 40 } },
        },
        response: responseSchemas('releaseIdNumber'),
      },
    },
    async (req) => {
      // Any worker's account: only the city reaches every record.
      const admin = await authorise(
        ctx,
        req,
        'worker.release',
        { kind: 'city' },
        { roles: ['city'], record: { type: 'account', id: null } },
      );
      const { accountId, outcome } = await releaseIdNumber(ctx, (req.body as { idNumber: string }).idNumber, req.log);
      req.log.info({ event: 'worker_released', ...outcome }, 'identity number released by staff');
      await auditStaff(ctx, req, admin, { action: 'worker.release', target: { type: 'account', id: accountId }, detail: { ...outcome } });
      return { released: true, ...outcome };
    },
  );
}
