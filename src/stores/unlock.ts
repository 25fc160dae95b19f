import { create } from 'zustand';
import { fetchEntry, unlockDoor, type Entry, type UnlockLocation, type UnlockResponse } from '../api/doors';
import { ApiError } from '../api/client';
import { getFix } from '../platform/location';
import { locationAllowed, useLocationConsent } from './locationConsent';
import { useLocationStore } from './location';
import { useSessionStore } from './session';
import { readVersioned, writeVersioned } from './storage';

/**
 * The door page's state machine: session -> location (best effort) -> POST /doors/unlock -> poll the entry
 * until the door controller acknowledged (`opened`) or the server gave up on it (`no_response`). Warm-start
 * arrivals on the door page are kept in platform/doorArrival.ts.
 */

/** How long the door page waits to record the location consent on the server before unlocking anyway. */
const CONSENT_RECORD_WAIT_MS = 3000;
/** How long the door page waits for a location before unlocking without one (the server marks the entry). */
export const LOCATION_WAIT_MS = 4000;
/** A live fix this recent is used at once instead of asking the phone again (a worker in the cold waits). */
export const FIX_MAX_AGE_MS = 30_000;
/** Delays between entry polls: quick at first (a controller acks in well under a second), then every second. */
export const POLL_DELAYS_MS = [300, 700, 1000] as const;
/**
 * Give up polling this long after the grant was issued, by the phone's clock: the server decides at 10 s
 * (grant) + 2 s (grace); the rest is for a slow network. Only reached when polls keep failing.
 */
export const POLL_GIVE_UP_MS = 16_000;

export type UnlockPhase =
  | 'idle'
  | 'working'
  | 'waiting_door'
  | 'opened'
  | 'no_response'
  | 'needs_registration'
  | 'failed'
  /** The page was reopened with a code that opened the door minutes ago (reload, back/forward, a restored tab). */
  | 'repeat_guard';

/** A code that opened a door this recently is not used again by a page that merely reopened (it waits for a tap). */
export const REPEAT_GUARD_MS = 10 * 60_000;
const LAST_USED_KEY = 'yz.unlock.lastUsed';
type LastUsed = { code: string; at: number };
const isLastUsed = (x: unknown): x is LastUsed =>
  !!x && typeof x === 'object' && typeof (x as LastUsed).code === 'string' && typeof (x as LastUsed).at === 'number';

const FRESH_KEY = 'yz.unlock.freshUsed';
const isTokenList = (x: unknown): x is string[] => Array.isArray(x) && x.every((t) => typeof t === 'string');

/** A one-time token for a door page opened by an in-app scan or typed code (see ROUTES.unlock). */
export const newFreshToken = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/**
 * True the first time a fresh token is seen, false ever after (kept: the last 20), so reloading a page opened by
 * an in-app scan is treated as a reload, not as a new scan.
 */
export function takeFreshToken(token: string | undefined): boolean {
  if (!token) return false;
  const used = readVersioned(FRESH_KEY, 1, isTokenList) ?? [];
  if (used.includes(token)) return false;
  writeVersioned(FRESH_KEY, 1, [...used.slice(-19), token]);
  return true;
}

/** True when `code` opened a door (was granted) within REPEAT_GUARD_MS before `nowMs`. */
export function usedRecently(code: string, nowMs: number): boolean {
  const last = readVersioned(LAST_USED_KEY, 1, isLastUsed);
  return !!last && last.code === code && nowMs - last.at >= 0 && nowMs - last.at < REPEAT_GUARD_MS;
}

export interface UnlockState {
  phase: UnlockPhase;
  code: string | null;
  result: UnlockResponse | null;
  /** The entry as last polled (door state), once the server granted. */
  entry: Entry | null;
  /** `no_response` reached because polls kept failing, not because the server said so. */
  doorUnconfirmed: boolean;
  error: ApiError | null;
  /** Epoch ms before which a rate-limited retry is pointless (from Retry-After), else null. */
  retryAtMs: number | null;
  /** Unlocks with `code` (canonical text); a run for another code supersedes this one. */
  /**
   * Unlocks with `code`. `freshFix`: asks the phone for a new location instead of reusing a recent one (after
   * TOO_FAR, the fix that drifted would be sent again).
   */
  run: (code: string, options?: { freshFix?: boolean }) => Promise<void>;
  /** Shows `code` waiting for an explicit tap instead of running it (see REPEAT_GUARD_MS). */
  hold: (code: string) => void;
  reset: () => void;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | null> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([p.catch(() => null), late]).finally(() => clearTimeout(timer));
};

