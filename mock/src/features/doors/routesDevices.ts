import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import type { Door } from './repo';
import { acknowledgeGrant, deviceDoor, deviceKeysOf, grantsFor, screenCode } from './devices';
import { responseSchemas } from '../../core/http/contract';
import { readPass } from './passes';
import type { GrantHub } from './grantHub';
import type { DoorLimits } from './routesLimits';
import { logAttempt, refusalReason } from './routesCommon';
import { toShanghaiIso } from '@/rules/time';

/**
 * Longest long-poll a controller may ask for, seconds: below common proxy and NAT idle timeouts (30-60 s), and
 * below the server's own (IDLE_TIMEOUT_S, at least MIN_IDLE_TIMEOUT_S); REQUEST_TIMEOUT_S does not apply, the
 * poll's request being complete when it parks.
 */
export const MAX_WAIT_S = 25;

/**
 * Long polls one door's device key may have parked at once in one server process: its controller, the same
 * controller again after dropped connections the server has not noticed yet, an installer's door:sim. More
 * means a device misbehaves or a key is misused: each parked poll holds a connection, so the next is refused.
 */
export const MAX_PARKED_POLLS = 4;

const DOOR_PARAMS = {
  type: 'object',
  required: ['doorId'],
  properties: { doorId: { type: 'string', pattern: '^[a-z0-9]{3,12}$' } },
} as const;

declare module 'fastify' {
  interface FastifyRequest {
    door: Door | null;
  }
}

/**
 * Endpoints of the devices at a door, each authenticated by that door's device key (`X-Device-Key`,
 * deviceKeys.ts): the screen's rotating code, the controller's grant long-poll and acknowledgement,
 * and the reader's pass reads.
 */
export function doorDeviceRoutes(app: FastifyInstance, ctx: AppContext, hub: GrantHub, limits: DoorLimits): void {
  if (MAX_WAIT_S >= ctx.config.http.idleTimeoutS) throw new Error(`IDLE_TIMEOUT_S must be longer than a grant poll (${MAX_WAIT_S} s)`);
  const keys = deviceKeysOf(ctx);
  const headerKey = (req: FastifyRequest): string => {
    const k = req.headers['x-device-key'];
    return typeof k === 'string' ? k : '';
  };
  app.decorateRequest('door', null);
  const requireDevice = async (req: FastifyRequest): Promise<void> => {
    req.door = await deviceDoor(ctx, keys, (req.params as { doorId: string }).doorId, headerKey(req));
  };

  app.get(
    '/doors/:doorId/screen-code',
    { onRequest: requireDevice, schema: { params: DOOR_PARAMS, response: responseSchemas('getScreenCode') } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return screenCode(ctx, req.door!);
    },
  );

  app.get(
    '/doors/:doorId/grants',
    {
      onRequest: requireDevice,
      schema: {
        params: DOOR_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            waitS: { type: 'integer', minimum: 0, maximum: MAX_WAIT_S, default: 0 },
            contact: { type: 'string', enum: ['open', 'closed'] },
          },
        },
        response: responseSchemas('pollGrants'),
      },
    },
    async (req, reply) => {
      const doorId = req.door!.id;
      const { waitS, contact } = req.query as { waitS: number; contact?: 'open' | 'closed' };
      const hangUp = new AbortController();
      const onClose = () => hangUp.abort();
      reply.raw.once('close', onClose);
      try {
        const answer = await grantsFor(
          ctx,
          hub,
          doorId,
          waitS,
          hangUp.signal,
          () => req.log.debug({ doorId, waitS }, 'grant poll parked'),
          { maxParked: MAX_PARKED_POLLS, retryAfterS: MAX_WAIT_S },
          contact ?? null,
        );
        reply.header('cache-control', 'no-store');
        return answer;
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );

  app.post(
    '/grants/:grantId/ack',
    {
      schema: {
        params: { type: 'object', required: ['grantId'], properties: { grantId: { type: 'string', maxLength: 40 } } },
        response: responseSchemas('ackGrant'),
      },
    },
    async (req) => {
      const grantId = (req.params as { grantId: string }).grantId;
      const { answer, doorId, latencyMs } = await acknowledgeGrant(ctx, keys, grantId, headerKey(req));
      req.log.info({ event: 'door_ack', doorId, grantId, latencyMs }, 'door acknowledged');
      return answer;
    },
  );

  app.post(
    '/doors/:doorId/pass-reads',
    {
      onRequest: requireDevice,
      preHandler: limits.passRead,
      schema: {
        params: DOOR_PARAMS,
        body: { type: 'object', required: ['pass'], additionalProperties: false, properties: { pass: { type: 'string', maxLength: 256 } } },
        response: responseSchemas('readPass'),
      },
    },
    async (req, reply) => {
      const door = req.door!;
      let r;
      try {
        r = await readPass(ctx, door, (req.body as { pass: string }).pass);
      } catch (err) {
        logAttempt(req, { outcome: 'refused', reason: refusalReason(err), locationSent: false, doorId: door.id });
        throw err;
      }
      hub.notify(door.id);
      await limits.granted(door.id);
      logAttempt(req, { outcome: 'granted', reason: null, locationSent: false, doorId: door.id });
      reply.code(201);
      return {
        grant: { ...r.grant, expiresAt: toShanghaiIso(r.grant.expiresAt), expiresInMs: r.grant.expiresAt - ctx.now() },
        entry: { id: r.entry.id, at: toShanghaiIso(r.entry.at) },
      };
    },
  );
}
