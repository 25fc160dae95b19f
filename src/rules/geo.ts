/**
 * Geodesy shared by the app and the backend.
 *
 * Coordinates are `{lat, lng}` in decimal degrees. Distances are metres.
 */
import gcoord from 'gcoord';
import { MAINLAND_CHINA_HOLES, MAINLAND_CHINA_OUTER } from './mainlandChina';

/** Mean Earth radius R1 = (2a + b) / 3 of WGS-84, in metres (IUGG). DOMAIN.md: distances use this radius. */
export const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLng {
  lat: number;
  lng: number;
}

const toRad = (deg: number): number => (deg * Math.PI) / 180;

/** cos(lat) for haversineCosM; `lat` in degrees. */
export const cosLat = (lat: number): number => Math.cos(toRad(lat));

/**
 * Great-circle distance by the haversine formula on the mean Earth radius.
 * Both points must be in the same coordinate system (both GCJ-02 or both WGS-84).
 * @returns distance in metres, unrounded (round only for display).
 */
export function haversineM(a: LatLng, b: LatLng): number {
  return haversineCosM(a.lat, a.lng, cosLat(a.lat), b.lat, b.lng, cosLat(b.lat));
}

/**
 * haversineM with the cosine of each latitude given (`cosALat` = cos(aLat in radians)), for callers that measure
 * one point against many and keep the cosines (the nearby index). The same arithmetic, so the same metres.
 */
export function haversineCosM(aLat: number, aLng: number, cosALat: number, bLat: number, bLng: number, cosBLat: number): number {
  const dLat = toRad(bLat - aLat);
  const dLng = toRad(bLng - aLng);
  const h = Math.sin(dLat / 2) ** 2 + cosALat * cosBLat * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

// --- Coordinate systems -------------------------------------------------------------------------------------

/** A ring of `[lng, lat]` vertices in degrees; the closing edge back to the first vertex is implied. */
export type Ring = [number, number][];

/**
 * Point-in-polygon by ray casting (W. R. Franklin's PNPOLY): counts crossings of a ray towards +lng.
 * Treats lng/lat as plane coordinates, which is fine for rings far from the antimeridian and the poles.
 * Points exactly on an edge may fall either way.
 */
export function pointInPolygon(p: LatLng, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Bounding box of the outline, so points far away skip the 937-vertex ring. Computed on first use, not when
// the module loads: a build that never converts coordinates (weapp) then leaves the outline out altogether.
let mainlandBox: { minLng: number; maxLng: number; minLat: number; maxLat: number } | null = null;
const mainlandBoxOf = () =>
  (mainlandBox ??= MAINLAND_CHINA_OUTER.reduce(
    (b, [lng, lat]) => ({
      minLng: Math.min(b.minLng, lng),
      maxLng: Math.max(b.maxLng, lng),
      minLat: Math.min(b.minLat, lat),
      maxLat: Math.max(b.maxLat, lat),
    }),
    { minLng: Infinity, maxLng: -Infinity, minLat: Infinity, maxLat: -Infinity },
  ));

/**
 * True when `p` is in mainland China, where GCJ-02 applies: inside the outline of mainland China from
 * @rapideditor/country-coder (src/rules/mainlandChina.ts) and outside its holes for Hong Kong and Macao. Taiwan,
 * Kinmen and every neighbour are outside. The outline is in WGS-84; for a GCJ-02 point the ~500 m offset only
 * matters within that distance of a border, where either answer is defensible.
 */
export function isInMainlandChina(p: LatLng): boolean {
  const box = mainlandBoxOf();
  if (p.lng < box.minLng || p.lng > box.maxLng || p.lat < box.minLat || p.lat > box.maxLat) {
    return false;
  }
  return pointInPolygon(p, MAINLAND_CHINA_OUTER) && !MAINLAND_CHINA_HOLES.some((hole) => pointInPolygon(p, hole));
}

/**
 * WGS-84 (GPS, browsers) -> GCJ-02 (Chinese maps, WeChat `<Map>`, `getLocation({type: 'gcj02'})`) via gcoord.
 * gcoord only tests a rough bounding box that also covers Seoul or Taipei, so points outside mainland China (by
 * isInMainlandChina) are returned unshifted: GCJ-02 applies only there.
 */
export function wgs84ToGcj02(p: LatLng): LatLng {
  if (!isInMainlandChina(p)) return { lat: p.lat, lng: p.lng };
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat, lng };
}

/** GCJ-02 -> WGS-84, gcoord's iterative inverse (~1e-6 degree); points outside mainland China are unshifted. */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (!isInMainlandChina(p)) return { lat: p.lat, lng: p.lng };
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat, lng };
}

// --- Walking and display ------------------------------------------------------------------------------------

/**
 * Walking pace implied by the service promise (DOMAIN.md): 1 km service radius = a 15-minute walk, i.e. 66.7 m
 * per minute (4 km/h). The textbook 4.8 km/h (80 m/min) would show 13 minutes for 1 km and contradict the
 * promise printed on every station.
 */
export const WALK_M_PER_MIN = 1000 / 15;

/**
 * The longest distance for which a walking time is offered: 3 km, 45 minutes at WALK_M_PER_MIN. Beyond it (the
 * nearest station of a worker outside the city can be 300 km away) a walk is no sensible suggestion.
 */
export const WALK_MAX_M = 3000;

/** What the app says instead of a walking time beyond WALK_MAX_M: riders and drivers have wheels. */
const TOO_FAR_TO_WALK = '较远，建议骑行或乘车';

/**
 * Walking time for display: `ceil(distanceM / WALK_M_PER_MIN)` minutes, at least 1 (1000 m -> 15, 1001 m -> 16),
 * or null beyond WALK_MAX_M (3000 m -> 45, 3000.1 m -> null).
 * @throws RangeError for a negative or non-finite distance
 */
export function walkMinutes(distanceM: number): number | null {
  if (!Number.isFinite(distanceM) || distanceM < 0) throw new RangeError(`Bad distance: ${distanceM}`);
  if (distanceM > WALK_MAX_M) return null;
  // Multiply before dividing so 1000 m is exactly 15, not 15.000000000000002.
  return Math.max(1, Math.ceil((distanceM * 15) / 1000));
}

/** The walking line of a list card or a station page for walkMinutes' answer: '步行约15分钟', or TOO_FAR_TO_WALK. */
export const walkLine = (minutes: number | null): string => (minutes === null ? TOO_FAR_TO_WALK : `步行约${minutes}分钟`);

/**
 * Distance for display, rounded only here: under 1 km whole metres ('850米'); under 100 km kilometres with one
 * decimal, trailing '.0' dropped ('1.2公里', '3公里'); beyond, whole kilometres ('125公里').
 * @throws RangeError for a negative or non-finite distance
 */
export function formatDistance(distanceM: number): string {
  if (!Number.isFinite(distanceM) || distanceM < 0) throw new RangeError(`Bad distance: ${distanceM}`);
  const m = Math.round(distanceM);
  if (m < 1000) return `${m}米`;
  if (m < 100_000) return `${Math.round(m / 100) / 10}公里`;
  return `${Math.round(m / 1000)}公里`;
}

/** A coordinate rounded to 6 decimal places (about 0.1 m), as stored and sent. */
export const round6 = (deg: number): number => Math.round(deg * 1e6) / 1e6;
