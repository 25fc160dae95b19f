/**
 * Who may do what for the union (issue 13; OWASP ASVS 5.0 V8.2.1-V8.2.2: every function and every record is
 * checked on the server). A staff membership is one role held over one scope:
 * - city: every station and health station (市总工会);
 * - district: the stations and health stations of one district (by its administrative division code);
 * - keeper: one station (a person keeping several holds one membership each);
 * - clinic: one worker health station.
 * Pure rules, no I/O: the memberships come from features/staff through AppContext.staff.
 */

export type StaffRole = 'city' | 'district' | 'keeper' | 'clinic';

export const STAFF_ROLES: readonly StaffRole[] = ['city', 'district', 'keeper', 'clinic'];

/** One active role of an account. */
export interface StaffMembership {
  /** The staff member id (one per role held). */
  id: string;
  accountId: string;
  role: StaffRole;
  districtCode: string | null;
  stationId: string | null;
  healthStationId: string | null;
  /** The name workers and colleagues see, e.g. 张师傅. */
  displayName: string;
}

/**
 * The record an action is about: a station (with its district), a health station (with its district), a
 * district, or the whole city (records only city admins reach, such as any worker's account).
 */
export type StaffTarget =
  | { kind: 'station'; stationId: string; districtCode: string }
  | { kind: 'health_station'; healthStationId: string; districtCode: string | null }
  | { kind: 'district'; districtCode: string }
  | { kind: 'city' };

/** Rank for "above": invitations and suspensions go downwards only. */
export const ROLE_RANK: Record<StaffRole, number> = { city: 3, district: 2, keeper: 1, clinic: 1 };

/** True when membership `m` reaches `t`. */
export function covers(m: Pick<StaffMembership, 'role' | 'districtCode' | 'stationId' | 'healthStationId'>, t: StaffTarget): boolean {
  switch (m.role) {
    case 'city':
      return true;
    case 'district':
      return t.kind !== 'city' && t.districtCode !== null && t.districtCode === m.districtCode;
    case 'keeper':
      return t.kind === 'station' && t.stationId === m.stationId;
    case 'clinic':
      return t.kind === 'health_station' && t.healthStationId === m.healthStationId;
  }
}

/** The scope of a membership as one string, for the audit trail: city | district:<code> | station:<id> | health_station:<id>. */
export function scopeLabel(m: Pick<StaffMembership, 'role' | 'districtCode' | 'stationId' | 'healthStationId'>): string {
  switch (m.role) {
    case 'city':
      return 'city';
    case 'district':
      return `district:${m.districtCode}`;
    case 'keeper':
      return `station:${m.stationId}`;
    case 'clinic':
      return `health_station:${m.healthStationId}`;
  }
}

/**
 * What a set of memberships reaches, for filtering lists in SQL: everything (`all`), or the union of districts,
 * stations and health stations.
 */
export interface StaffReach {
  all: boolean;
  districtCodes: string[];
  stationIds: string[];
  healthStationIds: string[];
}

/** The district codes and station ids of a reach for SQL `in (...)`, never empty (`in ()` is not portable). */
export const reachLists = (reach: StaffReach): { districts: string[]; stations: string[] } => ({
  districts: reach.districtCodes.length ? reach.districtCodes : ['-'],
  stations: reach.stationIds.length ? reach.stationIds : ['-'],
});

/** The reach of `memberships` (of the given roles only, when `roles` is set). */
export function reachOf(memberships: StaffMembership[], roles: readonly StaffRole[] = STAFF_ROLES): StaffReach {
  const ms = memberships.filter((m) => roles.includes(m.role));
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  return {
    all: ms.some((m) => m.role === 'city'),
    districtCodes: uniq(ms.filter((m) => m.role === 'district').map((m) => m.districtCode)),
    stationIds: uniq(ms.filter((m) => m.role === 'keeper').map((m) => m.stationId)),
    healthStationIds: uniq(ms.filter((m) => m.role === 'clinic').map((m) => m.healthStationId)),
  };
}

/**
 * The membership that acts on `t`: the highest-ranked of `roles` that covers it (the audit names it), or null.
 */
export function actingMembership(
  memberships: StaffMembership[],
  t: StaffTarget,
  roles: readonly StaffRole[] = STAFF_ROLES,
): StaffMembership | null {
  const fit = memberships.filter((m) => roles.includes(m.role) && covers(m, t));
  fit.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role]);
  return fit[0] ?? null;
}

/** A staff member who should be told (an alarm, an offline door): their id and WeChat openid, if any. */
export interface StaffRecipient {
  staffId: string;
  openid: string | null;
}
