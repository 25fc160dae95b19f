import crypto from 'crypto';
import type { Db } from '../../core/db/database';
import { newId, secretHash } from '../../core/crypto';
import { ApiError } from '../../core/http/errors';
import type { StaffMembership, StaffRole, StaffTarget } from '../../core/staff';
import {
  districtTarget,
  healthStationTarget,
  holdsRole,
  insertInvitation,
  insertMember,
  invitationByHash,
  markRedeemed,
  stationTarget,
} from './repo';

/**
 * One-time invitations (issue 13): someone above (city -> district -> keeper or clinic; the first city admin from
 * the server's command line, tools/staff-invite.ts) issues a code for one role over one scope; a signed-in account
 * redeems it once, within config.staff.invitationTtlS (72 h), and holds the role from then on. Only the code's
 * SHA-256 is stored: the code carries 100 random bits, so there is no dictionary to try.
 */

/** What an invitation is for. */
export interface InvitationSpec {
  role: StaffRole;
  districtCode?: string;
  stationId?: string;
  healthStationId?: string;
  /** Whom it is meant for, as the inviter writes it (for the inviter's list; the redeemer gives their own display name). */
  name: string;
}

/** Who may invite each role: only someone above it (city admins come from the command line). */
export const INVITERS: Record<StaffRole, readonly StaffRole[]> = {
  city: [],
  district: ['city'],
  keeper: ['city', 'district'],
  clinic: ['city', 'district'],
};

/** RFC 4648 base32, without padding: no 0/1/8/9, unambiguous when read out or typed. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A new code: 20 base32 characters (100 random bits) in groups of four, e.g. `K7QM-2XRT-ABCD-EFGH-JKLM`. */
function newInvitationCode(): string {
  const bytes = crypto.randomBytes(20);
  const chars = [...bytes].map((b) => BASE32[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The code as stored (hashed): upper case, without spaces or dashes, so `k7qm 2xrt...` finds it too. */
const normaliseCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

/**
 * The scope an invitation would grant: the station, health station or district it names (which must exist), or
 * the city. @returns null when the named record does not exist. @throws ApiError VALIDATION_FAILED when the fields
 * do not fit the role.
 */
export async function invitationTarget(db: Db, spec: Omit<InvitationSpec, 'name'>): Promise<StaffTarget | null> {
  const need = { city: null, district: 'districtCode', keeper: 'stationId', clinic: 'healthStationId' } as const;
  const field = need[spec.role];
  const given = (['districtCode', 'stationId', 'healthStationId'] as const).filter((f) => spec[f] !== undefined);
  if (given.length !== (field ? 1 : 0) || (field && given[0] !== field)) {
    throw new ApiError('VALIDATION_FAILED', {
      message: field ? `这个职务要指定且只指定 ${field}。` : '市级管理员不指定范围。',
      details: { fields: field ? [field] : given },
    });
  }
  if (spec.role === 'city') return { kind: 'city' };
  if (spec.role === 'district') return districtTarget(db, spec.districtCode!);
  if (spec.role === 'keeper') return stationTarget(db, spec.stationId!);
  return healthStationTarget(db, spec.healthStationId!);
}

/**
 * Issues an invitation for `spec` by `inviter` (null: the server's command line). The caller has checked that the
 * inviter may (INVITERS and scope). @returns the code (shown once) and when it expires (epoch ms).
 */
export async function issueInvitation(
  db: Db,
  spec: InvitationSpec,
  inviter: StaffMembership | null,
  nowMs: number,
  ttlS: number,
): Promise<{ id: string; code: string; expiresAt: number }> {
  const code = newInvitationCode();
  const id = newId('inv');
  const expiresAt = nowMs + ttlS * 1000;
  await insertInvitation(db, {
    id,
    code_hash: secretHash(normaliseCode(code)),
    role: spec.role,
    district_code: spec.role === 'district' ? (spec.districtCode ?? null) : null,
    station_id: spec.role === 'keeper' ? (spec.stationId ?? null) : null,
    health_station_id: spec.role === 'clinic' ? (spec.healthStationId ?? null) : null,
    name: spec.name,
    invited_by: inviter?.id ?? null,
    created_at: nowMs,
    expires_at: expiresAt,
  });
  return { id, code, expiresAt };
}

/**
 * Redeems `code` for `accountId`, giving it the invitation's role under `displayName`, in one transaction: the
 * invitation is marked used by a conditional update, so two redeemers at once cannot both win.
 * @returns the new membership and the invitation's id.
 * @throws ApiError INVITATION_INVALID (404; also a malformed code), INVITATION_EXPIRED (410), INVITATION_USED (409),
 * ALREADY_STAFF (409: the account holds this role over this scope already; the invitation stays unused)
 */
export async function redeemInvitation(
  db: Db,
  accountId: string,
  code: string,
  displayName: string,
  nowMs: number,
): Promise<{ membership: StaffMembership; invitationId: string; invitedBy: string | null }> {
  return db.transaction().execute(async (trx) => {
    const inv = await invitationByHash(trx, secretHash(normaliseCode(code)));
    if (!inv) throw new ApiError('INVITATION_INVALID');
    if (inv.redeemed_at !== null) throw new ApiError('INVITATION_USED');
    if (inv.expires_at <= nowMs) throw new ApiError('INVITATION_EXPIRED');
    if (await holdsRole(trx, accountId, inv)) throw new ApiError('ALREADY_STAFF');
    const id = newId('st');
    await insertMember(trx, {
      id,
      account_id: accountId,
      role: inv.role,
      district_code: inv.district_code,
      station_id: inv.station_id,
      health_station_id: inv.health_station_id,
      display_name: displayName,
      invitation_id: inv.id,
      invited_by: inv.invited_by,
      created_at: nowMs,
    });
    if (!(await markRedeemed(trx, inv.id, id, nowMs))) throw new ApiError('INVITATION_USED');
    return {
      membership: {
        id,
        accountId,
        role: inv.role,
        districtCode: inv.district_code,
        stationId: inv.station_id,
        healthStationId: inv.health_station_id,
        displayName,
      },
      invitationId: inv.id,
      invitedBy: inv.invited_by,
    };
  });
}
