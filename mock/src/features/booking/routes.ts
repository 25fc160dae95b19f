import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { requireSession, requireWorker } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { cancelBooking, leaveWaitlist, placeBooking } from './booking';
import { healthStationList, myBookings, slotsOn } from './health';
import { healthStaffRoutes } from './routesStaff';

const ID = { type: 'string', minLength: 1, maxLength: 80 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;

/** Health stations, their slots, bookings, the waitlist; the staff routes are wired here too. */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);

  app.get('/health-stations', { schema: { response: responseSchemas('listHealthStations') } }, async () => healthStationList(ctx));

  app.get(
    '/health-stations/:id/slots',
    {
      schema: {
        params: idParams,
        querystring: { type: 'object', properties: { date: { type: 'string', maxLength: 10 } } },
        response: responseSchemas('healthStationSlots'),
      },
    },
    async (req) => slotsOn(ctx, (req.params as { id: string }).id, (req.query as { date?: string }).date),
  );

  app.post(
    '/bookings',
    {
      onRequest: auth,
      schema: {
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 64 } } },
        body: {
          type: 'object',
          required: ['slotId'],
          additionalProperties: false,
          properties: { slotId: ID, waitlistIfFull: { type: 'boolean' } },
        },
        response: responseSchemas('createBooking'),
      },
    },
    async (req, reply) => {
      const workerId = requireWorker(req, 403);
      const body = req.body as { slotId: string; waitlistIfFull?: boolean };
      const answer = await placeBooking(ctx, {
        accountId: req.account!.id,
        workerId,
        slotId: body.slotId,
        waitlistIfFull: body.waitlistIfFull === true,
        idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
      });
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get('/me/bookings', { onRequest: auth, schema: { response: responseSchemas('myBookings') } }, async (req) =>
    myBookings(ctx, requireWorker(req)),
  );

  const cancel = async (req: FastifyRequest) => cancelBooking(ctx, requireWorker(req, 403), (req.params as { id: string }).id);
  app.delete('/bookings/:id', { onRequest: auth, schema: { params: idParams, response: responseSchemas('deleteBooking') } }, cancel);
  app.post('/bookings/:id/cancel', { onRequest: auth, schema: { params: idParams, response: responseSchemas('cancelBooking') } }, cancel);

  app.delete(
    '/waitlist/:id',
    { onRequest: auth, schema: { params: idParams, response: responseSchemas('leaveWaitlist') } },
    async (req, reply) => {
      await leaveWaitlist(ctx, requireWorker(req, 403), (req.params as { id: string }).id);
      return reply.code(204).send();
    },
  );

  healthStaffRoutes(app, ctx);
}
