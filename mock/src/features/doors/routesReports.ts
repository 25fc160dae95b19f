import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { requireSession, requireStaff } from '../../core/http/auth';
import type { DoorLimits } from './routesLimits';
import { entryCounts, raiseAlert, staffAlerts, type AlertRequest, type AlertsQuery, type ReportQuery } from './alerts';
import { LOCATION_SCHEMA } from './routesCommon';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const STATION_ID = { type: 'string', pattern: '^[a-z0-9]{2,16}$' } as const;

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
        response: responseSchemas('recordAlert'),
      },
    },
    async (req, reply) => {
      const { alert, station, doorDropped } = await raiseAlert(ctx, req.account!.workerId, req.body as AlertRequest);
      req.log.warn({ event: 'emergency_alert', alertId: alert.id, stationId: station.id, doorId: alert.doorId, doorDropped }, 'emergency alert');
      reply.code(201);
      return { alert, station };
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
        response: responseSchemas('listAlerts'),
      },
    },
    async (req, reply) => {
      const answer = await staffAlerts(ctx, req.query as AlertsQuery);
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.get(
    '/staff/entry-counts',
    {
      onRequest: staff,
      schema: { querystring: { type: 'object', properties: { from: DATE, to: DATE, stationId: STATION_ID } }, response: responseSchemas('entryCounts') },
    },
    async (req) => entryCounts(ctx, req.query as ReportQuery),
  );
}
