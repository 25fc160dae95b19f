import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { requireSession } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, authoriseRole, personalLimit, requireStaff, targetStation } from '../../core/http/staffAuth';
import { reachOf } from '../../core/staff';
import { auditRows } from '../../core/db/audit';
import { INVITERS, invitationTarget, issueInvitation, redeemInvitation, type InvitationSpec } from './invitations';
import { listMembers, maySuspend, memberAnswer, memberToSuspend, suspendMember } from './members';
import { memberViewsOfAccount } from './repo';
import { auditChainState } from './auditChain';
import { stripFormatChars } from '@/rules/text';
import { parseDate, shanghaiEpoch, toShanghaiIso } from '@/rules/time';

const ID = { type: 'string', minLength: 1, maxLength: 80 } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const DISPLAY_NAME = { type: 'string', minLength: 1, maxLength: 20 } as const;
const DAY_MS = 86_400_000;

/**
 * The staff feature's routes: who I am on staff, invitations (issue and redeem), the members in my scope and
 * suspension, and the audit trail for city admins.
 */
export function staffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const session = requireSession(ctx);
  const staff = requireStaff(ctx);
  const redeemLimit = personalLimit(ctx, 'staff.redeemFailures', ctx.config.staff.redeemFailuresMax);

  app.get('/staff/me', { onRequest: session, schema: { response: responseSchemas('getStaffMe') } }, async (req, reply) => {
    const ms = await memberViewsOfAccount(ctx.db, req.account!.id);
    reply.header('cache-control', 'no-store');
    return { isWorker: req.account!.workerId !== null, roles: ms.map(memberAnswer) };
  });

  app.post(
    '/staff/invitations/redeem',
    {
      onRequest: session,
      schema: {
        body: {
          type: 'object',
          required: ['code', 'displayName'],
          additionalProperties: false,
          properties: { code: { type: 'string', minLength: 1, maxLength: 64 }, displayName: DISPLAY_NAME },
        },
        response: responseSchemas('redeemInvitation'),
      },
    },
    async (req, reply) => {
      const body = req.body as { code: string; displayName: string };
      // Bidi marks and zero-width characters would let a name read differently from what it is (workers see it).
      const displayName = stripFormatChars(body.displayName).trim();
      if (!displayName || /[\p{Cc}]/u.test(displayName)) {
        throw new ApiError('VALIDATION_FAILED', { message: '请填写职工看到的称呼，例如“张师傅”。', details: { fields: ['displayName'] } });
      }
      const wrongCode = (err: unknown) => err instanceof ApiError && err.code === 'INVITATION_INVALID';
      const r = await redeemLimit.attempt(req, null, { action: 'invitation.redeem', keep: wrongCode }, () =>
        redeemInvitation(ctx.db, req.account!.id, body.code, displayName, ctx.now()),
      );
      await auditStaff(ctx, req, r.membership, {
        action: 'invitation.redeem',
        target: { type: 'invitation', id: r.invitationId, stationId: r.membership.stationId ?? r.membership.healthStationId },
        detail: { invitedBy: r.invitedBy },
      });
      reply.code(201);
      const [view] = (await memberViewsOfAccount(ctx.db, req.account!.id)).filter((m) => m.id === r.membership.id);
      return { member: memberAnswer(view) };
    },
  );

  app.post(
    '/staff/invitations',
    {
      onRequest: staff,
      schema: {
        body: {
          type: 'object',
          required: ['role', 'name'],
          additionalProperties: false,
          properties: {
            role: { type: 'string', enum: ['city', 'district', 'keeper', 'clinic'] },
            districtCode: { type: 'string', pattern: '^\\d{6}$' },
            stationId: { type: 'string', pattern: '^[a-z0-9]{2,16}$' },
            healthStationId: { type: 'string', pattern: '^[a-z0-9]{2,16}$' },
            name: { type: 'string', minLength: 1, maxLength: 30 },
          },
        },
        response: responseSchemas('createInvitation'),
      },
    },
    async (req, reply) => {
      const spec = req.body as InvitationSpec;
      const target = await invitationTarget(ctx.db, spec);
      const inviter = await authorise(ctx, req, 'invitation.create', target, {
        roles: INVITERS[spec.role],
        record: { type: 'invitation', id: null },
        notFound: () => new ApiError('NOT_FOUND', { message: '没有这个驿站、健康驿站或区县，请核对编号。' }),
      });
      const inv = await issueInvitation(ctx.db, spec, inviter, ctx.now(), ctx.config.staff.invitationTtlS);
      await auditStaff(ctx, req, inviter, {
        action: 'invitation.create',
        target: { type: 'invitation', id: inv.id, stationId: targetStation(target!) },
        detail: { role: spec.role, districtCode: spec.districtCode ?? null },
      });
      reply.code(201).header('cache-control', 'no-store');
      return { id: inv.id, code: inv.code, role: spec.role, expiresAt: toShanghaiIso(inv.expiresAt) };
    },
  );

  app.get(
    '/staff/members',
    {
      onRequest: staff,
      schema: {
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 } } },
        response: responseSchemas('listStaffMembers'),
      },
    },
    async (req, reply) => {
      const member = await authoriseRole(ctx, req, 'members.list', ['city', 'district']);
      const answer = await listMembers(ctx, reachOf(req.staff, ['city', 'district']), (req.query as { limit: number }).limit);
      await auditStaff(ctx, req, member, { action: 'members.list', detail: { members: answer.members.length } });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.post(
    '/staff/members/:id/suspend',
    {
      onRequest: staff,
      schema: { params: { type: 'object', required: ['id'], properties: { id: ID } }, response: responseSchemas('suspendStaffMember') },
    },
    async (req) => {
      const id = (req.params as { id: string }).id;
      const found = await memberToSuspend(ctx, id);
      const record = { type: 'staff_member', id };
      const actor = await authorise(ctx, req, 'member.suspend', found?.target ?? null, {
        roles: ['city', 'district'],
        record,
        notFound: () => new ApiError('NOT_FOUND', { message: '没有这位工作人员。' }),
      });
      if (!found || !maySuspend(actor, found.target, found.role, id)) {
        await auditStaff(ctx, req, actor, { action: 'member.suspend', outcome: 'forbidden', target: record });
        throw new ApiError('STAFF_FORBIDDEN');
      }
      const answer = await suspendMember(ctx, id, actor);
      await auditStaff(ctx, req, actor, {
        action: 'member.suspend',
        target: { ...record, stationId: targetStation(found.target) },
        detail: { role: found.role },
      });
      return answer;
    },
  );

  app.get('/staff/audit/verify', { onRequest: staff, schema: { response: responseSchemas('verifyAudit') } }, async (req, reply) => {
    const admin = await authoriseRole(ctx, req, 'audit.verify', ['city']);
    const state = await auditChainState(ctx.db);
    await auditStaff(ctx, req, admin, { action: 'audit.verify', detail: { ok: state.ok, rows: state.rows } });
    reply.header('cache-control', 'no-store');
    return state;
  });

  app.get(
    '/staff/audit',
    {
      onRequest: staff,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            staffId: ID,
            stationId: { type: 'string', maxLength: 16 },
            action: { type: 'string', maxLength: 80 },
            from: DATE,
            to: DATE,
            before: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: responseSchemas('listAudit'),
      },
    },
    async (req, reply) => {
      const admin = await authoriseRole(ctx, req, 'audit.read', ['city']);
      const q = req.query as {
        staffId?: string;
        stationId?: string;
        action?: string;
        from?: string;
        to?: string;
        before?: number;
        limit: number;
      };
      const day = (d: string | undefined) => {
        if (d === undefined) return undefined;
        const p = parseDate(d);
        if (!p)
          throw new ApiError('VALIDATION_FAILED', {
            message: '日期不对，请用 YYYY-MM-DD 格式的真实日期。',
            details: { fields: ['from', 'to'] },
          });
        return shanghaiEpoch(p);
      };
      const fromMs = day(q.from);
      const toDay = day(q.to);
      const rows = await auditRows(ctx.db, {
        staffId: q.staffId,
        stationId: q.stationId,
        action: q.action,
        fromMs,
        toMs: toDay === undefined ? undefined : toDay + DAY_MS,
        beforeSeq: q.before,
        limit: q.limit,
      });
      await auditStaff(ctx, req, admin, { action: 'audit.read', detail: { rows: rows.length } });
      reply.header('cache-control', 'no-store');
      return {
        entries: rows.map((r) => ({
          seq: r.seq,
          at: toShanghaiIso(r.at),
          accountId: r.account_id,
          staffId: r.staff_id,
          role: r.role,
          scope: r.scope,
          action: r.action,
          outcome: r.outcome,
          target: r.target_type ? { type: r.target_type, id: r.target_id } : null,
          stationId: r.station_id,
          address: r.address,
          detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
          prevHash: r.prev_hash,
          hash: r.hash,
        })),
        nextBefore: rows.length === q.limit ? rows[rows.length - 1].seq : null,
      };
    },
  );
}
