import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { requireSession } from '../../core/http/auth';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, authoriseRole, requireStaff } from '../../core/http/staffAuth';
import { reachOf, type StaffRole } from '../../core/staff';
import { stationTarget } from '../staff';
import type { DoorLimits } from './routesLimits';
import { entryCounts, raiseAlert, staffAlerts, type AlertRequest, type AlertsQuery, type ReportQuery } from './alerts';
import { acknowledgeAlarm, alarmRaised, alertForStaff, myAlerts, resolveAlarm, withdrawAlert } from './alarms';
import { LOCATION_SCHEMA } from './routesCommon';
import { stationsHealth } from './doorHealth';
import { plainText } from '@/rules/text';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const STATION_ID = { type: 'string', pattern: '^[a-z0-9]{2,16}$' } as const;
const ALERT_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 40 } } } as const;

/** Who may see and act on a station's alarms: its keepers, its district's staff, the city admins. */
const ALARM_ROLES: readonly StaffRole[] = ['keeper', 'district', 'city'];

/**
 * POST /alerts (a worker's emergency call, told at once to the station's keepers: alarms.ts), POST
 * /alerts/{id}/withdraw (取消求助, the worker who raised it, for a short while) and GET /me/alerts (the worker sees who
 * acknowledged); for staff, in their scope: GET /staff/alerts, acknowledge and resolve, GET
 * /staff/entry-counts.
 */
export function doorReportRoutes(app: FastifyInstance, ctx: AppContext, limits: DoorLimits): void {
  const staff = requireStaff(ctx);
  const session = requireSession(ctx);

  app.post(
    '/alerts',
    {
      onRequest: session,
      preHandler: limits.alert,
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
        response: responseSchemas('recordAlert'),
      },
    },
    async (req, reply) => {
      const { alert, station, doorDropped } = await raiseAlert(ctx, req.account!.id, req.account!.workerId, req.body as AlertRequest);
      req.log.warn(
        { event: 'emergency_alert', alertId: alert.id, stationId: station.id, doorId: alert.doorId, doorDropped },
        'emergency alert',
      );
      // Recorded first: a notifier failure never loses the alert (the scheduler escalates it anyway).
      const level = await alarmRaised(ctx, alert.id, ctx.notifier).catch((err: unknown) => {
        req.log.error({ err, alertId: alert.id }, 'alarm notice failed');
        return 0;
      });
      req.log.info({ event: 'alarm_told', alertId: alert.id, level }, 'alarm told');
      reply.code(201);
      return { alert, station };
    },
  );

  app.post(
    '/alerts/:id/withdraw',
    { onRequest: session, schema: { params: ALERT_PARAMS, response: responseSchemas('withdrawAlert') } },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const { alert, told } = await withdrawAlert(ctx, req.account!.id, id, ctx.notifier);
      req.log.warn({ event: 'emergency_alert_withdrawn', alertId: id, told }, 'emergency alert withdrawn');
      reply.header('cache-control', 'no-store');
      return { alert };
    },
  );

  app.get(
    '/me/alerts',
    {
      onRequest: session,
      schema: {
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 } } },
        response: responseSchemas('listMyAlerts'),
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return myAlerts(ctx, req.account!.id, (req.query as { limit: number }).limit);
    },
  );

  app.get(
    '/staff/alerts',
    {
      onRequest: staff,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            from: DATE,
            to: DATE,
            stationId: STATION_ID,
            state: { type: 'string', enum: ['open', 'acknowledged', 'resolved', 'withdrawn'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: responseSchemas('listAlerts'),
      },
    },
    async (req, reply) => {
      const q = req.query as AlertsQuery;
      const member = q.stationId
        ? await authorise(ctx, req, 'alerts.read', await stationTarget(ctx.db, q.stationId), {
            roles: ALARM_ROLES,
            record: { type: 'station', id: q.stationId },
            notFound: () => new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' }),
          })
        : await authoriseRole(ctx, req, 'alerts.read', ALARM_ROLES);
      const answer = await staffAlerts(ctx, q, reachOf(req.staff, ALARM_ROLES));
      // The answer carries workers' ids and the phones' locations: a read of personal data, audited.
      await auditStaff(ctx, req, member, {
        action: 'alerts.read',
        target: q.stationId ? { type: 'station', id: q.stationId, stationId: q.stationId } : null,
        detail: { alerts: answer.alerts.length, from: answer.from, to: answer.to },
      });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  for (const action of ['acknowledge', 'resolve'] as const) {
    app.post(
      `/staff/alerts/:id/${action}`,
      {
        onRequest: staff,
        schema: {
          params: ALERT_PARAMS,
          ...(action === 'resolve'
            ? {
                body: {
                  type: 'object',
                  required: ['note'],
                  additionalProperties: false,
                  properties: { note: { type: 'string', minLength: 1, maxLength: 500 } },
                },
              }
            : {}),
          response: responseSchemas(action === 'acknowledge' ? 'acknowledgeAlert' : 'resolveAlert'),
        },
      },
      async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const found = await alertForStaff(ctx, id);
        const record = { type: 'alert', id, stationId: found?.row.stationId ?? null };
        const member = await authorise(ctx, req, `alarm.${action}`, found?.target ?? null, {
          roles: ALARM_ROLES,
          record,
          notFound: () => new ApiError('NOT_FOUND', { message: '没有这条求助记录。' }),
        });
        let answer;
        if (action === 'acknowledge') {
          answer = await acknowledgeAlarm(ctx, id, member);
        } else {
          const note = plainText((req.body as { note: string }).note, { multiline: true });
          if (!note) throw new ApiError('VALIDATION_FAILED', { message: '请写明处理结果。', details: { fields: ['note'] } });
          answer = await resolveAlarm(ctx, id, member, note);
        }
        await auditStaff(ctx, req, member, { action: `alarm.${action}`, target: record, detail: { state: answer.alert.state } });
        reply.header('cache-control', 'no-store');
        return answer;
      },
    );
  }

  app.get(
    '/staff/stations',
    {
      onRequest: staff,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            districtCode: { type: 'string', pattern: '^\\d{6}$' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 },
          },
        },
        response: responseSchemas('listStaffStations'),
      },
    },
    async (req, reply) => {
      const member = await authoriseRole(ctx, req, 'stations.health', ALARM_ROLES);
      const q = req.query as { districtCode?: string; limit: number };
      const answer = await stationsHealth(ctx, reachOf(req.staff, ALARM_ROLES), q);
      await auditStaff(ctx, req, member, { action: 'stations.health', detail: { stations: answer.stations.length } });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.get(
    '/staff/entry-counts',
    {
      onRequest: staff,
      schema: {
        querystring: { type: 'object', properties: { from: DATE, to: DATE, stationId: STATION_ID } },
        response: responseSchemas('entryCounts'),
      },
    },
    async (req) => {
      const q = req.query as ReportQuery;
      let member;
      if (q.stationId) {
        member = await authorise(ctx, req, 'entries.count', await stationTarget(ctx.db, q.stationId), {
          roles: ALARM_ROLES,
          record: { type: 'station', id: q.stationId },
          notFound: () => new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' }),
        });
      } else {
        member = await authoriseRole(ctx, req, 'entries.count', ALARM_ROLES);
      }
      const answer = await entryCounts(ctx, q, reachOf(req.staff, ALARM_ROLES));
      await auditStaff(ctx, req, member, {
        action: 'entries.count',
        target: q.stationId ? { type: 'station', id: q.stationId, stationId: q.stationId } : null,
        detail: { from: answer.from, to: answer.to },
      });
      return answer;
    },
  );
}
