/**
 * GET /stations/nearby at the 1 km boundary in both coordinate systems, the cost of mixing them, and the seed's
 * coverage promise through the index the endpoint uses.
 */
import { startServer, call, type TestServer } from '../../support/server';
import { loadSeed } from '../../../mock/seed/load';
import { EARTH_RADIUS_M, pointInPolygon, type LatLng } from '@/rules/geo';
import type { Station } from '../../../mock/src/features/stations/repo';
import { listedPoints } from '../../../mock/src/features/stations/nearbyAnswer';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());

// 五一广场 in GCJ-02, and the WGS-84 point a browser there reports (gcoord's inverse of it; its forward
// conversion lands 1.7 mm from S).
const S = { lat: 37.861604, lng: 112.57417 };
const S_WGS84 = { lat: 37.861109594, lng: 112.567910299 };

// Stations at hand-computed distances from S (see __tests__/api/nearbyIndex.test.ts for the formulas).
const RING: [string, LatLng][] = [
  ['north 999.9 m', { lat: 37.870596304, lng: 112.57417 }],
  ['north 1000.1 m', { lat: 37.870598103, lng: 112.57417 }],
  ['east 999.9 m', { lat: 37.861604, lng: 112.585559936 }],
  ['east 1000.1 m', { lat: 37.861604, lng: 112.585562215 }],
  ['north-east 999.9 m', { lat: 37.867962245, lng: 112.582224596 }],
  ['north-east 1000.1 m', { lat: 37.867963517, lng: 112.582226207 }],
];

const station = (id: string, p: LatLng): Station => ({
  id,
  name: id,
  address: '测试地址',
  district: '迎泽区',
  lat: p.lat,
  lng: p.lng,
  kind: 'community',
  grade: 2,
  honours: [],
  amenities: ['hot_water'],
  hours: { is24h: true, weekly: [] },
  phone: '03512345678',
  smart: false,
  smartKind: null,
});

const nearby = async (p: LatLng, coord: 'gcj02' | 'wgs84', extra = '') => {
  const r = await call(`${s.api}/stations/nearby?lat=${p.lat}&lng=${p.lng}&coord=${coord}${extra}`);
  expect(r.status).toBe(200);
  return r.body as {
    center: LatLng;
    stations: { id: string; distanceM: number; walkMinutes: number }[];
    nearestBeyond: { id: string; distanceM: number }[];
  };
};

describe('with a tiny network of six stations around 五一广场', () => {
  beforeAll(() => s.ctx.nearby.rebuild(listedPoints(RING.map(([id, p]) => station(id, p)))));
  afterAll(async () => {
    const { allStations } = await import('../../../mock/src/features/stations/repo');
    s.ctx.nearby.rebuild(listedPoints(await allStations(s.ctx.db)));
  });

  it.each([
    ['GCJ-02 (WeChat)', S, 'gcj02'],
    ['WGS-84 (a browser), converted by the server', S_WGS84, 'wgs84'],
  ] as const)('%s: 999.9 m is in, 1000.1 m is out', async (_label, p, coord) => {
    const body = await nearby(p, coord);
    expect(body.center).toEqual({ ...S, coord: 'gcj02' });
    expect(body.stations.map((x) => x.id).sort()).toEqual(['east 999.9 m', 'north 999.9 m', 'north-east 999.9 m']);
    expect(body.stations.map((x) => [x.distanceM, x.walkMinutes])).toEqual([
      [999.9, 15],
      [999.9, 15],
      [999.9, 15],
    ]);
    expect(body.nearestBeyond).toEqual([]);
  });

  it('mixing systems is caught: the same WGS-84 numbers read as GCJ-02 lose all three stations inside 1 km', async () => {
    // Read as GCJ-02, the browser's point is ~550 m west of 五一广场: 1,189 m to the north station, 1,550 m to
    // the east one, 1,470 m to the north-east one.
    const body = await nearby(S_WGS84, 'gcj02');
    expect(body.stations).toEqual([]);
    expect(body.nearestBeyond.map((x) => [x.id, x.distanceM])).toEqual([
      ['north 999.9 m', 1189.4],
      ['north 1000.1 m', 1189.6],
      ['north-east 999.9 m', 1469.6],
    ]);
  });

  it('nothing within 1 km: says so with the three nearest beyond, with their distance', async () => {
    const body = await nearby(S, 'gcj02', '&radiusM=999');
    expect(body.stations).toEqual([]);
    expect(body.nearestBeyond.map((x) => x.distanceM)).toEqual([999.9, 999.9, 999.9]);
  });

  it('a station stored in WGS-84 by mistake shows ~550 m away from where it is', async () => {
    s.ctx.nearby.rebuild(listedPoints([station('stored GCJ-02', S), station('stored WGS-84 by mistake', S_WGS84)]));
    const body = await nearby(S_WGS84, 'wgs84');
    const byId = Object.fromEntries(body.stations.map((x) => [x.id, x.distanceM]));
    expect(byId['stored GCJ-02']).toBe(0);
    // Δlng 0.00626° × cos 37.86° × 111,195 m ≈ 550 m east, Δlat 0.000494° ≈ 55 m north: 553 m.
    expect(byId['stored WGS-84 by mistake']).toBeCloseTo(553, -1);
  });
});

describe('on the seed', () => {
  it('a browser at 五一广场 (Wikipedia WGS-84 37.86111, 112.56791) sees 五一广场智慧爱心驿站 at 194 m, as on a Chinese map', async () => {
    // 194 m = haversine from the published GCJ-02 of 五一广场 (37.861604, 112.57417) to the station; mixing
    // systems anywhere on the way would make it ~550 m off.
    const body = await nearby({ lat: 37.86111, lng: 112.56791 }, 'wgs84');
    const hit = (body.stations as unknown as { name: string; distanceM: number }[]).find((x) => x.name === '五一广场智慧爱心驿站');
    expect(hit?.distanceM).toBeGreaterThan(193);
    expect(hit?.distanceM).toBeLessThan(195.5);
  });

  it('every point of a 200 m grid over the main urban area has a station within 1,000 m through the index', () => {
    const area = loadSeed().mainUrbanArea;
    const lats = area.map((c) => c[1]);
    const lngs = area.map((c) => c[0]);
    const mPerDegLat = (EARTH_RADIUS_M * Math.PI) / 180;
    const uncovered: LatLng[] = [];
    let checked = 0;
    for (let lat = Math.min(...lats); lat <= Math.max(...lats); lat += 200 / mPerDegLat) {
      const dLng = 200 / (mPerDegLat * Math.cos((lat * Math.PI) / 180));
      for (let lng = Math.min(...lngs); lng <= Math.max(...lngs); lng += dLng) {
        if (!pointInPolygon({ lat, lng }, area)) continue;
        checked++;
        if (s.ctx.nearby.within({ lat, lng }, 1000, 1).length === 0) uncovered.push({ lat, lng });
      }
    }
    expect(checked).toBeGreaterThan(2500); // 100-250 km² at 0.04 km² a point
    expect(uncovered).toEqual([]);
    expect(s.ctx.nearby.size).toBe(loadSeed().stations.length);
  });
});
