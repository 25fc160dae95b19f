import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { covers, ROLE_RANK, type StaffMembership, type StaffReach, type StaffTarget } from '../../core/staff';
import { markSuspended, memberById, membersIn } from './repo';
import { toShanghaiIso } from '@/rules/time';

/** Staff members as their seniors see them, and suspension. */

/** A member as the API shows it (mock/openapi.yaml StaffMember). */
export function memberAnswer(m: {
  id: string;
  role: string;
  displayName: string;
  districtCode: string | null;
  stationId: string | null;
  healthStationId: string | null;
  scopeName: string | null;
  invitedBy?: string | null;
  createdAt?: number;
  suspendedAt?: number | null;
}) {
  return {
    id: m.id,
    role: m.role,
    displayName: m.displayName,
    scope: { districtCode: m.districtCode, stationId: m.stationId, healthStationId: m.healthStationId, name: m.scopeName },
    ...(m.createdAt !== undefined ? { createdAt: toShanghaiIso(m.createdAt) } : {}),
    ...(m.suspendedAt !== undefined ? { suspendedAt: m.suspendedAt === null ? null : toShanghaiIso(m.suspendedAt) } : {}),
    ...(m.invitedBy !== undefined ? { invitedBy: m.invitedBy } : {}),
  };
}

/** The members in `reach`, newest first (at most `limit`). */
export async function listMembers(ctx: AppContext, reach: StaffReach, limit: number) {
  return { members: (await membersIn(ctx.db, reach, limit)).map(memberAnswer) };
}

/** The member and the scope it sits in, or undefined (for authorising a suspension). */
export async function memberToSuspend(
  ctx: AppContext,
  id: string,
): Promise<{ target: StaffTarget; role: StaffMembership['role'] } | undefined> {
  const m = await memberById(ctx.db, id);
  return m ? { target: m.target, role: m.role } : undefined;
}

/**
 * True when `actor` may suspend a member of `role` over `target`: a city admin anyone but themselves (another city
 * admin included: someone must be able to), anyone else only a member below them in their scope.
 */
export function maySuspend(actor: StaffMembership, target: StaffTarget, role: StaffMembership['role'], memberId: string): boolean {
  if (actor.id === memberId) return false;
  if (actor.role === 'city') return true;
  return ROLE_RANK[actor.role] > ROLE_RANK[role] && covers(actor, target);
}

/**
 * Suspends member `id` at once: it grants nothing from the next request on (roles are read on every request).
 * Idempotent. @returns the member as it stands. @throws ApiError NOT_FOUND
 */
export async function suspendMember(ctx: AppContext, id: string, by: StaffMembership) {
  await markSuspended(ctx.db, id, by.id, ctx.now());
  const m = await memberById(ctx.db, id);
  if (!m) throw new ApiError('NOT_FOUND');
  const { target: _target, ...view } = m;
  return { member: memberAnswer(view) };
}
