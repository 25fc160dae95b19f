import crypto from 'crypto';

/**
 * Encrypts a UTF-8 string with AES-256-GCM (NIST SP 800-38D): a fresh 96-bit IV per value.
 * @returns `v1.{iv}.{tag}.{ciphertext}` in base64url.
 */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Reverses {@link encrypt}. Throws if the value was altered or the key is wrong. */
export function decrypt(key: Buffer, sealed: string): string {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown ciphertext format');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** HMAC-SHA256 (RFC 2104) as hex. */
export function hmacHex(key: Buffer, message: string): string {
  return crypto.createHmac('sha256', key).update(message).digest('hex');
}

/** SHA-256 (FIPS 180-4) of a UTF-8 string, as hex. */
export const sha256Hex = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

/**
 * How a bearer secret is stored: session tokens and device ids (the h5 sign-in's only secret) are kept as this
 * hash only, so a copy of the database alone signs nobody in. SHA-256 without salt or stretching is enough because
 * both carry at least 128 random bits (newToken; src/stores/session.ts newDeviceId), so there is no dictionary to try.
 * Migration 006 applies the same hash in SQL (sha256_hex, registered by core/db/database.ts).
 */
export const secretHash = (secret: string): string => sha256Hex(secret);

/** A bearer token of 256 random bits, base64url. */
export const newToken = (): string => crypto.randomBytes(32).toString('base64url');

/** A short random id with a readable prefix, e.g. `w_3fK9...` (96 random bits). */
export const newId = (prefix: string): string => `${prefix}_${crypto.randomBytes(12).toString('base64url')}`;

/** Compares two strings in constant time for equal lengths (lengths are not secret here). */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}