/** The location to send: a fresh live fix at hand, else one asked for now; none when it fails or is slow. */
async function unlockLocation(freshFix = false): Promise<UnlockLocation | undefined> {
  // Without the worker's consent to precise location none is read or sent; the server logs "no location".
  if (!locationAllowed()) return undefined;
  const known = useLocationStore.getState();
  // A hand-picked place is not where the worker stands: never send it as a location.
  let fix = !freshFix && known.fix && !known.manualPlace && Date.now() - known.fix.at <= FIX_MAX_AGE_MS ? known.fix : null;
  if (!fix) {
    fix = await withTimeout(getFix({ fresh: freshFix }), LOCATION_WAIT_MS);
    // Kept for the emergency button on the success screen, which never waits for a fix of its own.
    if (fix) useLocationStore.setState({ status: 'ready', fix, manualPlace: null, failure: null });
  }
  return fix ? { lat: fix.lat, lng: fix.lng, coord: 'gcj02', accuracyM: fix.accuracyM ?? undefined } : undefined;
}

let runSeq = 0;
let pollTimer: ReturnType<typeof setTimeout> | null = null;
const stopPolling = () => {
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
};

const IDLE = { phase: 'idle' as const, code: null, result: null, entry: null, doorUnconfirmed: false, error: null, retryAtMs: null };

export const useUnlockStore = create<UnlockState>((set, get) => {
  /** Polls the entry of run `id` until the door state is settled; ignores failures until POLL_GIVE_UP_MS. */
  const poll = (id: number, entryId: string, startedMs: number, attempt: number) => {
    const delay = POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)];
    pollTimer = setTimeout(async () => {
      let entry: Entry | null = null;
      try {
        entry = await fetchEntry(entryId, 3000);
      } catch {
        // A failed poll says nothing about the door; the next one may get through.
      }
      if (id !== runSeq) return;
      if (entry?.doorState === 'opened') return set({ phase: 'opened', entry });
      if (entry?.doorState === 'no_response') return set({ phase: 'no_response', entry, doorUnconfirmed: false });
      if (entry) set({ entry });
      if (Date.now() - startedMs >= POLL_GIVE_UP_MS) return set({ phase: 'no_response', doorUnconfirmed: true });
      poll(id, entryId, startedMs, attempt + 1);
    }, delay);
  };

  return {
    ...IDLE,
    run: async (code, options = {}) => {
      if ((get().phase === 'working' || get().phase === 'waiting_door') && get().code === code) return;
      stopPolling();
      const id = ++runSeq;
      set({ ...IDLE, phase: 'working', code });
      const session = useSessionStore.getState();
      try {
        await session.ensureSession();
        // Asked of the server even before registering: a forged or foreign code must be refused as such, and
        // only a genuine one sends a new worker to register (403 NOT_REGISTERED below). No location until then.
        const registered = useSessionStore.getState().worker !== null;
        const location = registered ? await unlockLocation(options.freshFix) : undefined;
        // The server uses a location only with a consent on record for this account (a grant given offline or on
        // another account is recorded now; never waits long).
        if (location) await withTimeout(useLocationConsent.getState().record(), CONSENT_RECORD_WAIT_MS);
        const result = await unlockDoor(code, location);
        if (id !== runSeq) return;
        session.setPendingDoorCode(null);
        writeVersioned<LastUsed>(LAST_USED_KEY, 1, { code, at: Date.now() });
        set({ phase: 'waiting_door', result });
        poll(id, result.entry.id, Date.now(), 0);
      } catch (err) {
        if (id !== runSeq) return;
        const e = err instanceof ApiError ? err : new ApiError('UNKNOWN', '开门没有成功，请重试。');
        if (e.code === 'NOT_REGISTERED') {
          session.setWorker(null);
          session.setPendingDoorCode(code);
          return set({ phase: 'needs_registration' });
        }
        const retryAfterS = e.retryAfterS ?? Number(e.details.retryAfterS);
        set({
          phase: 'failed',
          error: e,
          retryAtMs: e.code === 'RATE_LIMITED' && retryAfterS > 0 ? Date.now() + retryAfterS * 1000 : null,
        });
      }
    },
    hold: (code) => {
      stopPolling();
      runSeq++;
      set({ ...IDLE, phase: 'repeat_guard', code });
    },
    reset: () => {
      stopPolling();
      runSeq++;
      set(IDLE);
    },
  };
});
