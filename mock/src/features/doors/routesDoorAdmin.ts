import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, requireStaff } from '../../core/http/staffAuth';
import type { StaffRole } from '../../core/staff';
import { stationTarget } from '../staff';
import { deviceKeysOf } from './devices';
import { addDoor, DOOR_HARDWARE, doorOrFail, doorPoster, rotateCodeKey, rotateDeviceKey, type DoorHardware } from './doorAdmin';
import { adminDoor } from './repoDoorAdmin';

const STATION_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-z0-9]{2,16}$' } } } as const;
const DOOR_PARAMS = {
  type: 'object',
  required: ['doorId'],
  properties: { doorId: { type: 'string', pattern: '^[a-z0-9]{3,12}$' } },
} as const;

/** Who adds doors and replaces their keys; keepers may also download their doors' posters (to reprint a torn one). */
const EDITORS: readonly StaffRole[] = ['city', 'district'];
const POSTER_ROLES: readonly StaffRole[] = ['city', 'district', 'keeper'];

/**
 * The registry's door routes (issue 15): POST /staff/stations/{id}/doors, POST /staff/doors/{doorId}/device-key,
 * POST /staff/doors/{doorId}/code-key, GET /staff/doors/{doorId}/poster.png and .pdf. Scoped to the door's station;
 * every call audited with what changed (never a key: only its generation).
 */
export function doorAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = requireStaff(ctx);
  const keys = deviceKeysOf(ctx);

  /** The door and the caller's membership that may do `action` on it (403 out of scope; 404 for city admins). */
  const onDoor = async (req: FastifyRequest, action: string, roles: readonly StaffRole[]) => {
    const doorId = (req.params as { doorId: string }).doorId;
    const door = await adminDoor(ctx.db, doorId);
    const target = door ? await stationTarget(ctx.db, door.stationId) : null;
    const member = await authorise(ctx, req, action, target, {
      roles,
      record: { type: 'door', id: doorId, stationId: door?.stationId ?? null },
      notFound: () => new ApiError('NOT_FOUND', { message: '没有这扇门，请核对编号。' }),
    });
    return { member, door: door ?? (await doorOrFail(ctx, doorId)) };
  };

  app.post(
    '/staff/stations/:id/doors',
    {
      onRequest: staff,
      schema: {
        params: STATION_PARAMS,
        body: {
          type: 'object',
          required: ['name', 'hardware'],
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 40 }, hardware: { type: 'string', enum: [...DOOR_HARDWARE] } },
        },
        response: responseSchemas('addStationDoor'),
      },
    },
    async (req, reply) => {
      const stationId = (req.params as { id: string }).id;
      const member = await authorise(ctx, req, 'door.add', await stationTarget(ctx.db, stationId), {
        roles: EDITORS,
        record: { type: 'station', id: stationId, stationId },
        notFound: () => new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' }),
      });
      const body = req.body as { name: string; hardware: DoorHardware };
      const answer = await addDoor(ctx, keys, stationId, body.name, body.hardware);
      await auditStaff(ctx, req, member, {
        action: 'door.add',
        target: { type: 'door', id: answer.door.id, stationId },
        detail: { before: null, after: JSON.stringify({ name: answer.door.name, hardware: answer.door.hardware }) },
      });
      reply.code(201).header('cache-control', 'no-store');
      return answer;
    },
  );

  app.post(
    '/staff/doors/:doorId/device-key',
    { onRequest: staff, schema: { params: DOOR_PARAMS, response: responseSchemas('rotateDoorDeviceKey') } },
    async (req, reply) => {
      const { member, door } = await onDoor(req, 'door.deviceKey.rotate', EDITORS);
      const answer = await rotateDeviceKey(ctx, keys, door);
      await auditStaff(ctx, req, member, {
        action: 'door.deviceKey.rotate',
        target: { type: 'door', id: door.id, stationId: door.stationId },
        detail: { before: door.deviceKeyGen, after: answer.door.deviceKeyGeneration },
      });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.post(
    '/staff/doors/:doorId/code-key',
    { onRequest: staff, schema: { params: DOOR_PARAMS, response: responseSchemas('rotateDoorCodeKey') } },
    async (req) => {
      const { member, door } = await onDoor(req, 'door.codeKey.rotate', EDITORS);
      const answer = await rotateCodeKey(ctx, door);
      await auditStaff(ctx, req, member, {
        action: 'door.codeKey.rotate',
        target: { type: 'door', id: door.id, stationId: door.stationId },
        detail: { before: door.codeKeyGen, after: answer.door.codeKeyGeneration },
      });
      return answer;
    },
  );

  for (const format of ['png', 'pdf'] as const) {
    app.get(
      `/staff/doors/:doorId/poster.${format}`,
      {
        onRequest: staff,
        schema: { params: DOOR_PARAMS, response: responseSchemas(format === 'png' ? 'getDoorPosterPng' : 'getDoorPosterPdf') },
      },
      async (req, reply) => {
        const { member, door } = await onDoor(req, `door.poster.${format}`, POSTER_ROLES);
        const bytes = doorPoster(ctx, door, format);
        await auditStaff(ctx, req, member, {
          action: `door.poster.${format}`,
          target: { type: 'door', id: door.id, stationId: door.stationId },
          detail: { codeKeyGeneration: door.codeKeyGen },
        });
        reply
          .type(format === 'png' ? 'image/png' : 'application/pdf')
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${door.stationId}-${door.id}.${format}"`);
        return bytes;
      },
    );
  }
}
