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
import { discard, readVersioned, writeVersioned } from './storage';

/**
 * The place a worker chose by hand (location refused or failing), kept on the phone so reopening the app searches
 * around it again and says so, instead of asking again and showing 没能定位. A live fix forgets it.
 */
export const CHOSEN_PLACE_KEY = 'yz.chosenPlace';
const CHOSEN_PLACE_VERSION = 1;
interface ChosenPlace {
  name: string;
  lat: number;
  lng: number;
}
const isChosenPlace = (x: unknown): x is ChosenPlace => {
  const p = x as Partial<ChosenPlace> | null;
  return !!p && typeof p.name === 'string' && p.name !== '' && Number.isFinite(p.lat) && Number.isFinite(p.lng);
};

/** The saved chosen place as the store's starting state (GCJ-02), or the idle state when there is none. */
function startingState(): Pick<LocationState, 'status' | 'fix' | 'manualPlace'> {
  const saved = readVersioned(CHOSEN_PLACE_KEY, CHOSEN_PLACE_VERSION, isChosenPlace);
  if (!saved) return { status: 'idle', fix: null, manualPlace: null };
  return {
    status: 'ready',
    manualPlace: saved.name,
    fix: { lat: saved.lat, lng: saved.lng, coord: 'gcj02', accuracyM: null, at: Date.now() },
  };
}

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
  ...startingState(),
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
        discard(CHOSEN_PLACE_KEY);
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
    writeVersioned<ChosenPlace>(CHOSEN_PLACE_KEY, CHOSEN_PLACE_VERSION, { name, lat, lng });
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
