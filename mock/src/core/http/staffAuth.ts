import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import type { Db } from '../db/database';
import { appendAudit, appendAuditIn, type AuditEntry } from '../db/audit';
import { countInWindow, uncount } from '../db/rateCounts';
import { actingMembership, ROLE_RANK, scopeLabel, type StaffMembership, type StaffRole, type StaffTarget } from '../staff';
import { bearerToken, requireSession } from './auth';
import { ApiError } from './errors';
import { rateLimited } from './rateLimit';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account's staff roles in force (requireStaff). */
    staff: StaffMembership[];
  }
}

/**
 * Staff authorisation (issue 13): staff sign in as themselves (a session, as workers do) and act through the roles
 * they hold (core/staff.ts). Every staff route runs `requireStaff` (a session and at least one role in force, read
 * from the database on every request, so a suspension acts at once), then `authorise` against the record it
 * touches. Refusals answer 403 STAFF_FORBIDDEN with nothing about the record, and are appended to the audit trail
 * like every staff action (core/db/audit.ts), with the address.
 */

/** The one refusal: the same code and message whether the record is elsewhere, unknown to the caller, or the role too low. */
export const staffForbidden = (): ApiError => new ApiError('STAFF_FORBIDDEN');

/** The route as registered, e.g. `POST /api/v1/staff/alerts/:id/acknowledge`: the action of a refusal before any record. */
const routeOf = (req: FastifyRequest): string => `${req.method} ${req.routeOptions.url ?? ''}`;

/** What an audit row says about a record: its type and id, and the station or health station concerned. */
export interface AuditTarget {
  type: string;
  id: string | null;
  stationId?: string | null;
}

/** The station or health station a target names, for the audit filter. */
export function targetStation(t: StaffTarget): string | null {
  return t.kind === 'station' ? t.stationId : t.kind === 'health_station' ? t.healthStationId : null;
}

/**
 * Appends an audit row for `req`: who (account, staff member, role, scope), what, which record, from which
 * address, when (ctx.now()). With `trx`, inside that transaction (so the row commits with the action).
 */
export async function auditStaff(
  ctx: AppContext,
  req: FastifyRequest,
  member: StaffMembership | null,
  what: { action: string; outcome?: AuditEntry['outcome']; target?: AuditTarget | null; detail?: AuditEntry['detail'] },
  trx?: Db,
): Promise<void> {
  const entry: AuditEntry = {
    accountId: req.account?.id ?? null,
    staffId: member?.id ?? null,
    role: member?.role ?? null,
    scope: member ? scopeLabel(member) : null,
    action: what.action,
    outcome: what.outcome ?? 'ok',
    targetType: what.target?.type ?? null,
    targetId: what.target?.id ?? null,
    stationId: what.target?.stationId ?? null,
    address: req.ip,
    detail: what.detail ?? null,
  };
  if (trx) await appendAuditIn(trx, entry, ctx.now());
  else await appendAudit(ctx.db, entry, ctx.now());
}

/**
 * onRequest hook of every staff route: a live session (401 UNAUTHENTICATED otherwise) whose account holds at least
 * one role in force (403 STAFF_FORBIDDEN otherwise, audited); sets `req.staff`. A desk console session (issue 15,
 * ctx.consoles) acts as exactly the one staff member it was approved for, never the account's other roles; once
 * that member is suspended the console session is over (401: the console shows its sign-in QR again).
 */
export function requireStaff(ctx: AppContext) {
  const session = requireSession(ctx);
  return async (req: FastifyRequest): Promise<void> => {
    const token = bearerToken(req);
    if (token && ctx.consoles.isConsoleToken(token)) {
      const cs = await ctx.consoles.byToken(token, ctx.now());
      if (!cs) throw new ApiError('UNAUTHENTICATED', { message: '控制台登录已失效，请重新扫码登录。' });
      req.account = { id: cs.accountId, workerId: null };
      const member = (await ctx.staff.membershipsOf(cs.accountId)).filter((m) => m.id === cs.staffId);
      if (member.length === 0) throw new ApiError('UNAUTHENTICATED', { message: '控制台登录已失效，请重新扫码登录。' });
      req.staff = member;
      return;
    }
    await session(req, undefined as never);
    const memberships = await ctx.staff.membershipsOf(req.account!.id);
    if (memberships.length === 0) {
      await auditStaff(ctx, req, null, { action: routeOf(req), outcome: 'forbidden' });
      throw staffForbidden();
    }
    req.staff = memberships;
  };
}

