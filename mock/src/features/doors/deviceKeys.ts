import crypto from 'crypto';
import { safeEqual } from '../../core/crypto';

/**
 * Door device keys: each door controller, screen and pass reader authenticates with its own 256-bit key,
 * HKDF-SHA256 (RFC 5869) of the master key with info `yizhan/door-device/{doorId}`, sent as `X-Device-Key`
 * (base64url, 43 characters). Per-door keys mean a key lifted from one device opens nothing else, and no key
 * table has to be stored: `npm run door:keys` prints them for installation.
 */
export interface DeviceKeys {
  /** The key to install on a door's devices. */
  keyOf(doorId: string): string;
  /** True when `given` is that door's key (constant-time compare). */
  verify(doorId: string, given: string): boolean;
}

/** Builds the device keys of every door from the master key (derived on first use, then cached). */
export function deviceKeys(master: Buffer): DeviceKeys {
  const cache = new Map<string, string>();
  const keyOf = (doorId: string): string => {
    let key = cache.get(doorId);
    if (!key) {
      key = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `yizhan/door-device/${doorId}`, 32)).toString('base64url');
      cache.set(doorId, key);
    }
    return key;
  };
  return { keyOf, verify: (doorId, given) => safeEqual(keyOf(doorId), given) };
}
