import { create } from 'zustand';
import { fetchNearby, type NearbyResponse } from '../api/stations';
import { ApiError } from '../api/client';
import type { Fix } from '../platform/location';
import { readVersioned, writeVersioned } from './storage';
import { addDays, shanghaiDate, shanghaiHhmm, shanghaiParts } from '../rules/time';

/** Filters the worker can set on the nearby list; they combine with AND. */
export interface NearbyFilters {
  amenities: string[];
  openNow: boolean;
  is24h: boolean;
  /** One host kind key (src/rules/catalog.ts), or null for all. */
  kind: string | null;
}

/**
 * The nearby list. The last answer is kept (and persisted) with when it was fetched and the filters it was
 * fetched with, so a worker on a weak or lost network still sees stations, marked as not fresh.
 */
export interface NearbyState {
  loading: boolean;
  result: NearbyResponse | null;
  fetchedAt: number | null;
  /** The filters `result` was fetched with. */
  resultFilters: NearbyFilters | null;
  error: string | null;
  filters: NearbyFilters;
  search: (fix: Pick<Fix, 'lat' | 'lng'>) => Promise<void>;
  setFilters: (f: Partial<NearbyFilters>) => void;
  /** Shows the persisted answer when there is none in memory (app start, offline). */
  restore: () => void;
}

export const NEARBY_CACHE_KEY = 'yz.nearby';
const CACHE_VERSION = 2;
export const NO_FILTERS: NearbyFilters = { amenities: [], openNow: false, is24h: false, kind: null };
/** The 1 km service promise (DOMAIN.md). */
export const SERVICE_RADIUS_M = 1000;

type Cached = { result: NearbyResponse; fetchedAt: number; filters: NearbyFilters };
const isCached = (x: unknown): x is Cached => {
  const c = x as Cached;
  return (
    !!c && typeof c === 'object' && typeof c.fetchedAt === 'number' && Array.isArray(c.result?.stations) &&
    Array.isArray(c.result?.nearestBeyond) && !!c.filters && Array.isArray(c.filters.amenities)
  );
};

export const useNearbyStore = create<NearbyState>((set, get) => ({
  loading: false,
  result: null,
  fetchedAt: null,
  resultFilters: null,
  error: null,
  filters: NO_FILTERS,
  search: async (fix) => {
    const { filters } = get();
    set({ loading: true, error: null });
    try {
      const result = await fetchNearby({
        lat: fix.lat,
        lng: fix.lng,
        coord: 'gcj02',
        radiusM: SERVICE_RADIUS_M,
        limit: 20,
        amenities: filters.amenities,
        openNow: filters.openNow,
        is24h: filters.is24h,
        kind: filters.kind ?? undefined,
      });
      const fetchedAt = Date.now();
      set({ result, fetchedAt, resultFilters: filters, loading: false });
      writeVersioned<Cached>(NEARBY_CACHE_KEY, CACHE_VERSION, { result, fetchedAt, filters });
    } catch (err) {
      // The last answer stays on screen; the page marks it with when it was fetched.
      set({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
    }
  },
  setFilters: (f) => set({ filters: { ...get().filters, ...f } }),
  restore: () => {
    if (get().result) return;
    const cached = readVersioned(NEARBY_CACHE_KEY, CACHE_VERSION, isCached);
    if (cached) set({ result: cached.result, fetchedAt: cached.fetchedAt, resultFilters: cached.filters, filters: cached.filters });
  },
}));

/**
 * When an answer was fetched, in Shanghai time as a worker says it: '14:05' today, '昨天 14:05', else
 * '11月28日 14:05'.
 */
export function fetchedAtText(fetchedAt: number, nowMs: number): string {
  const day = shanghaiDate(fetchedAt);
  if (day === shanghaiDate(nowMs)) return shanghaiHhmm(fetchedAt);
  if (addDays(day, 1) === shanghaiDate(nowMs)) return `昨天 ${shanghaiHhmm(fetchedAt)}`;
  const p = shanghaiParts(fetchedAt);
  return `${p.month}月${p.day}日 ${shanghaiHhmm(fetchedAt)}`;
}
