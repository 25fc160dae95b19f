import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { requireStaff } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { releaseIdNumber } from './erasure';

/**
 * Union staff (X-Staff-Key), for the 12351 hotline: POST /staff/workers/release frees an identity number whose
 * account its owner can no longer reach (a lost phone, cleared app data) or that someone else registered first.
 * Staff check the person's identity card offline first; the account is then deleted as in DELETE /me (history kept
 * anonymous, upcoming places given to the waitlists) and the owner can register again. Logged without the number.
 */
export function workerStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/staff/workers/release',
    {
      onRequest: requireStaff(ctx),
      schema: {
        body: { type: 'object', required: ['idNumber'], additionalProperties: false, properties: { idNumber: { type: 'string', maxLength: 40 } } },
        response: responseSchemas('releaseIdNumber'),
      },
    },
    async (req) => {
      const outcome = await releaseIdNumber(ctx, (req.body as { idNumber: string }).idNumber, req.log);
      req.log.info({ event: 'worker_released', ...outcome }, 'identity number released by staff');
      return { released: true, ...outcome };
    },
  );
}
