import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, personalLimit, requireStaff } from '../../core/http/staffAuth';
import type { StaffRole } from '../../core/staff';
import { stationTarget } from '../staff';
import { doorById } from './repo';
import { stationNameOf } from './repoStaff';
import { remoteOpen, stationDay } from './keeper';
import type { GrantHub } from './grantHub';
import { plainText } from '@/rules/text';
import { parseDate, shanghaiDate, toShanghaiIso } from '@/rules/time';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** Who may read a station's entries and open its doors remotely: its keepers, its district's staff, the city admins. */
const KEEPER_ROLES: readonly StaffRole[] = ['keeper', 'district', 'city'];

const stationNotFound = () => new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' });

/**
 * GET /staff/stations/{id}/entries (a day's entries with masked workers: a read of personal data, audited) and
 * POST /staff/doors/{doorId}/remote-open (a grant through the same hub as a worker's unlock; audited with the
 * reason; at most config.staff.remoteOpenMax per person per window).
 */
export function doorKeeperRoutes(app: FastifyInstance, ctx: AppContext, hub: GrantHub): void {
  const staff = requireStaff(ctx);
  const remoteOpens = personalLimit(ctx, 'staff.remoteOpen', ctx.config.staff.remoteOpenMax);

  app.get(
    '/staff/stations/:id/entries',
    {
      onRequest: staff,
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 40 } } },
        querystring: { type: 'object', properties: { date: DATE } },
        response: responseSchemas('listStationEntries'),
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const date = (req.query as { date?: string }).date ?? shanghaiDate(ctx.now());
      const record = { type: 'station', id, stationId: id };
      const member = await authorise(ctx, req, 'entries.read', await stationTarget(ctx.db, id), {
        roles: KEEPER_ROLES,
        record,
        notFound: stationNotFound,
      });
      if (!parseDate(date)) throw new ApiError('VALIDATION_FAILED', { message: '日期不对，请重新选择。', details: { fields: ['date'] } });
      const answer = await stationDay(ctx, { id, name: (await stationNameOf(ctx.db, id)) ?? id }, date);
      // Masked workers are still personal data: every read is audited.
      await auditStaff(ctx, req, member, { action: 'entries.read', target: record, detail: { date, entries: answer.entries.length } });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.post(
    '/staff/doors/:doorId/remote-open',
    {
      onRequest: staff,
      schema: {
        params: { type: 'object', required: ['doorId'], properties: { doorId: { type: 'string', pattern: '^[a-z0-9]{3,12}$' } } },
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 200 } },
        },
        response: responseSchemas('remoteOpenDoor'),
      },
    },
    async (req, reply) => {
      const doorId = (req.params as { doorId: string }).doorId;
      const door = await doorById(ctx.db, doorId);
      const record = { type: 'door', id: doorId, stationId: door?.stationId ?? null };
      const member = await authorise(ctx, req, 'door.remote_open', door ? await stationTarget(ctx.db, door.stationId) : null, {
        roles: KEEPER_ROLES,
        record,
        notFound: () => new ApiError('NOT_FOUND', { message: '没有这扇门，请核对门的编号。' }),
      });
      const reason = plainText((req.body as { reason: string }).reason);
      if ([...reason].length < 4) {
        throw new ApiError('VALIDATION_FAILED', { message: '请写明远程开门的原因（至少4个字）。', details: { fields: ['reason'] } });
      }
      // Every door opened counts (a refused attempt does not): counted before opening, so opens sent at once cannot pass together.
      const opened = await remoteOpens.attempt(req, member, { action: 'door.remote_open', record, keep: (err) => err === null }, () =>
        remoteOpen(ctx, door!, member, reason),
      );
      hub.notify(door!.id);
      await auditStaff(ctx, req, member, { action: 'door.remote_open', target: record, detail: { reason, entryId: opened.entryId } });
      req.log.info({ event: 'door_remote_open', doorId: door!.id, staffId: member.id }, 'door opened remotely');
      reply.header('cache-control', 'no-store');
      return { ...opened, expiresAt: toShanghaiIso(opened.expiresAt) };
    },
  );
}
