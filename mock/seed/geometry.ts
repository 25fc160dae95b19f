/**
 * Geometry helpers of the seed generator: local equirectangular metres around the city (fine at this scale,
 * and far cheaper than haversine in the generator's inner loops).
 */
import { EARTH_RADIUS_M, haversineM, pointInPolygon, type LatLng, round6 } from '@/rules/geo';
import type { LngLat } from './types';

const LAT0 = 37.84;
/** Metres per degree of latitude. */
export const M_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180;
/** Metres per degree of longitude at the city's latitude. */
export const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180);

// Coordinates are rounded to 6 decimals (about 0.1 m) as soon as they are made, so what is checked is what is written.
/** A point from [lng, lat] degrees, rounded to 6 decimals. */
export const pt = (lng: number, lat: number): LatLng => ({ lat: round6(lat), lng: round6(lng) });
/** p moved dxM metres east and dyM metres north, rounded to 6 decimals. */
export const offsetM = (p: LatLng, dxM: number, dyM: number): LatLng => pt(p.lng + dxM / M_PER_DEG_LNG, p.lat + dyM / M_PER_DEG_LAT);

/** Planar distance in metres from p to the nearest segment of the ring. */
export function distToRingM(p: LatLng, ring: LngLat[]): number {
  let best = Infinity;
  const px = p.lng * M_PER_DEG_LNG;
  const py = p.lat * M_PER_DEG_LAT;
  for (let i = 0; i + 1 < ring.length; i++) {
    const ax = ring[i][0] * M_PER_DEG_LNG;
    const ay = ring[i][1] * M_PER_DEG_LAT;
    const bx = ring[i + 1][0] * M_PER_DEG_LNG;
    const by = ring[i + 1][1] * M_PER_DEG_LAT;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return best;
}

/** Bounding box of the ring, in degrees. */
export function bbox(ring: LngLat[]): { minLng: number; maxLng: number; minLat: number; maxLat: number } {
  return {
    minLng: Math.min(...ring.map((c) => c[0])),
    maxLng: Math.max(...ring.map((c) => c[0])),
    minLat: Math.min(...ring.map((c) => c[1])),
    maxLat: Math.max(...ring.map((c) => c[1])),
  };
}

/** Points of a regular grid (step in metres) inside the ring. */
export function gridInside(ring: LngLat[], stepM: number): LatLng[] {
  const b = bbox(ring);
  const dLat = stepM / M_PER_DEG_LAT;
  const out: LatLng[] = [];
  for (let lat = b.minLat; lat <= b.maxLat; lat += dLat) {
    const dLng = stepM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
    for (let lng = b.minLng; lng <= b.maxLng; lng += dLng) {
      const p = { lat, lng };
      if (pointInPolygon(p, ring)) out.push(p);
    }
  }
  return out;
}

/**
 * Distance from p to the nearest of pts (Infinity if none within pruneM). The nearest is found by the local
 * planar metric (cheap), its distance is then measured by haversine.
 */
export function nearestM(p: LatLng, pts: readonly LatLng[], pruneM = 3000): number {
  const dLat = pruneM / M_PER_DEG_LAT;
  const dLng = pruneM / M_PER_DEG_LNG;
  let best = -1;
  let bestD2 = Infinity;
  for (let i = 0; i < pts.length; i++) {
    const q = pts[i];
    const a = q.lat - p.lat;
    const o = q.lng - p.lng;
    if (a > dLat || a < -dLat || o > dLng || o < -dLng) continue;
    const y = a * M_PER_DEG_LAT;
    const x = o * M_PER_DEG_LNG;
    const d2 = x * x + y * y;
    if (d2 < bestD2) {
      bestD2 = d2;
      best = i;
    }
  }
  return best < 0 ? Infinity : haversineM(p, pts[best]);
}