/**
 * The caller's membership that may do `action` on `target` (the highest-ranked of `roles` reaching it). Otherwise
 * the refusal is audited and 403 STAFF_FORBIDDEN thrown. `target` null: the record does not exist; callers pass
 * null only after finding nothing, and city admins (who reach everything) get `notFound` instead, others the
 * same 403 as for a record out of their scope.
 */
export async function authorise(
  ctx: AppContext,
  req: FastifyRequest,
  action: string,
  target: StaffTarget | null,
  opts: { roles?: readonly StaffRole[]; record?: AuditTarget; notFound?: () => ApiError } = {},
): Promise<StaffMembership> {
  const acting = target ? actingMembership(req.staff, target, opts.roles) : null;
  if (acting) return acting;
  if (!target && opts.notFound && req.staff.some((m) => m.role === 'city')) throw opts.notFound();
  const record = opts.record ?? null;
  await auditStaff(ctx, req, null, {
    action,
    outcome: 'forbidden',
    target: record ? { ...record, stationId: record.stationId ?? (target ? targetStation(target) : null) } : null,
  });
  throw staffForbidden();
}

/**
 * Per-person limits of staff actions: `max` per window of config.staff.windowS under `name` for the account, for
 * actions that guess at something (check-in codes, invitation codes: only failures are kept) or cost something
 * (remote opens, reports with photos: successes are kept). `attempt` counts the attempt before making it, in one
 * atomic UPSERT, so requests sent all at once cannot all pass a check made before any of them was counted; over
 * `max` it throws 429 RATE_LIMITED (audited) without running `act`; an attempt that `keep` says does not count is
 * taken back afterwards. RATE_LIMIT=off: no limit.
 */
export function personalLimit(ctx: AppContext, name: string, max: number) {
  const on = ctx.config.rateLimit === 'on';
  const key = (req: FastifyRequest) => `${name}|s:${req.account!.id}`;
  return {
    /**
     * Runs `act` within the limit. `keep(err)`: whether the attempt counts, given its error (null when `act`
     * succeeded). @throws ApiError 429 RATE_LIMITED, or what `act` throws
     */
    async attempt<T>(
      req: FastifyRequest,
      member: StaffMembership | null,
      what: { action: string; record?: AuditTarget; keep: (err: unknown) => boolean },
      act: () => Promise<T>,
    ): Promise<T> {
      if (!on) return act();
      const w = await countInWindow(ctx.db, key(req), ctx.config.staff.windowS * 1000, ctx.now());
      if (w.current > max) {
        await uncount(ctx.db, key(req), ctx.now());
        await auditStaff(ctx, req, member, { action: what.action, outcome: 'limited', target: what.record ?? null });
        throw rateLimited(Math.max(1, Math.ceil(w.ttl / 1000)), 'staff');
      }
      let result: T;
      try {
        result = await act();
      } catch (err) {
        if (!what.keep(err)) await uncount(ctx.db, key(req), ctx.now());
        throw err;
      }
      if (!what.keep(null)) await uncount(ctx.db, key(req), ctx.now());
      return result;
    },
  };
}

/**
 * For lists, which span the caller's whole scope: the caller's highest-ranked membership among `roles` (the audit
 * names it; the list itself is filtered by reachOf of all of them), or 403 STAFF_FORBIDDEN, audited.
 */
export async function authoriseRole(
  ctx: AppContext,
  req: FastifyRequest,
  action: string,
  roles: readonly StaffRole[],
): Promise<StaffMembership> {
  const acting = req.staff.filter((m) => roles.includes(m.role)).sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role])[0];
  if (acting) return acting;
  await auditStaff(ctx, req, null, { action, outcome: 'forbidden' });
  throw staffForbidden();
}
