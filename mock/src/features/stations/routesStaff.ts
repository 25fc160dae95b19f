import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, requireStaff } from '../../core/http/staffAuth';
import type { StaffRole } from '../../core/staff';
import { stationTarget } from '../staff';
import { closeStation, reopenStation } from './closures';
import type { StationChanges } from './changes';

/** Who may close and reopen a station: its keepers, its district's staff, the city admins. */
const CLOSURE_ROLES: readonly StaffRole[] = ['keeper', 'district', 'city'];

const STATION_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 40 }, closureId: { type: 'string', minLength: 1, maxLength: 40 } },
} as const;

/** POST /staff/stations/{id}/closures and DELETE /staff/stations/{id}/closures/{closureId}: audited, refusals too. */
export function stationStaffRoutes(app: FastifyInstance, ctx: AppContext, changes: StationChanges): void {
  const staff = requireStaff(ctx);
  const authoriseStation = async (req: Parameters<typeof auditStaff>[1], action: string, id: string) =>
    authorise(ctx, req, action, await stationTarget(ctx.db, id), {
      roles: CLOSURE_ROLES,
      record: { type: 'station', id, stationId: id },
      notFound: () => new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' }),
    });

  app.post(
    '/staff/stations/:id/closures',
    {
      onRequest: staff,
      schema: {
        params: STATION_PARAMS,
        body: {
          type: 'object',
          required: ['reason', 'until'],
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 200 }, until: { type: 'string', maxLength: 40 } },
        },
        response: responseSchemas('closeStation'),
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const member = await authoriseStation(req, 'station.close', id);
      const answer = await closeStation(ctx, changes, id, member, req.body as { reason: string; until: string });
      await auditStaff(ctx, req, member, {
        action: 'station.close',
        target: { type: 'station', id, stationId: id },
        detail: { closureId: answer.closure.id, reason: answer.closure.reason, from: answer.closure.from, to: answer.closure.to },
      });
      reply.code(201).header('cache-control', 'no-store');
      return answer;
    },
  );

  app.delete(
    '/staff/stations/:id/closures/:closureId',
    { onRequest: staff, schema: { params: STATION_PARAMS, response: responseSchemas('reopenStation') } },
    async (req, reply) => {
      const { id, closureId } = req.params as { id: string; closureId: string };
      const member = await authoriseStation(req, 'station.reopen', id);
      const { open, closure } = await reopenStation(ctx, changes, id, closureId);
      await auditStaff(ctx, req, member, {
        action: 'station.reopen',
        target: { type: 'station', id, stationId: id },
        detail: { closureId, reason: closure.reason, setBy: closure.by },
      });
      reply.header('cache-control', 'no-store');
      return { open };
    },
  );
}
