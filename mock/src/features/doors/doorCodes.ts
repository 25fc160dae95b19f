import crypto from 'crypto';
import type { Keys } from '../../core/keys';
import { safeEqual } from '../../core/crypto';
import { extractDoorCodeFromLaunch, parseDoorCode, type DoorCode } from '@/rules/doorCode';
import type { RuleResult } from '@/rules/result';

/**
 * Signing and verifying the three door-code formats (parsing lives in src/rules/doorCode.ts; signing stays on
 * the server). Every MAC is the first 96 bits of HMAC-SHA256 in base64url (16 characters), compared in
 * constant time. Messages start with a distinct tag so a MAC of one format can never pass for another:
 * - printed `https://{host}/d/{doorId}.{keyId}.{mac}`: doorKeys[keyId] over `d|{doorId}|{keyId}`, or over
 *   `d|{doorId}|{keyId}|g{gen}` once the door's code key was rotated to generation gen > 0 (doors.code_key_gen,
 *   migration 016: the door's posters are reprinted, the old ones refused). Short enough for a version-4 QR at
 *   level M (62 bytes): the generation is in the MAC, not in the text.
 * - rotating `https://{host}/r/{doorId}.{step}.{mac}`: passKey over `r|{doorId}|{step}`, step =
 *   floor(unixSeconds / 30), accepted for the current and the previous step.
 * - worker pass `YZP1.{passId}.{expiresAtUnixS}.{nonce}.{mac}`: passKey over `p|{passId}|{expiresAt}|{nonce}`.
 */
const MAC_CHARS = 16;
/** Time step of rotating screen codes and of worker passes, seconds. */
export const ROTATION_STEP_S = 30;
/** Capacity of a version-4 QR at error-correction level M in byte mode (ISO/IEC 18004 table 7). */
export const QR_V4_M_BYTES = 62;

const mac = (key: Buffer, message: string): string =>
  crypto.createHmac('sha256', key).update(message).digest('base64url').slice(0, MAC_CHARS);

const printedMessage = (doorId: string, keyId: string, gen: number): string =>
  gen === 0 ? `d|${doorId}|${keyId}` : `d|${doorId}|${keyId}|g${gen}`;

/** The printed code of a door, signed with the active key, for the door's code key generation `gen`. */
export function printedDoorCode(keys: Keys, host: string, doorId: string, gen = 0): string {
  const keyId = keys.activeDoorKeyId;
  const key = keys.doorKeys.get(keyId) as Buffer;
  return `https://${host}/d/${doorId}.${keyId}.${mac(key, printedMessage(doorId, keyId, gen))}`;
}

/**
 * Verifies a printed code's MAC in constant time. A retired key id (not in DOOR_KEY_IDS) fails, and so does a code
 * of another generation than the door's `gen`.
 * @returns true when the MAC matches for that door, key id and generation.
 */
export function verifyPrintedMac(keys: Keys, doorId: string, keyId: string, givenMac: string, gen = 0): boolean {
  const key = keys.doorKeys.get(keyId);
  if (!key) return false;
  return safeEqual(mac(key, printedMessage(doorId, keyId, gen)), givenMac);
}

/** The rotation step (30 s) that `nowMs` falls in. */
export const rotationStep = (nowMs: number): number => Math.floor(nowMs / 1000 / ROTATION_STEP_S);

/** The rotating code a door's screen shows during `step`. */
export function rotatingDoorCode(keys: Keys, host: string, doorId: string, step: number): string {
  return `https://${host}/r/${doorId}.${step}.${mac(keys.passKey, `r|${doorId}|${step}`)}`;
}

/** Where a rotating code stands at `nowMs`: `current` covers the current and the previous step. */
export type RotatingCheck = 'forged' | 'current' | 'expired' | 'future';

/**
 * Checks a rotating code's MAC (constant time) and then its window. The MAC is checked first so that
 * "expired" is only ever said of a code the server really issued.
 */
export function checkRotating(keys: Keys, doorId: string, step: number, givenMac: string, nowMs: number): RotatingCheck {
  if (!safeEqual(mac(keys.passKey, `r|${doorId}|${step}`), givenMac)) return 'forged';
  const current = rotationStep(nowMs);
  if (step > current) return 'future';
  return current - step <= 1 ? 'current' : 'expired';
}

/** The text of a worker pass (what the phone shows as a QR). `expiresAtS` is unix seconds. */
export function passText(keys: Keys, passId: string, expiresAtS: number, nonce: string): string {
  return `YZP1.${passId}.${expiresAtS}.${nonce}.${mac(keys.passKey, `p|${passId}|${expiresAtS}|${nonce}`)}`;
}

/** Verifies a worker pass's MAC in constant time (expiry and single use are the caller's). */
export function verifyPassMac(keys: Keys, passId: string, expiresAtS: number, nonce: string, givenMac: string): boolean {
  return safeEqual(mac(keys.passKey, `p|${passId}|${expiresAtS}|${nonce}`), givenMac);
}

/**
 * Parses a code as a client submitted it. Clients that pass WeChat's raw `q` send it URL-encoded once or twice;
 * this decodes exactly as the app does (extractDoorCodeFromLaunch, up to three rounds) before parsing, so the
 * same text gives the same answer on the phone and here.
 */
export function parseSubmittedCode(text: string): RuleResult<DoorCode> {
  const canonical = extractDoorCodeFromLaunch({ code: text });
  return canonical.ok ? parseDoorCode(canonical.value) : canonical;
}

/** A door code a door can be opened with (a pass goes to a reader instead). */
export type DoorSideCode = Extract<DoorCode, { kind: 'printed' | 'rotating' }>;

/**
 * Whether a parsed printed or rotating code is genuine for its door and where it stands at `nowMs`. A URL on
 * another host than `doorHost` is forged whatever its MAC (our path copied onto a look-alike site). A printed
 * code, once genuine, is always `current`; `codeGen` is the door's code key generation (printed codes only).
 */
export function checkDoorCode(keys: Keys, doorHost: string, p: DoorSideCode, nowMs: number, codeGen = 0): RotatingCheck {
  if (p.host !== undefined && p.host !== doorHost) return 'forged';
  if (p.kind === 'printed') return verifyPrintedMac(keys, p.doorId, p.keyId, p.mac, codeGen) ? 'current' : 'forged';
  return checkRotating(keys, p.doorId, p.step, p.mac, nowMs);
}
