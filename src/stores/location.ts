import { create } from 'zustand';
import {
  getFix,
  LocationError,
  locationMessage,
  openLocationSettings,
  pickOnMap,
  type Fix,
  type LocationFailureKind,
} from '../platform/location';
import { locationAllowed } from './locationConsent';

/**
 * Where the worker is: a live fix, or a place they chose by hand (a district, a landmark, a point on the map)
 * when location failed. Always GCJ-02.
 */
export interface LocationState {
  status: 'idle' | 'locating' | 'ready' | 'failed';
  fix: Fix | null;
  /** Set when the worker picked a place instead of a live fix: shown so they know what the list is near. */
  manualPlace: string | null;
  failure: { kind: LocationFailureKind; message: string } | null;
  /** Asks the platform for a fix; resolves null (and sets `failure`) when it fails. */
  locate: () => Promise<Fix | null>;
  /** Uses a chosen place (GCJ-02) in place of a fix. */
  choosePlace: (name: string, lat: number, lng: number) => Fix;
  /** weapp: opens the settings page; locates again at once when location was switched on there. */
  openSettings: () => Promise<Fix | null>;
  /** weapp: lets the worker pick a point on WeChat's map; null when they closed it. */
  chooseOnMap: () => Promise<Fix | null>;
}

/**
 * Numbers each attempt to locate: a place chosen while a fix is on its way must not be replaced by that fix
 * when it comes in late. `pending` lets a second caller (page shown again, pull-down) share the running one
 * rather than ask the platform twice.
 */
let latestLocate = 0;
let pending: Promise<Fix | null> | null = null;

export const useLocationStore = create<LocationState>((set, get) => ({
  status: 'idle',
  fix: null,
  manualPlace: null,
  failure: null,
  locate: () => {
    if (pending && get().status === 'locating') return pending;
    if (!locationAllowed()) {
      set({ status: 'failed', failure: { kind: 'not_consented', message: locationMessage('not_consented') } });
      return Promise.resolve(null);
    }
    const mine = ++latestLocate;
    set({ status: 'locating', failure: null });
    const attempt = (async (): Promise<Fix | null> => {
      try {
        const fix = await getFix();
        if (mine !== latestLocate) return null;
        set({ status: 'ready', fix, manualPlace: null });
        return fix;
      } catch (err) {
        if (mine !== latestLocate) return null;
        const kind = err instanceof LocationError ? err.kind : 'unknown';
        set({ status: 'failed', failure: { kind, message: locationMessage(kind) } });
        return null;
      }
    })();
    pending = attempt;
    void attempt.finally(() => {
      if (pending === attempt) pending = null;
    });
    return attempt;
  },
  choosePlace: (name, lat, lng) => {
    latestLocate++;
    pending = null;
    const fix: Fix = { lat, lng, coord: 'gcj02', accuracyM: null, at: Date.now() };
    set({ status: 'ready', manualPlace: name, failure: null, fix });
    return fix;
  },
  openSettings: async () => ((await openLocationSettings()) ? get().locate() : null),
  chooseOnMap: async () => {
    const picked = await pickOnMap();
    return picked ? get().choosePlace(picked.name, picked.lat, picked.lng) : null;
  },
}));

/** A live fix older than this is likely wrong for someone on the move (a rider covers about 1 km in 2 min). */
export const FIX_FRESH_MS = 2 * 60_000;

/**
 * Whether the page, shown again, should locate: never asked yet, or a live fix gone stale. A place the worker
 * chose stays until they change it, and a failure waits for them to pick a way forward.
 */
export function shouldLocateOnShow(s: Pick<LocationState, 'status' | 'fix' | 'manualPlace'>, nowMs: number): boolean {
  if (s.status === 'idle') return true;
  return s.status === 'ready' && !s.manualPlace && !!s.fix && nowMs - s.fix.at > FIX_FRESH_MS;
}
