import crypto from 'crypto';
import { safeEqual } from '../../core/crypto';

/**
 * Door device keys: each door controller, screen and pass reader authenticates with its own 256-bit key,
 * HKDF-SHA256 (RFC 5869) of the master key with info `yizhan/door-device/{doorId}`, sent as `X-Device-Key`
 * (base64url, 43 characters). Per-door keys mean a key lifted from one device opens nothing else, and no key
 * table has to be stored: `npm run door:keys` prints them for installation. A key is replaced (a device lost, a key
 * leaked) by bumping the door's generation (doors.device_key_gen, migration 016): generation g > 0 derives with info
 * `yizhan/door-device/{doorId}/g{g}`, and only the door's current generation is accepted.
 */
export interface DeviceKeys {
  /** The key to install on a door's devices, of generation `gen` (0: the original). */
  keyOf(doorId: string, gen?: number): string;
  /** True when `given` is that door's key of generation `gen` (constant-time compare). */
  verify(doorId: string, given: string, gen?: number): boolean;
}

/** Builds the device keys of every door from the master key (derived on first use, then cached). */
export function deviceKeys(master: Buffer): DeviceKeys {
  const cache = new Map<string, string>();
  const keyOf = (doorId: string, gen = 0): string => {
    const info = gen === 0 ? `yizhan/door-device/${doorId}` : `yizhan/door-device/${doorId}/g${gen}`;
    let key = cache.get(info);
    if (!key) {
      key = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32)).toString('base64url');
      cache.set(info, key);
    }
    return key;
  };
  return { keyOf, verify: (doorId, given, gen = 0) => safeEqual(keyOf(doorId, gen), given) };
}
