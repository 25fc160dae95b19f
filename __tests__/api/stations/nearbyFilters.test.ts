/**
 * GET /stations/nearby filters, size and validation, and GET /stations/{id}, on the seed with a set clock.
 */
import http from 'http';
import zlib from 'zlib';
import { startServer, call, type TestServer } from '../../support/server';
import { loadSeed } from '../../../mock/seed/load';
import { haversineM } from '@/rules/geo';
import { openState, type OpeningHours } from '@/rules/hours';
import { sh } from '../../support/time';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());

const seed = loadSeed().stations;
const byId = new Map(seed.map((x) => [x.id, x]));
// 五一广场 (GCJ-02). 2026-12-02 is a Wednesday.
const WUYI = 'lat=37.861604&lng=112.57417';

type Item = {
  id: string;
  distanceM: number;
  openNow: boolean;
  openLabel: string;
  openDetail: string | null;
  is24h: boolean;
  kind: string;
  amenities: string[];
};
const nearby = async (query: string): Promise<{ stations: Item[]; nearestBeyond: Item[] }> => {
  const r = await call(`${s.api}/stations/nearby?${query}`);
  expect(r.status).toBe(200);
  return r.body;
};
/** Every seed station within 1 km of 五一广场, nearest first: the reference the filters are checked against. */
const within1km = seed
  .map((x) => ({ x, d: haversineM({ lat: 37.861604, lng: 112.57417 }, x) }))
  .filter((h) => h.d <= 1000)
  .sort((a, b) => a.d - b.d)
  .map((h) => h.x);

it('answers every station within 1 km of 五一广场 (the seed has fewer than 50 there), nearest first', async () => {
  const body = await nearby(`${WUYI}&limit=50`);
  expect(within1km.length).toBeGreaterThan(5);
  expect(within1km.length).toBeLessThan(50);
  expect(body.stations.map((x) => x.id)).toEqual(within1km.map((x) => x.id));
});

it('sends only the fields the list and the map show', async () => {
  const body = await nearby(WUYI);
  expect(Object.keys(body.stations[0]).sort()).toEqual(
    [
      'address',
      'amenities',
      'distanceM',
      'grade',
      'id',
      'is24h',
      'kind',
      'lat',
      'lng',
      'name',
      'openDetail',
      'openLabel',
      'openNow',
      'smart',
      'walkMinutes',
    ].sort(),
  );
});

