import { create } from 'zustand';
import { fetchNearby, type NearbyResponse } from '../api/stations';
import { ApiError } from '../api/client';
import type { Fix } from '../platform/location';
import { takeEarlyNearby } from '../platform/earlyStart';
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
/** Most stations one answer lists; a full answer may leave out farther ones within the radius. */
export const NEARBY_LIMIT = 20;
/** Shown when a 200 answer is not a list of stations (a proxy's error page, a truncated body). */
export const BAD_ANSWER_MESSAGE = '驿站列表没有加载出来，请重试';

/** True when two filter sets ask the same thing (amenity order aside). */
export function sameFilters(a: NearbyFilters, b: NearbyFilters): boolean {
  const am = [...a.amenities].sort().join(',');
  const bm = [...b.amenities].sort().join(',');
  return am === bm && a.openNow === b.openNow && a.is24h === b.is24h && a.kind === b.kind;
}

/** True when any filter is set. */
export const hasFilters = (f: NearbyFilters): boolean => !sameFilters(f, NO_FILTERS);

const isAnswer = (x: unknown): x is NearbyResponse => {
  const r = x as NearbyResponse | null;
  return !!r && typeof r === 'object' && Array.isArray(r.stations) && (r.nearestBeyond === undefined || Array.isArray(r.nearestBeyond));
};

type Cached = { result: NearbyResponse; fetchedAt: number; filters: NearbyFilters };
const isCached = (x: unknown): x is Cached => {
  const c = x as Cached;
  return (
    !!c &&
    typeof c === 'object' &&
    typeof c.fetchedAt === 'number' &&
    Array.isArray(c.result?.stations) &&
    Array.isArray(c.result?.nearestBeyond) &&
    !!c.filters &&
    Array.isArray(c.filters.amenities)
  );
};

/**
 * Numbers each search: answers can arrive out of order (a slow first filter tap answering after a fast second
 * one), and only the latest search may set the list, the error and the loading flag.
 */
let latestSearch = 0;

export const useNearbyStore = create<NearbyState>((set, get) => ({
  loading: false,
  result: null,
  fetchedAt: null,
  resultFilters: null,
  error: null,
  filters: NO_FILTERS,
  search: async (fix) => {
    const { filters } = get();
    const mine = ++latestSearch;
    set({ loading: true, error: null });
    try {
      // The answer index.html asked for around this very fix while the code downloaded (platform/earlyStart.ts).
      const early = hasFilters(filters) ? null : takeEarlyNearby(fix);
      const earlyAnswer: unknown = early ? await early : null;
      const answer: unknown = isAnswer(earlyAnswer)
        ? earlyAnswer
        : await fetchNearby({
            lat: fix.lat,
            lng: fix.lng,
            coord: 'gcj02',
            radiusM: SERVICE_RADIUS_M,
            limit: NEARBY_LIMIT,
            amenities: filters.amenities,
            openNow: filters.openNow,
            is24h: filters.is24h,
            kind: filters.kind ?? undefined,
          });
      if (mine !== latestSearch) return;
      // A 200 that is not a list (a proxy's HTML page, a cut-off body) would otherwise show as a blank list.
      if (!isAnswer(answer)) {
        set({ loading: false, error: BAD_ANSWER_MESSAGE });
        return;
      }
      const result: NearbyResponse = answer.nearestBeyond ? answer : { ...answer, nearestBeyond: [] };
      const fetchedAt = Date.now();
      set({ result, fetchedAt, resultFilters: filters, loading: false });
      writeVersioned<Cached>(NEARBY_CACHE_KEY, CACHE_VERSION, { result, fetchedAt, filters });
    } catch (err) {
      if (mine !== latestSearch) return;
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
