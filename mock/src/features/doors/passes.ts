import crypto from 'crypto';
import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { consumePass, insertPass, passById, recordEntry, stationHoursOf, type Door, type EntryAttempt } from './repo';
import { suspendedRefusal } from './suspended';
import { parseSubmittedCode, passText, ROTATION_STEP_S, verifyPassMac } from './doorCodes';
import { GRANT_TTL_MS } from './grants';

/**
 * Worker passes, for stations with a reader instead of a printed code. The phone shows a QR that the app
 * replaces every ROTATION_STEP_S (30 s); each pass is valid PASS_TTL_S, so the one on screen always has at
 * least 10 s left when it is read. A pass carries an opaque random id, its expiry, a nonce and a MAC: nothing
 * about the worker, and two passes of one worker cannot be linked by looking at them.
 */
export const PASS_TTL_S = 40;

/** 80 random bits as 16 lower-case base-32 characters (the pass-id alphabet of src/rules/doorCode.ts). */
const newPassId = (): string =>
  BigInt(`0x${crypto.randomBytes(10).toString('hex')}`)
    .toString(32)
    .padStart(16, '0');

export interface IssuedPass {
  /** The QR text: `YZP1.{passId}.{expiresAtUnixS}.{nonce}.{mac}`. */
  pass: string;
  expiresAt: number;
  /** When the app should fetch the next pass (epoch ms). */
  refreshAt: number;
}

/** Issues a new pass for a registered worker; the worker's earlier unused passes are retired (PASS_RETIRED at a reader). */
export async function issuePass(ctx: AppContext, workerId: string): Promise<IssuedPass> {
  const nowMs = ctx.now();
  const id = newPassId();
  const nonce = crypto.randomBytes(6).toString('base64url');
  const expiresAtS = Math.floor(nowMs / 1000) + PASS_TTL_S;
  await insertPass(ctx.db, { id, workerId, nonce, expiresAt: expiresAtS * 1000, nowMs });
  return { pass: passText(ctx.keys, id, expiresAtS, nonce), expiresAt: expiresAtS * 1000, refreshAt: nowMs + ROTATION_STEP_S * 1000 };
}

/**
 * What the reader shows for a pass it cannot use. The reader stands at the door with the worker, so the message
 * speaks of the phone's pass, not of the door code (the unlock's message).
 */
export const PASS_INVALID_MESSAGE = '这个通行码无效或已过期，请在手机上刷新通行码后再扫。';
/** What the reader shows when someone holds a door code (printed or screen) up to it. */
export const PASS_KIND_MESSAGE =
  '这是驿站门上的码，读码器只认手机上的个人通行码。请在小程序里打开“我的进门码”再扫，或用手机扫门上的驿站码。';

export interface PassReadResult {
  grant: { id: string; doorId: string; expiresAt: number };
  entry: { id: string; at: number };
}

/**
 * A door's reader read `text`: checks it and, once only, grants the door to the pass's worker. Every read is
 * logged as an entry at that door (the reader proves presence, so there is no location).
 * Throws ApiError: 409 DOOR_LACKS_READER (the door has no reader: a device configured for the wrong door, or a
 * stolen key), 422 DOOR_CODE_INVALID with the pass's own message (details.reason: the parse failure,
 * DOOR_CODE_KIND, DOOR_CODE_FORGED, PASS_UNKNOWN), 410 PASS_EXPIRED, 410 PASS_RETIRED (a newer pass of the worker
 * was issued), 409 PASS_REPLAYED, 403 STATION_SUSPENDED.
 */
export async function readPass(ctx: AppContext, door: Door, text: string): Promise<PassReadResult> {
  const nowMs = ctx.now();
  const attempt: EntryAttempt = {
    workerId: null,
    doorId: door.id,
    stationId: door.stationId,
    outcome: 'refused',
    reason: null,
    codeKind: 'pass',
    locationPresent: false,
    distanceM: null,
    nowMs,
  };
  const refuse = async (reason: string, err: ApiError): Promise<never> => {
    await recordEntry(ctx.db, { ...attempt, reason }, GRANT_TTL_MS);
    throw err;
  };
  const invalid = (reason: string, message = PASS_INVALID_MESSAGE) => new ApiError('DOOR_CODE_INVALID', { message, details: { reason } });
  if (!door.hasReader) return refuse('DOOR_LACKS_READER', new ApiError('DOOR_LACKS_READER'));
  const parsed = parseSubmittedCode(text);
  if (!parsed.ok) return refuse(parsed.code, invalid(parsed.code));
  const p = parsed.value;
  if (p.kind !== 'pass') return refuse('DOOR_CODE_KIND', invalid('DOOR_CODE_KIND', PASS_KIND_MESSAGE));
  if (!verifyPassMac(ctx.keys, p.passId, p.expiresAt, p.nonce, p.mac)) return refuse('DOOR_CODE_FORGED', invalid('DOOR_CODE_FORGED'));
  const row = await passById(ctx.db, p.passId);
  if (!row || row.nonce !== p.nonce || row.expiresAt !== p.expiresAt * 1000) return refuse('PASS_UNKNOWN', invalid('PASS_UNKNOWN'));
  attempt.workerId = row.workerId;
  attempt.passId = row.id;
  if (nowMs >= row.expiresAt) return refuse('PASS_EXPIRED', new ApiError('PASS_EXPIRED'));
  const retired = () => refuse('PASS_RETIRED', new ApiError('PASS_RETIRED'));
  if (row.retiredAt !== null) return retired();
  const site = await stationHoursOf(ctx.db, door.stationId);
  const suspended = site ? suspendedRefusal(site.hours, nowMs, site.phone) : null;
  if (suspended) return refuse('STATION_SUSPENDED', suspended);
  const recorded = await consumePass(ctx.db, row.id, { ...attempt, outcome: 'granted' }, GRANT_TTL_MS);
  if (!recorded) {
    // Used, or retired by a pass issued in the meantime: say which.
    const now = await passById(ctx.db, row.id);
    return now && now.usedAt === null && now.retiredAt !== null ? retired() : refuse('PASS_REPLAYED', new ApiError('PASS_REPLAYED'));
  }
  return {
    grant: { id: recorded.grant!.id, doorId: door.id, expiresAt: recorded.grant!.expiresAt },
    entry: { id: recorded.entryId, at: nowMs },
  };
}
