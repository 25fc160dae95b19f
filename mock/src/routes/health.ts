import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { requireSession, requireWorker } from '../http/auth';
import { healthStations, sessionsOn } from '../repos/health';
import { bookingsOf, bookSlot, storeAnswer, storedAnswer, type BookingView } from '../repos/bookings';
import { parseDate, shanghaiDate, toShanghaiIso } from '../../../src/rules/time';
import { bookableDates, bookableState } from '../../../src/rules/slots';

/** Health stations, their slots, and bookings. */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);

  app.get('/health-stations', async () => ({
    stations: await healthStations(ctx.db),
    bookableDates: bookableDates(ctx.now()),
  }));

  app.get(
    '/health-stations/:id/slots',
    { schema: { querystring: { type: 'object', properties: { date: { type: 'string', maxLength: 10 } } } } },
    async (req) => {
      const { id } = req.params as { id: string };
      const nowMs = ctx.now();
      const date = (req.query as { date?: string }).date ?? shanghaiDate(nowMs);
      if (!parseDate(date)) {
        throw new ApiError('VALIDATION_FAILED', { message: '日期格式应为 YYYY-MM-DD，例如 2026-12-01' });
      }
      const sessions = await sessionsOn(ctx.db, id, date);
      return {
        date,
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
            bookable: s.status === 'scheduled' && bookableState(date, x.starts_at, nowMs) === 'open',
          })),
        })),
      };
    },
  );

  app.post(
    '/bookings',
    {
      preHandler: auth,
      schema: {
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 64 } } },
        body: { type: 'object', required: ['slotId'], properties: { slotId: { type: 'string', maxLength: 80 } } },
      },
    },
    async (req, reply) => {
      const workerId = requireWorker(req, 403);
      const key = req.headers['idempotency-key'] as string | undefined;
      const accountId = req.account!.id;
      if (key) {
        const stored = await storedAnswer(ctx.db, accountId, key);
        if (stored) return reply.code(stored.status).send(stored.body);
      }
      const id = await bookSlot(ctx.db, workerId, (req.body as { slotId: string }).slotId, ctx.now());
      const body = publicBooking((await bookingsOf(ctx.db, workerId, id))[0]);
      if (key) await storeAnswer(ctx.db, accountId, key, 201, body, ctx.now());
      return reply.code(201).send(body);
    },
  );

  app.get('/me/bookings', { preHandler: auth }, async (req) => {
    const workerId = requireWorker(req);
    return { bookings: (await bookingsOf(ctx.db, workerId)).map(publicBooking) };
  });
}

/** A booking as the API shows it. */
export function publicBooking(b: BookingView) {
  return { ...b, startsAt: toShanghaiIso(b.startsAt), endsAt: toShanghaiIso(b.endsAt) };
}
