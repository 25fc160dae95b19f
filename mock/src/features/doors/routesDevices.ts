import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { ackGrant, doorById, grantById, pendingGrants, type Door } from './repo';
import { deviceKeys } from './deviceKeys';
import { loadMasterKey } from '../../core/keys';
import { readPass } from './passes';
import { ackAccepted, GRANT_TTL_MS } from './grants';
import { rotatingDoorCode, rotationStep, ROTATION_STEP_S } from './doorCodes';
import type { GrantHub } from './grantHub';
import type { DoorLimits } from './limits';
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
 * services/deviceKeys.ts): the screen's rotating code, the controller's grant long-poll and acknowledgement,
 * and the reader's pass reads.
 */
export function doorDeviceRoutes(app: FastifyInstance, ctx: AppContext, hub: GrantHub, limits: DoorLimits): void {
  if (MAX_WAIT_S >= ctx.config.http.idleTimeoutS) throw new Error(`IDLE_TIMEOUT_S must be longer than a grant poll (${MAX_WAIT_S} s)`);
  // The master key is already on disk or in the environment (buildServer loaded it); derive, don't store.
  const keys = deviceKeys(loadMasterKey(ctx.config.dataDir, ctx.config.masterKey));
  const headerKey = (req: FastifyRequest): string => {
    const k = req.headers['x-device-key'];
    return typeof k === 'string' ? k : '';
  };
  app.decorateRequest('door', null);
  const requireDevice = async (req: FastifyRequest): Promise<void> => {
    const { doorId } = req.params as { doorId: string };
    const door = await doorById(ctx.db, doorId);
    // An unknown door and a wrong key answer alike, so the endpoint reveals nothing about door ids.
    if (!door || !keys.verify(door.id, headerKey(req))) throw new ApiError('DEVICE_KEY_INVALID');
    req.door = door;
  };

  app.get('/doors/:doorId/screen-code', { onRequest: requireDevice, schema: { params: DOOR_PARAMS } }, async (req, reply) => {
    const nowMs = ctx.now();
    const step = rotationStep(nowMs);
    const stepMs = ROTATION_STEP_S * 1000;
    reply.header('cache-control', 'no-store');
    return {
      code: rotatingDoorCode(ctx.keys, ctx.config.doorHost, req.door!.id, step),
      step,
      // Shown during its own step, accepted also during the next one (a scan that started just before the change).
      showUntil: toShanghaiIso((step + 1) * stepMs),
      acceptedUntil: toShanghaiIso((step + 2) * stepMs),
      refreshInMs: (step + 1) * stepMs - nowMs,
    };
  });

  app.get(
    '/doors/:doorId/grants',
    {
      onRequest: requireDevice,
      schema: {
        params: DOOR_PARAMS,
        querystring: { type: 'object', properties: { waitS: { type: 'integer', minimum: 0, maximum: MAX_WAIT_S, default: 0 } } },
      },
    },
    async (req, reply) => {
      const doorId = req.door!.id;
      const { waitS } = req.query as { waitS: number };
      let grants = await pendingGrants(ctx.db, doorId, ctx.now());
      if (grants.length === 0 && waitS > 0) {
        if (hub.waitingAt(doorId) >= MAX_PARKED_POLLS) {
          throw new ApiError('GRANT_POLLS_LIMIT', { details: { maxParked: MAX_PARKED_POLLS }, headers: { 'retry-after': String(MAX_WAIT_S) } });
        }
        const hangUp = new AbortController();
        const onClose = () => hangUp.abort();
        reply.raw.once('close', onClose);
        req.log.debug({ doorId, waitS }, 'grant poll parked');
        await hub.wait(doorId, waitS * 1000, hangUp.signal);
        reply.raw.off('close', onClose);
        grants = await pendingGrants(ctx.db, doorId, ctx.now());
      }
      const nowMs = ctx.now();
      reply.header('cache-control', 'no-store');
      return {
        // expiresInMs lets a controller with a wrong clock still judge the grant: open only while it is positive.
        grants: grants.map((g) => ({ id: g.id, entryId: g.entryId, expiresAt: toShanghaiIso(g.expiresAt), expiresInMs: g.expiresAt - nowMs })),
        serverTime: toShanghaiIso(nowMs),
      };
    },
  );

  app.post(
    '/grants/:grantId/ack',
    { schema: { params: { type: 'object', required: ['grantId'], properties: { grantId: { type: 'string', maxLength: 40 } } } } },
    async (req) => {
      const grant = await grantById(ctx.db, (req.params as { grantId: string }).grantId);
      // The key is checked before anything is said about the grant: an unknown grant has no door whose key could
      // match, so it answers exactly like a wrong key and the endpoint reveals nothing about which grant ids exist.
      if (!grant || !keys.verify(grant.doorId, headerKey(req))) throw new ApiError('DEVICE_KEY_INVALID');
      const nowMs = ctx.now();
      if (grant.ackedAt === null && !ackAccepted(grant.expiresAt, nowMs)) throw new ApiError('GRANT_EXPIRED');
      const ackedAt = await ackGrant(ctx.db, grant.id, grant.entryId, nowMs);
      req.log.info({ event: 'door_ack', doorId: grant.doorId, grantId: grant.id, latencyMs: ackedAt - (grant.expiresAt - GRANT_TTL_MS) }, 'door acknowledged');
      return { grant: { id: grant.id, entryId: grant.entryId, ackedAt: toShanghaiIso(ackedAt) } };
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
      logAttempt(req, { outcome: 'granted', reason: null, locationSent: false, doorId: door.id });
      reply.code(201);
      return {
        grant: { ...r.grant, expiresAt: toShanghaiIso(r.grant.expiresAt), expiresInMs: r.grant.expiresAt - ctx.now() },
        entry: { id: r.entry.id, at: toShanghaiIso(r.entry.at) },
      };
    },
  );
}
