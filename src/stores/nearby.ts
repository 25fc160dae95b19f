import { create } from 'zustand';
import { fetchNearby, type NearbyResponse } from '../api/stations';
import { ApiError } from '../api/client';
import type { Fix } from '../platform/location';
import { readVersioned, writeVersioned } from './storage';

/** Filters the worker can set on the nearby list. */
export interface NearbyFilters {
  amenities: string[];
  openNow: boolean;
  is24h: boolean;
}

/**
 * The nearby list. The last answer is kept (and persisted) with when it was fetched, so a worker on a
 * weak or lost network still sees stations, marked as not fresh.
 */
export interface NearbyState {
  loading: boolean;
  result: NearbyResponse | null;
  fetchedAt: number | null;
  error: string | null;
  filters: NearbyFilters;
  search: (fix: Pick<Fix, 'lat' | 'lng'>) => Promise<void>;
  setFilters: (f: Partial<NearbyFilters>) => void;
  restore: () => void;
}

const CACHE_KEY = 'yz.nearby';
const CACHE_VERSION = 1;
type Cached = { result: NearbyResponse; fetchedAt: number };
const isCached = (x: unknown): x is Cached =>
  !!x && typeof x === 'object' && typeof (x as Cached).fetchedAt === 'number' && Array.isArray((x as Cached).result?.stations);

export const useNearbyStore = create<NearbyState>((set, get) => ({
  loading: false,
  result: null,
  fetchedAt: null,
  error: null,
  filters: { amenities: [], openNow: false, is24h: false },
  search: async (fix) => {
    set({ loading: true, error: null });
    try {
      const { filters } = get();
      const result = await fetchNearby({ lat: fix.lat, lng: fix.lng, coord: 'gcj02', radiusM: 1000, limit: 20, ...filters });
      const fetchedAt = Date.now();
      set({ result, fetchedAt, loading: false });
      writeVersioned<Cached>(CACHE_KEY, CACHE_VERSION, { result, fetchedAt });
    } catch (err) {
      set({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
    }
  },
  setFilters: (f) => set({ filters: { ...get().filters, ...f } }),
  restore: () => {
    if (get().result) return;
    const cached = readVersioned(CACHE_KEY, CACHE_VERSION, isCached);
    if (cached) set({ result: cached.result, fetchedAt: cached.fetchedAt });
  },
}));
