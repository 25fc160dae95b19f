import Taro from '@tarojs/taro';

/**
 * Versioned JSON in Taro storage that survives what storage really returns: a missing key ('' on
 * weapp, null or undefined elsewhere), an empty string, a value an older version wrote (another
 * shape or version), corrupt JSON, or a storage API that throws. A broken value is discarded and
 * `null` returned; reading never throws.
 */
/**
 * Where the registration form keeps its unfinished draft (stores/registration). Here rather than there so that
 * forgetting an account (stores/session) discards it without loading the form's code into every page.
 */
export const REGISTRATION_DRAFT_KEY = 'yz.registration.draft';

export interface Envelope<T> {
  v: number;
  data: T;
}

export function readVersioned<T>(key: string, version: number, isValid: (x: unknown) => x is T): T | null {
  let raw: unknown;
  try {
    raw = Taro.getStorageSync(key);
  } catch {
    return null;
  }
  if (raw === undefined || raw === null || raw === '') return null;
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      discard(key);
      return null;
    }
  }
  const env = parsed as Partial<Envelope<unknown>> | null;
  if (!env || typeof env !== 'object' || env.v !== version || !isValid(env.data)) {
    discard(key);
    return null;
  }
  return env.data;
}

/** Writes `{v, data}` as a JSON string. Returns false when storage refused (full, unavailable). */
export function writeVersioned<T>(key: string, version: number, data: T): boolean {
  try {
    Taro.setStorageSync(key, JSON.stringify({ v: version, data } satisfies Envelope<T>));
    return true;
  } catch {
    return false;
  }
}

/** Removes a key, ignoring storage errors. */
export function discard(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // Nothing more to do: the value is unusable either way.
  }
}
