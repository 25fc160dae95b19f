import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { requireSession, requireWorker } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { unlock, type UnlockLocation } from './unlock';
import { issuePass } from './passes';
import { grantHubOf, type GrantRelay } from './grantHub';
import { doorLimits } from './routesLimits';
import { myEntries, myEntry } from './entries';
import { doorDeviceRoutes } from './routesDevices';
import { doorReportRoutes } from './routesReports';
import { doorKeeperRoutes } from './routesKeeper';
import { LOCATION_SCHEMA, logAttempt, refusalReason } from './routesCommon';
import { toShanghaiIso } from '@/rules/time';

/**
 * Door entry, worker side: POST /doors/unlock, POST /me/pass, GET /me/entries, GET /entries/{id}; registers
 * the device routes (routesDevices.ts) and the alert and staff routes (routesReports.ts) in the same scope, which
 * holds the rate limits and the hub that wakes long-polling door controllers.
 */
export function doorRoutes(app: FastifyInstance, ctx: AppContext, relay?: GrantRelay): void {
  const hub = grantHubOf(ctx, relay);
  app.addHook('preClose', async () => hub.close());
  app.register(async (scope) => {
    const limits = await doorLimits(scope, ctx);
    const auth = requireSession(ctx);

    scope.post(
      '/doors/unlock',
      {
        onRequest: auth,
        preHandler: limits.unlock,
        schema: {
          body: {
            type: 'object',
            required: ['code'],
            additionalProperties: false,
            properties: { code: { type: 'string', maxLength: 512 }, location: LOCATION_SCHEMA },
          },
          response: responseSchemas('unlockDoor'),
        },
      },
      async (req, reply) => {
        const body = req.body as { code: string; location?: UnlockLocation };
        const locationSent = body.location !== undefined;
        let r;
        try {
          r = await unlock(ctx, req.account!, body.code, body.location);
        } catch (err) {
          logAttempt(req, { outcome: 'refused', reason: refusalReason(err), locationSent });
          throw err;
        }
        hub.notify(r.door.id);
        await limits.granted(r.door.id);
        logAttempt(req, { outcome: 'granted', reason: null, locationSent, doorId: r.door.id });
        reply.code(201);
        return {
          grant: { ...r.grant, expiresAt: toShanghaiIso(r.grant.expiresAt) },
          station: { id: r.station.id, name: r.station.name, address: r.station.address, phone: r.station.phone },
          door: { id: r.door.id, name: r.door.name },
          entry: { ...r.entry, at: toShanghaiIso(r.entry.at), doorState: 'waiting' as const },
        };
      },
    );

    scope.post(
      '/me/pass',
      { onRequest: auth, preHandler: limits.pass, schema: { response: responseSchemas('issuePass') } },
      async (req, reply) => {
        const p = await issuePass(ctx, requireWorker(req, 403));
        reply.code(201).header('cache-control', 'no-store');
        return {
          pass: p.pass,
          expiresAt: toShanghaiIso(p.expiresAt),
          refreshAt: toShanghaiIso(p.refreshAt),
          refreshInMs: p.refreshAt - ctx.now(),
        };
      },
    );

    scope.get(
      '/me/entries',
      {
        onRequest: auth,
        schema: {
          querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
          response: responseSchemas('listMyEntries'),
        },
      },
      async (req) => myEntries(ctx, requireWorker(req), (req.query as { limit: number }).limit),
    );

    scope.get(
      '/entries/:entryId',
      {
        onRequest: auth,
        schema: {
          params: { type: 'object', properties: { entryId: { type: 'string', maxLength: 40 } } },
          response: responseSchemas('getEntry'),
        },
      },
      async (req, reply) => {
        const answer = await myEntry(ctx, requireWorker(req), (req.params as { entryId: string }).entryId);
        reply.header('cache-control', 'no-store');
        return answer;
      },
    );

    doorDeviceRoutes(scope, ctx, hub, limits);
    doorReportRoutes(scope, ctx, limits);
    doorKeeperRoutes(scope, ctx, hub);
  });
}
