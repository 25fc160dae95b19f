import { create } from 'zustand';
import { getFix, LocationError, LOCATION_MESSAGES, type Fix, type LocationFailureKind } from '../platform/location';

/**
 * Where the worker is: a live fix, or a place they chose by hand when location failed. Always GCJ-02.
 */
export interface LocationState {
  status: 'idle' | 'locating' | 'ready' | 'failed';
  fix: Fix | null;
  /** Set when the worker picked a district or landmark instead of a live fix. */
  manualPlace: string | null;
  failure: { kind: LocationFailureKind; message: string } | null;
  locate: () => Promise<Fix | null>;
  choosePlace: (name: string, lat: number, lng: number) => void;
}

export const useLocationStore = create<LocationState>((set) => ({
  status: 'idle',
  fix: null,
  manualPlace: null,
  failure: null,
  locate: async () => {
    set({ status: 'locating', failure: null });
    try {
      const fix = await getFix();
      set({ status: 'ready', fix, manualPlace: null });
      return fix;
    } catch (err) {
      const kind = err instanceof LocationError ? err.kind : 'unknown';
      set({ status: 'failed', failure: { kind, message: LOCATION_MESSAGES[kind] } });
      return null;
    }
  },
  choosePlace: (name, lat, lng) =>
    set({ status: 'ready', manualPlace: name, failure: null, fix: { lat, lng, coord: 'gcj02', accuracyM: null, at: Date.now() } }),
}));
