/**
 * GET /stations/nearby and GET /stations/{id} against the real server. The oracle is a brute-force scan of the
 * committed seed (mock/seed/data/stations.json) with the haversine distance, independent of the server's index.
 */
import { startServer, call, type TestServer } from '../../support/server';
import { loadSeed } from '../../../mock/seed/load';
import { haversineM } from '@/rules/geo';
import { openState } from '@/rules/hours';
import type { SeedStation } from '../../../mock/seed/types';

/** 五一广场, one physical point in both datums (issue 2). */
const WUYI_WGS84 = { lat: 37.86111, lng: 112.56791 };
const WUYI_GCJ02 = { lat: 37.861604, lng: 112.57417 };
const LIST_FIELDS = [
  'id',
  'name',
  'address',
  'kind',
  'grade',
  'lat',
  'lng',
  'distanceM',
  'walkMinutes',
  'openNow',
  'openLabel',
  'openDetail',
  'is24h',
  'smart',
  'amenities',
].sort();

const seed = loadSeed().stations;

/** Seed stations passing `accept` within `radiusM` of a GCJ-02 point, nearest first, with their distances. */
function oracle(center: { lat: number; lng: number }, radiusM: number, accept: (s: SeedStation) => boolean = () => true) {
  return seed
    .map((s) => ({ s, d: haversineM(center, s) }))
    .filter((x) => x.d <= radiusM && accept(x.s))
    .sort((a, b) => a.d - b.d);
}

const nearby = (query: string) => call(`${s.api}/stations/nearby?${query}`);
const ids = (list: { id: string }[]): string[] => list.map((x) => x.id);
const at = `lat=${WUYI_GCJ02.lat}&lng=${WUYI_GCJ02.lng}`;

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());
afterEach(() => {
  s.clock.nowMs = null;
});

