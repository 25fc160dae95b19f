import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

/**
 * The server's secrets, all derived by HKDF-SHA256 (RFC 5869) from one 32-byte master key so that a
 * deployment manages a single secret. The master key comes from YIZHAN_MASTER_KEY (base64); in
 * development it is generated once into `{dataDir}/master.key` with owner-only permissions (0600).
 */
export interface Keys {
  /** AES-256-GCM key for personal data at rest. */
  dataEncKey: Buffer;
  /** HMAC-SHA256 key for the identity-number uniqueness hash. */
  lookupHmacKey: Buffer;
  /** Door-code MAC keys by key id; `activeDoorKeyId` signs new codes, the others still verify. */
  doorKeys: Map<string, Buffer>;
  activeDoorKeyId: string;
  /** MAC key for rotating screen codes and worker passes. */
  passKey: Buffer;
}

const derive = (master: Buffer, info: string): Buffer => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));

/** The development master key's file in a data folder. */
export const masterKeyFile = (dataDir: string): string => path.join(dataDir, 'master.key');

/**
 * Reads the master key: `configured` (YIZHAN_MASTER_KEY), else `{dataDir}/master.key`. With `create` (only for a
 * new data folder: core/dataFolder.ts) a missing file is generated first; without, a missing file throws, since a
 * new key cannot read data sealed under the old one. Throws if a key is not 32 bytes of base64.
 */
export function loadMasterKey(dataDir: string, configured: string | null, opts: { create?: boolean } = {}): Buffer {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('YIZHAN_MASTER_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = masterKeyFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!opts.create && !fs.existsSync(file)) throw new Error(`${file} is missing`);
  // Written whole under another name, then linked into place: a second server starting at the same moment either
  // creates the key or finds it complete, never an empty file between create and write (link fails if it exists).
  if (!fs.existsSync(file)) {
    const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  // A key copied in by hand (cp, an archive) may have picked up group/world bits: take them back off.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

/**
 * Derives every key. Door keys: DOOR_KEY_IDS="1,2" lists the ids still accepted and the last one
 * signs; a key id is retired by removing it from the list (doors reprinted with the new id first).
 */
export function deriveKeys(master: Buffer, doorKeyIds = '1'): Keys {
  const ids = doorKeyIds
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[0-9a-z]{1,3}$/.test(s));
  if (ids.length === 0) throw new Error('DOOR_KEY_IDS must name at least one key id');
  return {
    dataEncKey: derive(master, 'yizhan/data-enc/v1'),
    lookupHmacKey: derive(master, 'yizhan/lookup-hmac/v1'),
    doorKeys: new Map(ids.map((id) => [id, derive(master, `yizhan/door-code/${id}`)])),
    activeDoorKeyId: ids[ids.length - 1],
    passKey: derive(master, 'yizhan/pass/v1'),
  };
}

/**
 * The master key's check value: HMAC-SHA256 (RFC 2104) of a fixed label under a key derived from the master key by
 * HKDF (its own info string, so it reveals nothing of the other derived keys), as hex. Stored with the data (table
 * meta) to recognise the key the data was sealed with; it is not the key and does not lead to it.
 */
export function keyCheckValue(master: Buffer): string {
  return crypto.createHmac('sha256', derive(master, 'yizhan/key-check/v1')).update('yizhan master key check').digest('hex');
}
