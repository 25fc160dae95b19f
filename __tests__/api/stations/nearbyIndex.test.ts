/**
 * NearbyIndex on its own: the 1 km promise to the decimetre at points computed by hand, and the same answers as
 * an exact brute-force haversine scan on a dense random city.
 */
import { NearbyIndex } from '../../../mock/src/features/stations/nearbyIndex';
import { EARTH_RADIUS_M, haversineM, type LatLng } from '@/rules/geo';
import { createRng } from '../../../mock/seed/prng';

// 五一广场, GCJ-02.
const S = { lat: 37.861604, lng: 112.57417 };

/**
 * Points at a known distance d from S, by hand (R = 6,371,008.8 m, φ = 37.861604°):
 * - north: Δlat = d / R rad (999.9 m: 0.008992304°);
 * - east: Δlng = 2·asin(sin(d / 2R) / cos φ) (999.9 m: 0.011389936°);
 * - north-east (bearing 45°): φ2 = asin(sin φ cos δ + cos φ sin δ cos θ),
 *   λ2 = λ + atan2(sin θ sin δ cos φ, cos δ − sin φ sin φ2), δ = d / R.
 */
const BOUNDARY: { name: string; d: number; p: LatLng }[] = [
  { name: 'north 999.9 m', d: 999.9, p: { lat: 37.870596304, lng: 112.57417 } },
  { name: 'north 1000.1 m', d: 1000.1, p: { lat: 37.870598103, lng: 112.57417 } },
  { name: 'east 999.9 m', d: 999.9, p: { lat: 37.861604, lng: 112.585559936 } },
  { name: 'east 1000.1 m', d: 1000.1, p: { lat: 37.861604, lng: 112.585562215 } },
  { name: 'north-east 999.9 m', d: 999.9, p: { lat: 37.867962245, lng: 112.582224596 } },
  { name: 'north-east 1000.1 m', d: 1000.1, p: { lat: 37.867963517, lng: 112.582226207 } },
];

describe('the hand-computed points', () => {
  it.each(BOUNDARY)('$name is at that distance to the millimetre', ({ d, p }) => {
    expect(Math.abs(haversineM(S, p) - d)).toBeLessThan(0.001);
  });

  it('north: 999.9 / 6,371,008.8 rad = 0.008992304°', () => {
    expect((999.9 / EARTH_RADIUS_M) * (180 / Math.PI)).toBeCloseTo(0.008992304, 9);
  });
});

describe('NearbyIndex.within at the 1 km boundary (radius inclusive)', () => {
  const index = new NearbyIndex<string>();
  index.rebuild(BOUNDARY.map((b) => ({ ...b.p, item: b.name })));

  it('keeps the three stations at 999.9 m and drops the three at 1000.1 m', () => {
    const hits = index.within(S, 1000, 20);
    expect(hits.map((h) => h.item).sort()).toEqual(['east 999.9 m', 'north 999.9 m', 'north-east 999.9 m']);
    for (const h of hits) expect(h.distanceM).toBeCloseTo(999.9, 3);
  });

  it('seen from each station, the centre is in at 999.9 m and out at 1000.1 m', () => {
    const centre = new NearbyIndex<string>();
    centre.rebuild([{ ...S, item: 'S' }]);
    for (const b of BOUNDARY) expect(centre.within(b.p, 1000, 1).length).toBe(b.d < 1000 ? 1 : 0);
  });

  it('is inclusive: a radius equal to the exact distance keeps the station', () => {
    const d = haversineM(S, BOUNDARY[1].p);
    expect(index.within(S, d, 20).map((h) => h.item)).toContain('north 1000.1 m');
    expect(index.within(S, d - 1e-6, 20).map((h) => h.item)).not.toContain('north 1000.1 m');
  });

  it('nearest() reaches beyond the radius, nearest first', () => {
    const far = new NearbyIndex<string>();
    far.rebuild(BOUNDARY.filter((b) => b.d > 1000).map((b) => ({ ...b.p, item: b.name })));
    expect(far.within(S, 1000, 20)).toEqual([]);
    const beyond = far.nearest(S, 3);
    expect(beyond).toHaveLength(3);
    for (const h of beyond) expect(h.distanceM).toBeCloseTo(1000.1, 3);
  });
});

describe('NearbyIndex against an exact brute-force scan', () => {
  // 3,000 stations clustered around Taiyuan (dense centre, sparse edge), 120 queries, several radii and limits.
  const rng = createRng(741);
  const around = (sigmaM: number): LatLng => ({
    lat: S.lat + (rng.normal() * sigmaM) / 111_195,
    lng: S.lng + (rng.normal() * sigmaM) / (111_195 * Math.cos((S.lat * Math.PI) / 180)),
  });
  const points = Array.from({ length: 3000 }, (_, i) => ({ ...around(rng.chance(0.7) ? 2000 : 12_000), item: i }));
  const index = new NearbyIndex<number>();
  index.rebuild(points);
  const queries = Array.from({ length: 120 }, () => around(6000));
  const even = (i: number): boolean => i % 2 === 0;

  const scan = (q: LatLng, radiusM: number, limit: number, accept?: (i: number) => boolean) => {
    const hits: { item: number; distanceM: number }[] = [];
    for (const p of points) {
      const distanceM = haversineM(q, p);
      if (distanceM <= radiusM && (!accept || accept(p.item))) hits.push({ item: p.item, distanceM });
    }
    return hits.sort((a, b) => a.distanceM - b.distanceM || a.item - b.item).slice(0, limit);
  };
  const byDistanceThenId = (hits: { item: number; distanceM: number }[]) =>
    [...hits].sort((a, b) => a.distanceM - b.distanceM || a.item - b.item);

  it.each([
    [50, 20],
    [300, 5],
    [1000, 20],
    [2500, 50],
  ])('radius %d m, limit %d: same stations, same order', (radiusM, limit) => {
    let answered = 0;
    for (const q of queries) {
      const got = index.within(q, radiusM, limit);
      expect(byDistanceThenId(got)).toEqual(scan(q, radiusM, limit));
      if (got.length > 0) answered++;
    }
    expect(answered).toBeGreaterThan(5); // the queries really find stations, even at 50 m
  });

  it('applies a filter during the query (every other station)', () => {
    for (const q of queries.slice(0, 60)) {
      expect(byDistanceThenId(index.within(q, 1000, 20, even))).toEqual(scan(q, 1000, 20, even));
    }
  });

  it('nearest() gives the 3 nearest at any distance', () => {
    for (const q of queries.slice(0, 60)) {
      expect(byDistanceThenId(index.nearest(q, 3, even))).toEqual(scan(q, Infinity, 3, even));
    }
  });

  it('answers nothing from an empty index or for limit 0', () => {
    const empty = new NearbyIndex<number>();
    empty.rebuild([]);
    expect(empty.within(S, 1000, 20)).toEqual([]);
    expect(empty.nearest(S, 3)).toEqual([]);
    expect(index.within(S, 1000, 0)).toEqual([]);
  });
});
