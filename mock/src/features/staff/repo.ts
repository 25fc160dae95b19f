import type { Db } from '../../core/db/database';
import type { StaffInvitationsTable, StaffMembersTable } from '../../core/db/schema';
import type { StaffMembership, StaffReach, StaffRecipient, StaffRole, StaffTarget } from '../../core/staff';

/**
 * The staff feature's data access, the only file of the feature that builds SQL: staff members (one role over one
 * scope each), invitations (only the code's hash), and the scope of stations, health stations and districts. Every
 * function takes a `Db`, which may be a transaction. Times are epoch milliseconds.
 */

type MemberRow = StaffMembersTable;

const toMembership = (r: MemberRow): StaffMembership => ({
  id: r.id,
  accountId: r.account_id as string,
  role: r.role,
  districtCode: r.district_code,
  stationId: r.station_id,
  healthStationId: r.health_station_id,
  displayName: r.display_name,
});

/** The account's memberships in force (not suspended), oldest first. */
export async function membershipsOfAccount(db: Db, accountId: string): Promise<StaffMembership[]> {
  const rows = await db
    .selectFrom('staff_members')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('suspended_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toMembership);
}

/** Members in force of `role` who reach `target`, with their WeChat openid (null for device sign-ins). */
export async function recipientsOf(db: Db, target: StaffTarget, role: StaffRole): Promise<StaffRecipient[]> {
  let q = db
    .selectFrom('staff_members')
    .innerJoin('accounts', 'accounts.id', 'staff_members.account_id')
    .select(['staff_members.id as staffId', 'accounts.wx_openid as openid'])
    .where('staff_members.role', '=', role)
    .where('staff_members.suspended_at', 'is', null);
  if (role === 'keeper') {
    if (target.kind !== 'station') return [];
    q = q.where('staff_members.station_id', '=', target.stationId);
  } else if (role === 'clinic') {
    if (target.kind !== 'health_station') return [];
    q = q.where('staff_members.health_station_id', '=', target.healthStationId);
  } else if (role === 'district') {
    if (target.kind === 'city' || target.districtCode === null) return [];
    q = q.where('staff_members.district_code', '=', target.districtCode);
  }
  return q.orderBy('staff_members.id').execute();
}

/** The scope of a station, or null when there is none. */
export async function stationTarget(db: Db, stationId: string): Promise<StaffTarget | null> {
  const r = await db.selectFrom('stations').select(['id', 'district_code']).where('id', '=', stationId).executeTakeFirst();
  return r ? { kind: 'station', stationId: r.id, districtCode: String(r.district_code) } : null;
}

/** The scope of a health station, or null. */
export async function healthStationTarget(db: Db, healthStationId: string): Promise<StaffTarget | null> {
  const r = await db.selectFrom('health_stations').select(['id', 'district_code']).where('id', '=', healthStationId).executeTakeFirst();
  return r ? { kind: 'health_station', healthStationId: r.id, districtCode: r.district_code } : null;
}

/** A district (by code) that has stations, or null. */
export async function districtTarget(db: Db, districtCode: string): Promise<StaffTarget | null> {
  const r = await db.selectFrom('stations').select('district_code').where('district_code', '=', districtCode).limit(1).executeTakeFirst();
  return r ? { kind: 'district', districtCode } : null;
}

/** Stores an invitation (the code's hash only). */
export async function insertInvitation(db: Db, inv: Omit<StaffInvitationsTable, 'redeemed_at' | 'redeemed_by'>): Promise<void> {
  await db
    .insertInto('staff_invitations')
    .values({ ...inv, redeemed_at: null, redeemed_by: null })
    .execute();
}

/** The invitation with this code hash, or undefined. */
export async function invitationByHash(db: Db, codeHash: string) {
  return db.selectFrom('staff_invitations').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/**
 * Marks the invitation redeemed by member `memberId`, once (a conditional update: two redeemers at once cannot
 * both win). @returns false when it was already redeemed.
 */
export async function markRedeemed(db: Db, invitationId: string, memberId: string, nowMs: number): Promise<boolean> {
  const r = await db
    .updateTable('staff_invitations')
    .set({ redeemed_at: nowMs, redeemed_by: memberId })
    .where('id', '=', invitationId)
    .where('redeemed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** True when the account already holds this role over this scope, in force. */
export async function holdsRole(
  db: Db,
  accountId: string,
  inv: Pick<StaffInvitationsTable, 'role' | 'district_code' | 'station_id' | 'health_station_id'>,
): Promise<boolean> {
  let q = db
    .selectFrom('staff_members')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', inv.role)
    .where('suspended_at', 'is', null);
  q = inv.district_code === null ? q.where('district_code', 'is', null) : q.where('district_code', '=', inv.district_code);
  q = inv.station_id === null ? q.where('station_id', 'is', null) : q.where('station_id', '=', inv.station_id);
  q = inv.health_station_id === null ? q.where('health_station_id', 'is', null) : q.where('health_station_id', '=', inv.health_station_id);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Inserts a member. */
export async function insertMember(db: Db, m: Omit<StaffMembersTable, 'suspended_at' | 'suspended_by'>): Promise<void> {
  await db
    .insertInto('staff_members')
    .values({ ...m, suspended_at: null, suspended_by: null })
    .execute();
}

/** A member as staff lists show it, with the name of its scope. */
export interface MemberView {
  id: string;
  role: StaffRole;
  displayName: string;
  districtCode: string | null;
  stationId: string | null;
  healthStationId: string | null;
  scopeName: string | null;
  invitedBy: string | null;
  createdAt: number;
  suspendedAt: number | null;
}

const memberQuery = (db: Db) =>
  db
    .selectFrom('staff_members as m')
    .leftJoin('stations as s', 's.id', 'm.station_id')
    .leftJoin('health_stations as h', 'h.id', 'm.health_station_id')
    .select((eb) => [
      'm.id',
      'm.role',
      'm.display_name as displayName',
      'm.district_code as districtCode',
      'm.station_id as stationId',
      'm.health_station_id as healthStationId',
      's.name as stationName',
      's.district_code as stationDistrict',
      'h.name as healthStationName',
      'h.district_code as healthStationDistrict',
      eb.selectFrom('stations as d').select('d.district').whereRef('d.district_code', '=', 'm.district_code').limit(1).as('districtName'),
      'm.invited_by as invitedBy',
      'm.created_at as createdAt',
      'm.suspended_at as suspendedAt',
    ]);

type MemberQueryRow = Awaited<ReturnType<ReturnType<typeof memberQuery>['execute']>>[number];

const toView = (r: MemberQueryRow): MemberView & { target: StaffTarget } => ({
  id: r.id,
  role: r.role,
  displayName: r.displayName,
  districtCode: r.districtCode,
  stationId: r.stationId,
  healthStationId: r.healthStationId,
  scopeName: r.role === 'city' ? null : (r.stationName ?? r.healthStationName ?? r.districtName ?? null),
  invitedBy: r.invitedBy,
  createdAt: r.createdAt,
  suspendedAt: r.suspendedAt,
  target:
    r.role === 'keeper'
      ? { kind: 'station', stationId: r.stationId as string, districtCode: String(r.stationDistrict) }
      : r.role === 'clinic'
        ? { kind: 'health_station', healthStationId: r.healthStationId as string, districtCode: r.healthStationDistrict }
        : r.role === 'district'
          ? { kind: 'district', districtCode: r.districtCode as string }
          : { kind: 'city' },
});

/** One member (suspended or not) with the scope it sits in (`target`), or undefined. */
export async function memberById(db: Db, id: string) {
  const r = await memberQuery(db).where('m.id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

/** The account's memberships in force, as lists show them, oldest first. */
export async function memberViewsOfAccount(db: Db, accountId: string): Promise<MemberView[]> {
  const rows = await memberQuery(db)
    .where('m.account_id', '=', accountId)
    .where('m.suspended_at', 'is', null)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => {
    const { target: _target, ...view } = toView(r);
    return view;
  });
}

/** Members (suspended ones too) in `reach`, newest first; city admins only when the reach is everything. */
export async function membersIn(db: Db, reach: StaffReach, limit: number): Promise<MemberView[]> {
  let q = memberQuery(db);
  if (!reach.all) {
    const d = reach.districtCodes.length ? reach.districtCodes : ['-'];
    q = q.where((eb) =>
      eb.or([
        eb('m.district_code', 'in', d),
        eb('s.district_code', 'in', d),
        eb('h.district_code', 'in', d),
        eb('m.station_id', 'in', reach.stationIds.length ? reach.stationIds : ['-']),
        eb('m.health_station_id', 'in', reach.healthStationIds.length ? reach.healthStationIds : ['-']),
      ]),
    );
  }
  const rows = await q.orderBy('m.created_at', 'desc').orderBy('m.id').limit(limit).execute();
  return rows.map((r) => {
    const { target: _target, ...view } = toView(r);
    return view;
  });
}

/** Suspends a member in force; @returns false when already suspended. */
export async function markSuspended(db: Db, id: string, by: string, nowMs: number): Promise<boolean> {
  const r = await db
    .updateTable('staff_members')
    .set({ suspended_at: nowMs, suspended_by: by })
    .where('id', '=', id)
    .where('suspended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
