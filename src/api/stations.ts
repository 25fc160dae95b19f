import { request } from './client';
import type { OpeningHours, OpenState } from '../rules/hours';

/** One row of the nearby list (GCJ-02 coordinates, distance in metres). */
export interface NearbyStation {
  id: string;
  name: string;
  address: string;
  kind: string;
  grade: number;
  lat: number;
  lng: number;
  distanceM: number;
  /** null beyond 3 km (WALK_MAX_M): too far to suggest a walk. */
  walkMinutes: number | null;
  openNow: boolean;
  openLabel: string;
  openDetail: string | null;
  is24h: boolean;
  smart: boolean;
  amenities: string[];
}

export interface NearbyResponse {
  center: { lat: number; lng: number; coord: 'gcj02' };
  radiusM: number;
  stations: NearbyStation[];
  nearestBeyond: NearbyStation[];
}

export interface NearbyQuery {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  radiusM?: number;
  limit?: number;
  amenities?: string[];
  openNow?: boolean;
  is24h?: boolean;
  kind?: string;
}

export interface StationDetail {
  id: string;
  name: string;
  address: string;
  district: string;
  lat: number;
  lng: number;
  kind: string;
  grade: number;
  honours: string[];
  amenities: string[];
  hours: OpeningHours;
  open: OpenState;
  openNow: boolean;
  is24h: boolean;
  phone: string;
  smart: boolean;
  doors: { id: string; name: string }[];
}

/** GET /stations/nearby. */
export const fetchNearby = (q: NearbyQuery) =>
  request<NearbyResponse>('GET', '/stations/nearby', {
    query: {
      lat: q.lat,
      lng: q.lng,
      coord: q.coord,
      radiusM: q.radiusM,
      limit: q.limit,
      amenities: q.amenities?.length ? q.amenities.join(',') : undefined,
      openNow: q.openNow || undefined,
      is24h: q.is24h || undefined,
      kind: q.kind,
    },
  });

/** GET /stations/{id}. */
export const fetchStation = (id: string) => request<StationDetail>('GET', `/stations/${encodeURIComponent(id)}`);
