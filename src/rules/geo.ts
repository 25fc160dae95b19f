/**
 * Geodesy shared by the app and the backend.
 *
 * Coordinates are `{lat, lng}` in decimal degrees. Distances are metres.
 */
import gcoord from 'gcoord';

/** Mean Earth radius R1 = (2a + b) / 3 of WGS-84, in metres (IUGG). DOMAIN.md: distances use this radius. */
export const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLng {
  lat: number;
  lng: number;
}

const toRad = (deg: number): number => (deg * Math.PI) / 180;

/**
 * Great-circle distance by the haversine formula on the mean Earth radius.
 * Both points must be in the same coordinate system (both GCJ-02 or both WGS-84).
 * @returns distance in metres, unrounded (round only for display).
 */
export function haversineM(a: LatLng, b: LatLng): number {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
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

/**
 * Simplified outline of mainland China (WGS-84, ~0.1-0.5 degree accuracy; coastal sea partly included) and of
 * Hainan. Drawn tight around Hong Kong, Macao (Zhuhai/Shenzhen borders), Taiwan, the Korean peninsula,
 * Mongolia and Vietnam, where GCJ-02 is not applied. Not for border-precision work.
 */
export const MAINLAND_CHINA_RINGS: readonly Ring[] = [
  [
    [73.5, 39.5], [75.5, 40.6], [76.8, 41.0], [78.5, 41.6], [80.2, 42.2], [80.8, 43.2], [80.4, 44.2], [82.5, 45.3],
    [83.0, 47.2], [85.5, 47.1], [85.8, 48.4], [87.3, 49.2], [88.1, 48.5], [90.0, 47.9], [90.9, 46.5], [91.0, 45.3],
    [93.5, 45.0], [95.3, 44.3], [96.4, 42.7], [100.0, 42.6], [101.8, 42.5], [105.0, 41.6], [107.0, 42.4],
    [110.4, 42.7], [111.9, 43.7], [113.6, 44.7], [116.5, 46.3], [118.0, 46.7], [119.9, 46.7], [119.7, 47.6],
    [117.4, 47.6], [116.0, 47.8], [115.5, 48.0], [116.7, 49.85], [117.8, 49.5], [119.2, 50.3], [120.0, 51.6],
    [121.0, 52.5], [123.3, 53.55], [125.5, 53.0], [126.6, 51.5], [127.5, 50.2], [129.5, 49.4], [130.7, 48.9],
    [130.9, 47.7], [132.5, 47.7], [134.7, 48.4], [134.2, 47.1], [133.0, 45.8], [132.5, 45.0], [131.1, 44.9],
    [131.2, 44.4], [131.3, 43.4], [130.7, 42.6], [130.6, 42.4], [129.8, 42.95], [129.0, 42.4], [128.0, 42.0],
    [126.5, 41.6], [125.3, 40.5], [124.3, 39.85], [123.0, 39.6], [121.6, 38.8], [121.2, 38.7], [121.5, 39.3],
    [122.2, 40.5], [121.0, 40.8], [119.8, 39.9], [118.8, 39.1], [117.7, 38.9], [117.8, 38.3], [118.9, 37.6],
    [119.3, 37.2], [120.3, 37.7], [120.8, 37.9], [121.5, 37.6], [122.7, 37.4], [122.3, 36.9], [120.7, 36.1],
    [119.4, 34.8], [120.3, 34.2], [120.9, 32.6], [121.9, 31.8], [122.0, 31.0], [122.3, 30.0], [121.9, 29.0],
    [121.2, 28.1], [120.6, 27.2], [120.0, 26.4], [119.8, 25.5], [119.0, 25.0], [118.2, 24.4], [117.4, 23.6],
    [116.6, 23.1], [115.3, 22.7], [114.55, 22.45], [114.4, 22.6], [114.23, 22.55], [114.08, 22.52],
    [113.95, 22.51], [113.87, 22.45], [113.6, 22.23], [113.52, 22.22], [113.47, 22.1], [113.1, 21.9],
    [112.3, 21.7], [111.0, 21.4], [110.5, 21.2], [110.5, 20.3], [110.2, 20.2], [109.9, 20.5], [109.7, 21.4],
    [109.1, 21.4], [108.5, 21.6], [107.95, 21.5], [107.4, 21.6], [106.7, 22.0], [106.7, 22.9], [105.4, 23.3],
    [104.5, 22.8], [103.95, 22.5], [102.4, 22.5], [101.8, 21.2], [101.1, 21.4], [100.2, 21.5], [99.2, 22.1],
    [99.5, 22.9], [98.5, 24.0], [97.6, 23.9], [97.6, 24.8], [98.7, 25.8], [98.7, 27.5], [97.4, 28.3],
    [96.0, 29.4], [94.0, 28.9], [92.0, 27.8], [91.6, 27.9], [89.6, 28.2], [88.8, 27.3], [88.1, 27.9],
    [86.0, 28.0], [85.0, 28.4], [84.0, 28.7], [83.0, 29.2], [81.2, 30.1], [79.5, 30.9], [78.7, 31.6],
    [78.8, 32.6], [79.5, 32.6], [78.3, 33.5], [78.0, 34.6], [77.8, 35.5], [76.1, 35.9], [75.4, 36.9],
    [74.9, 37.2], [74.8, 38.5],
  ],
  [[108.5, 18.4], [109.4, 18.05], [110.2, 18.2], [111.2, 19.4], [111.1, 20.2], [110.0, 20.3], [109.0, 20.0], [108.5, 19.2]],
];

/** True when `p` (WGS-84 or GCJ-02; the ~500 m difference is below this outline's accuracy) is in mainland China. */
export function isInMainlandChina(p: LatLng): boolean {
  return MAINLAND_CHINA_RINGS.some((ring) => pointInPolygon(p, ring));
}

/**
 * WGS-84 (GPS, browsers) -> GCJ-02 (Chinese maps, WeChat `<Map>`, `getLocation({type: 'gcj02'})`) via gcoord.
 * gcoord only tests a rough bounding box that also covers Seoul or Taipei, so points outside mainland China are
 * returned unshifted by our own outline: GCJ-02 applies only there.
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
 * per minute (4 km/h), slower than the textbook 4.8 km/h because workers carry tools or push carts.
 */
export const WALK_M_PER_MIN = 1000 / 15;

/**
 * Walking time for display: `ceil(distanceM / WALK_M_PER_MIN)` minutes, at least 1 (1000 m -> 15, 1001 m -> 16).
 * @throws RangeError for a negative or non-finite distance
 */
export function walkMinutes(distanceM: number): number {
  if (!Number.isFinite(distanceM) || distanceM < 0) throw new RangeError(`Bad distance: ${distanceM}`);
  // Multiply before dividing so 1000 m is exactly 15, not 15.000000000000002.
  return Math.max(1, Math.ceil((distanceM * 15) / 1000));
}

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
