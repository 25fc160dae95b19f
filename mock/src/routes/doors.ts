import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { requireSession } from '../http/auth';
import { unlock, type UnlockLocation } from '../services/unlock';
import { toShanghaiIso } from '../../../src/rules/time';

/** POST /doors/unlock. */
export function doorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/doors/unlock',
    {
      preHandler: requireSession(ctx),
      schema: {
        body: {
          type: 'object',
          required: ['code'],
          properties: {
            code: { type: 'string', maxLength: 512 },
            location: {
              type: 'object',
              required: ['lat', 'lng', 'coord'],
              properties: {
                lat: { type: 'number', minimum: -90, maximum: 90 },
                lng: { type: 'number', minimum: -180, maximum: 180 },
                coord: { type: 'string', enum: ['gcj02', 'wgs84'] },
                accuracyM: { type: 'number', minimum: 0, maximum: 100000 },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { code: string; location?: UnlockLocation };
      const r = await unlock(ctx, req.account!.workerId, body.code, body.location);
      reply.code(201);
      return {
        grant: { ...r.grant, expiresAt: toShanghaiIso(r.grant.expiresAt) },
        station: { id: r.station.id, name: r.station.name, address: r.station.address, phone: r.station.phone },
        door: { id: r.door.id, name: r.door.name },
        entry: { ...r.entry, at: toShanghaiIso(r.entry.at) },
      };
    },
  );
}