it('is gzipped for a weak signal: 20 stations in under 2 KB on the wire', async () => {
  const raw = await new Promise<{ encoding?: string; bytes: Buffer }>((resolve, reject) => {
    http
      .get(`${s.api}/stations/nearby?${WUYI}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
  expect(raw.encoding).toBe('gzip');
  expect(raw.bytes.length).toBeLessThan(2048);
  expect(JSON.parse(zlib.gunzipSync(raw.bytes).toString('utf8')).stations).toHaveLength(Math.min(20, within1km.length));
});

it('gzips answers of every size to the same JSON as the plain answer (small ones use an 8 KB window)', async () => {
  const get = (query: string, encoding: string) =>
    new Promise<{ encoding?: string; bytes: Buffer }>((resolve, reject) => {
      http
        .get(`${s.api}/stations/nearby?${query}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  const sizes: number[] = [];
  for (const query of [`${WUYI}&limit=5`, WUYI, `${WUYI}&limit=50&radiusM=5000`]) {
    const plain = await get(query, 'identity');
    const gz = await get(query, 'gzip');
    expect(plain.encoding).toBeUndefined();
    expect(gz.encoding).toBe('gzip');
    expect(zlib.gunzipSync(gz.bytes).equals(plain.bytes)).toBe(true);
    sizes.push(plain.bytes.length);
  }
  // Below and above the 8 KB window, so both settings are exercised.
  expect(Math.min(...sizes)).toBeLessThan(8192);
  expect(Math.max(...sizes)).toBeGreaterThan(8192);
});

describe('filters', () => {
  it('amenities: every selected one must be present', async () => {
    const body = await nearby(`${WUYI}&limit=50&amenities=microwave,medicine_box`);
    const expected = within1km.filter((x) => x.amenities.includes('microwave') && x.amenities.includes('medicine_box'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(within1km.length);
    expect(body.stations.map((x) => x.id)).toEqual(expected.map((x) => x.id));
  });

  it('is24h', async () => {
    const body = await nearby(`${WUYI}&limit=50&is24h=true`);
    expect(body.stations.map((x) => x.id)).toEqual(within1km.filter((x) => x.hours.is24h).map((x) => x.id));
    expect(body.stations.every((x) => x.is24h && x.openLabel === '24小时')).toBe(true);
  });

  it('host kind', async () => {
    const kind = within1km[0].kind;
    const body = await nearby(`${WUYI}&limit=50&kind=${kind}`);
    expect(body.stations.map((x) => x.id)).toEqual(within1km.filter((x) => x.kind === kind).map((x) => x.id));
  });

  it.each([
    ['Wednesday 03:00 (only 24 h and overnight stations)', sh(2026, 12, 2, 3, 0)],
    ['Wednesday 10:00', sh(2026, 12, 2, 10, 0)],
    ['Sunday 20:30', sh(2026, 12, 6, 20, 30)],
  ])('openNow at %s, in Shanghai time whatever the server TZ', async (_label, nowMs) => {
    s.clock.nowMs = nowMs;
    try {
      const body = await nearby(`${WUYI}&limit=50&openNow=true`);
      const expected = within1km.filter((x) => openState(x.hours as OpeningHours, nowMs).status === 'open');
      expect(body.stations.map((x) => x.id)).toEqual(expected.map((x) => x.id));
      expect(body.stations.every((x) => x.openNow && (x.openLabel === '营业中' || x.openLabel === '24小时'))).toBe(true);
    } finally {
      s.clock.nowMs = null;
    }
  });

  it('shows 已打烊 with when it opens for a closed station', async () => {
    s.clock.nowMs = sh(2026, 12, 2, 3, 0);
    try {
      const body = await nearby(`${WUYI}&limit=50`);
      const closed = body.stations.find((x) => !x.openNow)!;
      expect(closed.openLabel).toBe('已打烊');
      expect(closed.openDetail).toMatch(/^今天 \d\d:\d\d 开门$/);
    } finally {
      s.clock.nowMs = null;
    }
  });

  it('nothing matches within 1 km: the three nearest matching beyond it', async () => {
    // Far out in 清徐县's fields: the nearest stations are kilometres away.
    const body = await nearby('lat=37.52&lng=112.2&kind=kiosk');
    expect(body.stations).toEqual([]);
    expect(body.nearestBeyond).toHaveLength(3);
    const d = body.nearestBeyond.map((x) => x.distanceM);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    expect(d[0]).toBeGreaterThan(1000);
    expect(body.nearestBeyond.every((x) => x.kind === 'kiosk')).toBe(true);
  });
});

describe('validation', () => {
  it.each([
    ['no position', 'coord=gcj02'],
    ['latitude out of range', 'lat=91&lng=112'],
    ['unknown system', `${WUYI}&coord=bd09`],
    ['unknown host kind', `${WUYI}&kind=casino`],
    ['unknown amenity', `${WUYI}&amenities=hot_water,sauna`],
    ['radius too large', `${WUYI}&radiusM=50000`],
  ])('%s -> 400 VALIDATION_FAILED with a message', async (_label, query) => {
    const r = await call(`${s.api}/stations/nearby?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('GET /stations/{id}', () => {
  it('gives hours, open state, phone, honours and doors', async () => {
    const closedOne = seed.find((x) => (x.hours.closures ?? []).some((c) => c.reason === '供暖管道改造'))!;
    s.clock.nowMs = sh(2026, 12, 10, 10, 0);
    try {
      const r = await call(`${s.api}/stations/${closedOne.id}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: closedOne.id, phone: closedOne.phone, hours: closedOne.hours, openNow: false });
      expect(r.body.open).toMatchObject({ status: 'suspended', label: '暂停开放', detail: '供暖管道改造' });
      expect(r.body.doors).toEqual(byId.get(closedOne.id)!.doors.map((d) => ({ id: d.id, name: d.name })));
    } finally {
      s.clock.nowMs = null;
    }
  });

  it('404 NOT_FOUND for an unknown station', async () => {
    const r = await call(`${s.api}/stations/nope`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});
