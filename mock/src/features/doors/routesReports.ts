import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { requireSession, requireStaff } from '../../core/http/auth';
import { stationById } from '../stations';
import { alertsBetween, dailyEntryCounts, doorById, entryOfWorker, insertAlert } from './repo';
import type { DoorLimits } from './limits';
import { checkedFix, type SentLocation } from './location';
import { LOCATION_SCHEMA } from './routesCommon';
import { parseDate, shanghaiDate, shanghaiEpoch, toShanghaiIso } from '@/rules/time';

/** Longest date range the staff reports cover in one request, days (a quarter). */
export const MAX_REPORT_DAYS = 92;

const DAY_MS = 86_400_000;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const STATION_ID = { type: 'string', pattern: '^[a-z0-9]{2,16}$' } as const;

/**
 * The instants [fromMs, toMs) of Shanghai dates from..to inclusive; both default to today.
 * Throws 400 VALIDATION_FAILED for an impossible date, a reversed range or one longer than MAX_REPORT_DAYS.
 */
function shanghaiRange(nowMs: number, fromQ?: string, toQ?: string): { from: string; to: string; fromMs: number; toMs: number } {
  const from = fromQ ?? shanghaiDate(nowMs);
  const to = toQ ?? from;
  const f = parseDate(from);
  const t = parseDate(to);
  if (!f || !t) throw new ApiError('VALIDATION_FAILED', { message: '日期不对，请用 YYYY-MM-DD 格式的真实日期。' });
  const fromMs = shanghaiEpoch(f);
  // The day after `to` starts at its own midnight: Shanghai has no DST, every day is 24 h.
  const toMs = shanghaiEpoch(t) + DAY_MS;
  if (toMs <= fromMs || toMs - fromMs > MAX_REPORT_DAYS * DAY_MS) {
    throw new ApiError('VALIDATION_FAILED', { message: `日期范围要从早到晚，最多${MAX_REPORT_DAYS}天。`, details: { maxDays: MAX_REPORT_DAYS } });
  }
  return { from, to, fromMs, toMs };
}

/** POST /alerts (worker's emergency call), GET /staff/alerts and GET /staff/entry-counts (union, X-Staff-Key). */
export function doorReportRoutes(app: FastifyInstance, ctx: AppContext, limits: DoorLimits): void {
  const staff = requireStaff(ctx);

  app.post(
    '/alerts',
    {
      onRequest: requireSession(ctx), preHandler: limits.alert,
      schema: {
        body: {
          type: 'object',
          required: ['stationId'],
          additionalProperties: false,
          properties: {
            stationId: STATION_ID,
            doorId: { type: 'string', pattern: '^[a-z0-9]{3,12}$' },
            entryId: { type: 'string', maxLength: 40 },
            location: LOCATION_SCHEMA,
          },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { stationId: string; doorId?: string; entryId?: string; location?: SentLocation };
      // A location that is not a place (non-finite, out of range) is bad input: 400, nothing stored. The phone
      // call itself never waits on this request.
      const fix = body.location ? checkedFix(body.location) : null;
      const station = await stationById(ctx.db, body.stationId);
      if (!station) throw new ApiError('NOT_FOUND', { message: '没有找到这个驿站，请直接拨打驿站值班电话求助。' });
      const workerId = req.account!.workerId;
      // A door of another station and another worker's entry are dropped rather than refused: an emergency
      // must never fail on a detail, and the station is what the union acts on.
      const named = body.doorId ? await doorById(ctx.db, body.doorId) : null;
      const door = named?.stationId === station.id ? named : null;
      const entry = workerId && body.entryId ? await entryOfWorker(ctx.db, workerId, body.entryId) : null;
      const nowMs = ctx.now();
      const id = await insertAlert(ctx.db, { stationId: station.id, doorId: door?.id ?? null, workerId, entryId: entry?.id ?? null, location: fix, nowMs });
      req.log.warn(
        { event: 'emergency_alert', alertId: id, stationId: station.id, doorId: door?.id ?? null, doorDropped: Boolean(body.doorId && !door) },
        'emergency alert',
      );
      reply.code(201);
      return {
        alert: { id, at: toShanghaiIso(nowMs), stationId: station.id, doorId: door?.id ?? null },
        station: { id: station.id, name: station.name, phone: station.phone },
      };
    },
  );

  app.get(
    '/staff/alerts',
    {
      onRequest: staff,
      schema: {
        querystring: {
          type: 'object',
          properties: { from: DATE, to: DATE, stationId: STATION_ID, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { from?: string; to?: string; stationId?: string; limit: number };
      const range = shanghaiRange(ctx.now(), q.from, q.to);
      const rows = await alertsBetween(ctx.db, range.fromMs, range.toMs, q.stationId, q.limit);
      reply.header('cache-control', 'no-store');
      return {
        from: range.from,
        to: range.to,
        alerts: rows.map((a) => ({
          id: a.id,
          at: toShanghaiIso(a.at),
          station: { id: a.stationId, name: a.stationName, phone: a.stationPhone },
          door: a.doorId ? { id: a.doorId, name: a.doorName } : null,
          workerId: a.workerId,
          entryId: a.entryId,
          location: a.lat !== null && a.lng !== null ? { lat: a.lat, lng: a.lng, coord: 'gcj02', accuracyM: a.accuracyM } : null,
        })),
      };
    },
  );

  app.get(
    '/staff/entry-counts',
    {
      onRequest: staff,
      schema: { querystring: { type: 'object', properties: { from: DATE, to: DATE, stationId: STATION_ID } } },
    },
    async (req) => {
      const q = req.query as { from?: string; to?: string; stationId?: string };
      const nowMs = ctx.now();
      const range = shanghaiRange(nowMs, q.from, q.to);
      const counts = await dailyEntryCounts(ctx.db, range.fromMs, range.toMs, q.stationId, nowMs);
      return { from: range.from, to: range.to, counts };
    },
  );
}
