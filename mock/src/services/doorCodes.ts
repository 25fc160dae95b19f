import crypto from 'crypto';
import type { Keys } from './keys';
import { safeEqual } from './crypto';

/**
 * Printed door codes: `https://{host}/d/{doorId}.{keyId}.{mac}`, where mac is the first 96 bits of
 * HMAC-SHA256(doorKey[keyId], "d|{doorId}|{keyId}") in base64url (16 characters). Short enough for a
 * version-4 QR at level M (62 bytes). Parsing lives in src/rules/doorCode.ts; signing here, on the
 * server only.
 */
const MAC_CHARS = 16;

const mac = (key: Buffer, message: string): string =>
  crypto.createHmac('sha256', key).update(message).digest('base64url').slice(0, MAC_CHARS);

/** The printed code of a door, signed with the active key. */
export function printedDoorCode(keys: Keys, host: string, doorId: string): string {
  const keyId = keys.activeDoorKeyId;
  const key = keys.doorKeys.get(keyId) as Buffer;
  return `https://${host}/d/${doorId}.${keyId}.${mac(key, `d|${doorId}|${keyId}`)}`;
}

/**
 * Verifies a printed code's MAC in constant time. A retired key id (not in the list) fails.
 * @returns true when the MAC matches for that door and key id.
 */
export function verifyPrintedMac(keys: Keys, doorId: string, keyId: string, givenMac: string): boolean {
  const key = keys.doorKeys.get(keyId);
  if (!key) return false;
  return safeEqual(mac(key, `d|${doorId}|${keyId}`), givenMac);
}
