import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, authoriseRole, requireStaff } from '../../core/http/staffAuth';
import { reachOf, type StaffRole } from '../../core/staff';
import { stationTarget } from '../staff';
import type { StationChanges } from './changes';
import { listGradeHistory, listRegistry, registryStation, updateStation, type EditBody } from './registry';

const STATION_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z0-9]{2,16}$' } },
} as const;
const INTERVAL = { type: 'string', maxLength: 20 } as const;

/** Who reads the registry (keepers their own station) and who changes it. */
const READERS: readonly StaffRole[] = ['city', 'district', 'keeper'];
const EDITORS: readonly StaffRole[] = ['city', 'district'];

/**
 * The station registry's routes (issue 15): the stations in the caller's scope (searched, paged), one station with
 * its doors, an edit (PATCH) and the grade history. Every read and edit is audited; an edit reaches the workers'
 * nearby list at once, on every server (changes.ts).
 */
export function registryRoutes(app: FastifyInstance, ctx: AppContext, changes: StationChanges): void {
  const staff = requireStaff(ctx);

  /** The caller's membership that may do `action` on station `id` (403 out of scope; 404 for city admins). */
  const onStation = async (req: FastifyRequest, action: string, roles: readonly StaffRole[]) => {
    const id = (req.params as { id: string }).id;
    return authorise(ctx, req, action, await stationTarget(ctx.db, id), {
      roles,
      record: { type: 'station', id, stationId: id },
      notFound: () => new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' }),
    });
  };

  app.get(
    '/staff/registry/stations',
    {
      onRequest: staff,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 40 },
            districtCode: { type: 'string', pattern: '^\\d{6}$' },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
        },
        response: responseSchemas('listRegistryStations'),
      },
    },
    async (req) => {
      const member = await authoriseRole(ctx, req, 'registry.list', READERS);
      const q = req.query as { q?: string; districtCode?: string; offset: number; limit: number };
      const answer = await listRegistry(ctx, reachOf(req.staff, READERS), { ...q, q: q.q?.trim() || undefined });
      await auditStaff(ctx, req, member, { action: 'registry.list', detail: { total: answer.total, q: q.q ?? null } });
      return answer;
    },
  );

  app.get(
    '/staff/stations/:id',
    { onRequest: staff, schema: { params: STATION_PARAMS, response: responseSchemas('getRegistryStation') } },
    async (req) => {
      const member = await onStation(req, 'registry.read', READERS);
      const id = (req.params as { id: string }).id;
      const answer = await registryStation(ctx, id);
      await auditStaff(ctx, req, member, { action: 'registry.read', target: { type: 'station', id, stationId: id } });
      return answer;
    },
  );

  app.patch(
    '/staff/stations/:id',
    {
      onRequest: staff,
      schema: {
        params: STATION_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', maxLength: 60 },
            address: { type: 'string', maxLength: 200 },
            position: {
              type: 'object',
              required: ['lat', 'lng'],
              additionalProperties: false,
              properties: { lat: { type: 'number', minimum: -90, maximum: 90 }, lng: { type: 'number', minimum: -180, maximum: 180 } },
            },
            hours: {
              type: 'object',
              required: ['weekly'],
              additionalProperties: false,
              properties: {
                weekly: { type: 'array', minItems: 7, maxItems: 7, items: { type: 'array', maxItems: 6, items: INTERVAL } },
              },
            },
            amenities: { type: 'array', maxItems: 30, uniqueItems: true, items: { type: 'string', maxLength: 40 } },
            grade: { type: 'integer', minimum: 1, maximum: 4 },
            gradeReason: { type: 'string', maxLength: 400 },
          },
        },
        response: responseSchemas('updateRegistryStation'),
      },
    },
    async (req) => {
      const member = await onStation(req, 'station.update', EDITORS);
      const id = (req.params as { id: string }).id;
      const answer = await updateStation(ctx, id, req.body as EditBody, member, (trx, change) =>
        auditStaff(
          ctx,
          req,
          member,
          {
            action: 'station.update',
            target: { type: 'station', id, stationId: id },
            detail: { fields: change.fields.join(','), before: change.before, after: change.after },
          },
          trx,
        ),
      );
      // Before answering: the editor's next nearby search (on this server) already shows the change.
      if (answer.changed.length > 0) await changes.changed(id);
      return { station: answer.station };
    },
  );

  app.get(
    '/staff/stations/:id/grade-history',
    { onRequest: staff, schema: { params: STATION_PARAMS, response: responseSchemas('listGradeHistory') } },
    async (req) => {
      const member = await onStation(req, 'grade.history', READERS);
      const id = (req.params as { id: string }).id;
      const answer = await listGradeHistory(ctx, id);
      await auditStaff(ctx, req, member, { action: 'grade.history', target: { type: 'station', id, stationId: id } });
      return answer;
    },
  );
}