describe('GET /stations/nearby', () => {
  it('lists every station within 1 km of 五一广场, nearest first, with distance and walking minutes', async () => {
    const r = await nearby(at);
    expect(r.status).toBe(200);
    const expected = oracle(WUYI_GCJ02, 1000);
    expect(expected).toHaveLength(16);
    expect(ids(r.body.stations)).toEqual(expected.map((x) => x.s.id));
    r.body.stations.forEach((st: { distanceM: number }, i: number) => {
      expect(Math.abs(st.distanceM - expected[i].d)).toBeLessThanOrEqual(0.05);
    });
    // The smart kiosk on the square itself: 194.1 m away, 194.1 m / (1000 m / 15 min) = 2.9 -> 3 minutes.
    expect(r.body.stations[0]).toMatchObject({
      id: 'ty0195',
      name: '五一广场智慧爱心驿站',
      distanceM: 194.1,
      walkMinutes: 3,
      is24h: true,
      smart: true,
    });
    expect(r.body).toMatchObject({ center: { ...WUYI_GCJ02, coord: 'gcj02' }, radiusM: 1000, nearestBeyond: [] });
  });

  it('gives the same stations for a WGS-84 fix and the GCJ-02 coordinates of the same point', async () => {
    const gcj = await nearby(at);
    const wgs = await nearby(`lat=${WUYI_WGS84.lat}&lng=${WUYI_WGS84.lng}&coord=wgs84`);
    expect(wgs.status).toBe(200);
    expect(wgs.body.center).toEqual({ ...WUYI_GCJ02, coord: 'gcj02' });
    expect(ids(wgs.body.stations)).toEqual(ids(gcj.body.stations));
    wgs.body.stations.forEach((st: { distanceM: number }, i: number) => {
      // The conversion lands within a centimetre of the published GCJ-02 point; rounding to 0.1 m may differ by one step.
      expect(Math.abs(st.distanceM - gcj.body.stations[i].distanceM)).toBeLessThanOrEqual(0.1 + 1e-9);
    });
    // Reading the WGS-84 fix as if it were GCJ-02 would shift the search ~550 m west: a different list.
    const misread = await nearby(`lat=${WUYI_WGS84.lat}&lng=${WUYI_WGS84.lng}`);
    expect(ids(misread.body.stations)).not.toEqual(ids(gcj.body.stations));
  });

  it('honours limit and radiusM', async () => {
    const all = oracle(WUYI_GCJ02, 1000).map((x) => x.s.id);
    expect(ids((await nearby(`${at}&limit=5`)).body.stations)).toEqual(all.slice(0, 5));
    expect(ids((await nearby(`${at}&radiusM=300`)).body.stations)).toEqual(['ty0195', 'ty0206', 'ty0208']);
    const wide = await nearby(`${at}&radiusM=5000&limit=50`);
    expect(wide.body.stations).toHaveLength(50);
    expect(ids(wide.body.stations)).toEqual(
      oracle(WUYI_GCJ02, 5000)
        .slice(0, 50)
        .map((x) => x.s.id),
    );
  });

  it('keeps only stations that have every requested amenity', async () => {
    const r = await nearby(`${at}&amenities=toilet,wifi`);
    const expected = oracle(WUYI_GCJ02, 1000, (st) => st.amenities.includes('toilet') && st.amenities.includes('wifi'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(16);
    expect(ids(r.body.stations)).toEqual(expected.map((x) => x.s.id));
    for (const st of r.body.stations) expect(st.amenities).toEqual(expect.arrayContaining(['toilet', 'wifi']));
  });

  it('filters by kind and by 24-hour opening', async () => {
    const kiosks = await nearby(`${at}&kind=kiosk`);
    expect(ids(kiosks.body.stations)).toEqual(oracle(WUYI_GCJ02, 1000, (st) => st.kind === 'kiosk').map((x) => x.s.id));
    expect(kiosks.body.stations.length).toBeGreaterThan(0);
    const allDay = await nearby(`${at}&is24h=true`);
    expect(ids(allDay.body.stations)).toEqual(oracle(WUYI_GCJ02, 1000, (st) => st.hours.is24h).map((x) => x.s.id));
    expect(allDay.body.stations.every((st: { is24h: boolean }) => st.is24h)).toBe(true);
  });

  it('with openNow=true at 03:00 on a Tuesday keeps only stations open through the night', async () => {
    s.clock.nowMs = Date.parse('2026-12-01T03:00:00+08:00');
    const r = await nearby(`${at}&openNow=true`);
    const expected = oracle(WUYI_GCJ02, 1000, (st) => openState(st.hours, s.clock.nowMs!).status === 'open');
    expect(ids(r.body.stations)).toEqual(expected.map((x) => x.s.id));
    expect(r.body.stations.length).toBeGreaterThan(0);
    for (const st of r.body.stations) {
      const hours = seed.find((x) => x.id === st.id)!.hours;
      // Open at 03:00 means 24 h or a Monday interval that runs past midnight ('22:00-06:00').
      const overnight = hours.weekly[0].some((iv) => iv.slice(6) <= iv.slice(0, 5) || iv.slice(6) === '24:00');
      expect(hours.is24h || overnight).toBe(true);
      expect(st.openNow).toBe(true);
    }
    // Without the filter the closed ones are listed too, marked closed.
    const unfiltered = (await nearby(at)).body.stations;
    expect(unfiltered.length).toBeGreaterThan(r.body.stations.length);
    expect(unfiltered.some((st: { openNow: boolean }) => !st.openNow)).toBe(true);
  });

  it('offers the 3 nearest stations beyond the radius when none is inside it', async () => {
    // 38.5 N is in the mountains north of Taiyuan, tens of kilometres from any station.
    const far = { lat: 38.5, lng: 112.57 };
    const r = await nearby(`lat=${far.lat}&lng=${far.lng}`);
    expect(r.status).toBe(200);
    expect(r.body.stations).toEqual([]);
    const expected = oracle(far, Infinity).slice(0, 3);
    expect(expected[0].d).toBeGreaterThan(50_000);
    expect(ids(r.body.nearestBeyond)).toEqual(expected.map((x) => x.s.id));
    // The filters apply to the fallback too.
    const kiosks = await nearby(`lat=${far.lat}&lng=${far.lng}&kind=kiosk`);
    expect(ids(kiosks.body.nearestBeyond)).toEqual(
      oracle(far, Infinity, (st) => st.kind === 'kiosk')
        .slice(0, 3)
        .map((x) => x.s.id),
    );
  });

  it.each([
    ['lat missing', `lng=112.57`],
    ['lat not a number', `lat=abc&lng=112.57`],
    ['lat out of range', `lat=91&lng=112.57`],
    ['unknown datum', `${at}&coord=bd09`],
    ['radius too large', `${at}&radiusM=5001`],
    ['limit zero', `${at}&limit=0`],
    ['limit too large', `${at}&limit=51`],
    ['openNow not a boolean', `${at}&openNow=maybe`],
  ])('answers 400 VALIDATION_FAILED in Chinese for %s', async (_label, query) => {
    const r = await nearby(query);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('compresses the list with gzip when asked, and sends list fields only', async () => {
    const res = await fetch(`${s.api}/stations/nearby?${at}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = (await res.json()) as { stations: Record<string, unknown>[] };
    for (const st of body.stations) expect(Object.keys(st).sort()).toEqual(LIST_FIELDS);
    const plain = await fetch(`${s.api}/stations/nearby?${at}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });
});

describe('GET /stations/{id}', () => {
  it('answers the station with hours, amenities, duty phone and doors', async () => {
    const st = seed.find((x) => x.id === 'ty0195')!;
    s.clock.nowMs = Date.parse('2026-12-01T03:00:00+08:00');
    const r = await call(`${s.api}/stations/ty0195`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: 'ty0195',
      name: '五一广场智慧爱心驿站',
      district: '迎泽区',
      kind: 'kiosk',
      phone: st.phone,
      hours: st.hours,
      amenities: st.amenities,
      smart: true,
      is24h: true,
      openNow: true,
      open: { status: 'open', label: '24小时' },
    });
    expect(r.body.doors).toEqual(st.doors.map((d) => ({ id: d.id, name: d.name })));
    expect(r.body.doors.length).toBeGreaterThan(0);
  });

  it('answers 404 NOT_FOUND in Chinese for an unknown id', async () => {
    const r = await call(`${s.api}/stations/ty9999`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'NOT_FOUND', message: '没有找到这个驿站，它可能已撤站或更名' } });
  });
});
