import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { requireStaff } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { checkIn, cancelSession } from './staff';

const ID = { type: 'string', minLength: 1, maxLength: 80 } as const;

/**
 * Health-station staff endpoints (X-Staff-Key): check a booking in by its code, cancel a clinic session.
 */
export function healthStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = requireStaff(ctx);

  app.post(
    '/staff/health-stations/:id/check-ins',
    {
      onRequest: staff,
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: ID } },
        body: {
          type: 'object',
          required: ['code'],
          additionalProperties: false,
          // The 8 digits as printed (the QR holds the same digits); the service checks the format.
          properties: { code: { type: 'string', maxLength: 32 } },
        },
        response: responseSchemas('checkIn'),
      },
    },
    async (req) => checkIn(ctx, (req.params as { id: string }).id, (req.body as { code: string }).code),
  );

  app.post(
    '/staff/clinic-sessions/:id/cancel',
    { onRequest: staff, schema: { params: { type: 'object', required: ['id'], properties: { id: ID } }, response: responseSchemas('cancelClinicSession') } },
    async (req) => cancelSession(ctx, (req.params as { id: string }).id),
  );
}
