import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { doorsOfStation, stationById } from './repo';
import { writeNearbyAnswer, type ListedStation } from './nearbyAnswer';
import type { NearbyIndex } from './nearbyIndex';
import { wgs84ToGcj02 } from '@/rules/geo';
import { AMENITY_KEYS } from '@/rules/catalog';
import { openState } from '@/rules/hours';

/** GET /stations/nearby's query, as the route schema checked and defaulted it. */
export interface NearbyQuery {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  radiusM: number;
  limit: number;
  amenities?: string;
  openNow?: boolean;
  is24h?: boolean;
  kind?: string;
}

/** How many stations beyond the radius to offer when none is inside it (issue 5). */
const NEAREST_BEYOND = 3;
const KNOWN_AMENITIES = new Set<string>(AMENITY_KEYS);

/**
 * The stations within `radiusM` of the query point that pass the filters, nearest first (or the NEAREST_BEYOND
 * nearest at any distance when none is inside), as the UTF-8 JSON body (writeNearbyAnswer). `nowMs` decides
 * "open now". @throws ApiError VALIDATION_FAILED for an amenity the server does not know
 */
export function searchNearby(nearby: NearbyIndex<ListedStation>, q: NearbyQuery, nowMs: number): Buffer {
  const wanted = q.amenities ? q.amenities.split(',').filter(Boolean) : [];
  const unknown = wanted.filter((a) => !KNOWN_AMENITIES.has(a));
  if (unknown.length > 0) {
    throw new ApiError('VALIDATION_FAILED', { message: '筛选的服务设施不认识，请更新小程序后重试', details: { amenities: unknown } });
  }
  // One system inside: a browser's WGS-84 fix becomes GCJ-02 here (unshifted outside mainland China).
  const center = q.coord === 'wgs84' ? wgs84ToGcj02({ lat: q.lat, lng: q.lng }) : { lat: q.lat, lng: q.lng };
  const accept = ({ station: s, open }: ListedStation): boolean =>
    (q.kind === undefined || s.kind === q.kind) &&
    (q.is24h !== true || s.hours.is24h) &&
    wanted.every((a) => s.amenities.includes(a)) &&
    (q.openNow !== true || open.at(nowMs).status === 'open');
  const hits = nearby.within(center, q.radiusM, q.limit, accept);
  const beyond = hits.length === 0 ? nearby.nearest(center, NEAREST_BEYOND, accept) : [];
  return writeNearbyAnswer({ center, radiusM: q.radiusM, stations: hits, nearestBeyond: beyond }, nowMs);
}

/** A station's page: the station, its open state now and its doors. @throws ApiError NOT_FOUND */
export async function stationPage(ctx: AppContext, id: string) {
  const station = await stationById(ctx.db, id);
  if (!station) throw new ApiError('NOT_FOUND', { message: '没有找到这个驿站，它可能已撤站或更名' });
  const doors = await doorsOfStation(ctx.db, id);
  // Read from the database per request: nothing to remember between them (the list keeps its memos).
  const state = openState(station.hours, ctx.now());
  return {
    ...station,
    open: state,
    openNow: state.status === 'open',
    is24h: station.hours.is24h,
    doors: doors.map((d) => ({ id: d.id, name: d.name })),
  };
}
