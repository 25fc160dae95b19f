import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { requireSession, requireWorker } from '../http/auth';
import { datesWithSessions, healthStationExists, healthStations, sessionsOn } from '../repos/health';
import { bookingsOf, waitingCounts, waitlistOf } from '../repos/bookings';
import { cancelBooking, leaveWaitlist, placeBooking, publicBooking, publicWaitlist } from '../services/booking';
import { startScheduler } from '../services/scheduler';
import { healthStaffRoutes } from './healthStaff';
import { parseDate, shanghaiDate, toShanghaiIso } from '../../../src/rules/time';
import { bookableDates, bookableState, bookingOpensAt } from '../../../src/rules/slots';

const ID = { type: 'string', minLength: 1, maxLength: 80 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;

/** Health stations, their slots, bookings, the waitlist; staff routes and the scheduler are wired here too. */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);
  const policy = ctx.config.booking.policy;

  app.get('/health-stations', async () => {
    const nowMs = ctx.now();
    const dates = bookableDates(nowMs, policy);
    const withSessions = await datesWithSessions(ctx.db, dates, nowMs);
    return {
      stations: (await healthStations(ctx.db)).map((s) => ({ ...s, sessionDates: withSessions.get(s.id) ?? [] })),
      bookableDates: dates,
      // The rules this deployment books by (BOOKING_* settings), so the app says and checks the same ones.
      policy,
    };
  });

  app.get(
    '/health-stations/:id/slots',
    { schema: { params: idParams, querystring: { type: 'object', properties: { date: { type: 'string', maxLength: 10 } } } } },
    async (req) => {
      const { id } = req.params as { id: string };
      const nowMs = ctx.now();
      const date = (req.query as { date?: string }).date ?? shanghaiDate(nowMs);
      if (!parseDate(date)) {
        throw new ApiError('VALIDATION_FAILED', { message: '日期格式应为 YYYY-MM-DD，例如 2026-12-01' });
      }
      const sessions = await sessionsOn(ctx.db, id, date);
      if (sessions.length === 0 && !(await healthStationExists(ctx.db, id))) {
        throw new ApiError('NOT_FOUND', { message: '没有找到这个健康驿站，请返回列表刷新后再选。' });
      }
      const waiting = await waitingCounts(ctx.db, sessions.flatMap((s) => s.slots.map((x) => x.id)));
      return {
        date,
        opensAt: toShanghaiIso(bookingOpensAt(date, policy)),
        sessions: sessions.map((s) => ({
          id: s.id,
          status: s.status,
          startsAt: toShanghaiIso(s.starts_at),
          endsAt: toShanghaiIso(s.ends_at),
          doctor: { id: s.doctorId, name: s.doctorName, title: s.doctorTitle, specialty: s.doctorSpecialty },
          slots: s.slots.map((x) => ({
            id: x.id,
            startsAt: toShanghaiIso(x.starts_at),
            endsAt: toShanghaiIso(x.ends_at),
            capacity: x.capacity,
            remaining: x.capacity - x.booked,
            waiting: waiting.get(x.id) ?? 0,
            state: s.status === 'scheduled' ? bookableState(date, x.starts_at, nowMs, policy) : 'closed',
            bookable: s.status === 'scheduled' && bookableState(date, x.starts_at, nowMs, policy) === 'open',
          })),
        })),
      };
    },
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

  app.get('/me/bookings', { onRequest: auth }, async (req) => {
    const workerId = requireWorker(req);
    const [bookings, waiting] = await Promise.all([bookingsOf(ctx.db, workerId), waitlistOf(ctx.db, workerId)]);
    return {
      bookings: [...waiting.map(publicWaitlist), ...bookings.map((b) => publicBooking(b, policy))].sort((a, b) =>
        b.startsAt.localeCompare(a.startsAt),
      ),
    };
  });

  const cancel = async (req: FastifyRequest) =>
    cancelBooking(ctx, requireWorker(req, 403), (req.params as { id: string }).id);
  app.delete('/bookings/:id', { onRequest: auth, schema: { params: idParams } }, cancel);
  app.post('/bookings/:id/cancel', { onRequest: auth, schema: { params: idParams } }, cancel);

  app.delete('/waitlist/:id', { onRequest: auth, schema: { params: idParams } }, async (req, reply) => {
    await leaveWaitlist(ctx, requireWorker(req, 403), (req.params as { id: string }).id);
    return reply.code(204).send();
  });

  healthStaffRoutes(app, ctx);
  startScheduler(app, ctx);
}
