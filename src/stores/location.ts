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

export const useLocationStore = create<LocationState>((set, get) => ({
  status: 'idle',
  fix: null,
  manualPlace: null,
  failure: null,
  locate: async () => {
    if (!locationAllowed()) {
      set({ status: 'failed', failure: { kind: 'not_consented', message: locationMessage('not_consented') } });
      return null;
    }
    set({ status: 'locating', failure: null });
    try {
      const fix = await getFix();
      set({ status: 'ready', fix, manualPlace: null });
      return fix;
    } catch (err) {
      const kind = err instanceof LocationError ? err.kind : 'unknown';
      set({ status: 'failed', failure: { kind, message: locationMessage(kind) } });
      return null;
    }
  },
  choosePlace: (name, lat, lng) => {
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
