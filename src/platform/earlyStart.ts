import { wgs84ToGcj02 } from '../rules/geo';
import type { Fix } from './location';

/**
 * What index.html's early-start script began before the app's code arrived (h5 only; src/index.html): for a
 * returning worker who allowed location (consent to the current notice saved, the browser's permission
 * granted), the browser's fix, asked for while the code is still downloading rather than after it: on the home
 * page (no place chosen by hand) with the nearby answer around it, on the door page for the presence check. On
 * a weak link that is one location wait (and one request round trip) off the first station card and the door
 * (issue 16). Each is taken once; anything missing, failed or stale is null and the
 * app asks for itself, as it would have without the script.
 */
interface EarlyStart {
  /** WGS-84 as the browser gave it, or the browser's error (GeolocationPositionError code and message). */
  fix: Promise<{ lat: number; lng: number; accuracyM: number | null; at: number } | { code: number; message: string } | null>;
  /** The parsed 200 answer of GET /stations/nearby (1 km, 20, no filters) around that fix, or null. */
  nearby: Promise<unknown>;
}

/** The browser's own `maximumAge` for a kept fix (src/platform/location.ts browserFix asks the same). */
export const EARLY_FIX_MAX_AGE_MS = 30_000;

let early: EarlyStart | null | undefined;
let earlyFix: Fix | null = null;

function pick(): EarlyStart | null {
  if (early !== undefined) return early;
  const w = typeof window === 'undefined' ? undefined : (window as unknown as { __yzEarly?: EarlyStart });
  early = w?.__yzEarly ?? null;
  if (w) delete w.__yzEarly;
  return early;
}

/**
 * The early fix in GCJ-02, once: resolves null when there is none (or it is older than EARLY_FIX_MAX_AGE_MS),
 * or the browser's error object ({code, message}) for the caller to classify.
 */
export async function takeEarlyFix(): Promise<Fix | { code: number; message: string } | null> {
  const e = pick();
  if (!e) return null;
  const got = await e.fix.catch(() => null);
  e.fix = Promise.resolve(null);
  if (!got) return null;
  if ('code' in got) return got;
  if (Date.now() - got.at > EARLY_FIX_MAX_AGE_MS) return null;
  earlyFix = { ...wgs84ToGcj02({ lat: got.lat, lng: got.lng }), coord: 'gcj02', accuracyM: got.accuracyM, at: got.at };
  return earlyFix;
}

/**
 * The early nearby answer, once, when `fix` is the early fix itself (the answer was asked around that very
 * position, with no filters); otherwise null. The caller checks the answer's shape as it would its own.
 */
export function takeEarlyNearby(fix: Pick<Fix, 'lat' | 'lng'>): Promise<unknown> | null {
  const e = pick();
  if (!e || !earlyFix || fix !== earlyFix) return null;
  earlyFix = null;
  const answer = e.nearby.catch(() => null);
  e.nearby = Promise.resolve(null);
  return answer;
}

/** Forgets what was picked up (tests). */
export function resetEarlyStart(): void {
  early = undefined;
  earlyFix = null;
}
