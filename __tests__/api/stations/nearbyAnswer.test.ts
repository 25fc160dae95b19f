/**
 * The nearby answer is written from bytes each listed station keeps between requests (nearbyAnswer.ts): it must
 * still be exact JSON for any name, and follow the clock when a station opens or closes.
 */
import { listedPoints, writeNearbyAnswer } from '../../../mock/src/features/stations/nearbyAnswer';
import type { Station } from '../../../mock/src/features/stations/repo';
import { sh } from '../../support/time';

// 2026-12-02 is a Wednesday.

const station = (over: Partial<Station>): Station => ({
  id: 'x1',
  name: '测试驿站',
  address: '太原市迎泽区测试路1号',
  district: '迎泽区',
  lat: 37.861604,
  lng: 112.57417,
  kind: 'community',
  grade: 2,
  honours: [],
  amenities: ['hot_water', 'seating'],
  hours: { is24h: false, weekly: Array.from({ length: 7 }, () => ['08:00-20:00']) },
  phone: '03512345678',
  smart: false,
  smartKind: null,
  ...over,
});

const answer = (stations: Station[], distancesM: number[], nowMs: number, beyond: Station[] = []) => {
  const listed = listedPoints([...stations, ...beyond]).map((p) => p.item);
  const bytes = writeNearbyAnswer(
    {
      center: { lat: 37.8616041234, lng: 112.5741709876 },
      radiusM: 1000,
      stations: stations.map((_, i) => ({ item: listed[i], distanceM: distancesM[i] })),
      nearestBeyond: beyond.map((_, i) => ({ item: listed[stations.length + i], distanceM: 250_000 + i })),
    },
    nowMs,
  );
  return { bytes, listed, body: JSON.parse(bytes.toString('utf8')) };
};

it('writes the same JSON a serialiser would, for names with quotes, backslashes, emoji and rare CJK', () => {
  const odd = station({ id: 'odd', name: '老"王"的\\驿站 🚲 𠀀', address: '路口\n东北角\u2028' });
  const { body, bytes } = answer([odd], [194.1449], sh(2026, 12, 2, 12, 0));
  expect(body).toEqual({
    center: { lat: 37.861604, lng: 112.574171, coord: 'gcj02' },
    radiusM: 1000,
    stations: [
      {
        id: 'odd',
        name: '老"王"的\\驿站 🚲 𠀀',
        address: '路口\n东北角\u2028',
        kind: 'community',
        grade: 2,
        lat: 37.861604,
        lng: 112.57417,
        is24h: false,
        smart: false,
        amenities: ['hot_water', 'seating'],
        distanceM: 194.1,
        walkMinutes: 3,
        openNow: true,
        openLabel: '营业中',
        openDetail: '至 20:00',
      },
    ],
    nearestBeyond: [],
  });
  // UTF-8 on the wire: 🚲 is 4 bytes, not a pair of escaped surrogates.
  expect(bytes.includes(Buffer.from('🚲'))).toBe(true);
});

it('follows the clock: the same listed station closes at 20:00 and opens at 08:00', () => {
  const s = station({});
  const listed = listedPoints([s])[0].item;
  const write = (nowMs: number) => {
    const bytes = writeNearbyAnswer({ center: s, radiusM: 1000, stations: [{ item: listed, distanceM: 10 }], nearestBeyond: [] }, nowMs);
    const [x] = JSON.parse(bytes.toString('utf8')).stations;
    return [x.openNow, x.openLabel, x.openDetail];
  };
  expect(write(sh(2026, 12, 2, 19, 59, 59))).toEqual([true, '营业中', '至 20:00']);
  expect(write(sh(2026, 12, 2, 20, 0))).toEqual([false, '已打烊', '明天 08:00 开门']);
  expect(write(sh(2026, 12, 2, 19, 59, 59))).toEqual([true, '营业中', '至 20:00']);
});

it('lists the nearest beyond the radius with their distances, and many stations in order', () => {
  const many = Array.from({ length: 50 }, (_, i) => station({ id: `s${i}` }));
  const far = [station({ id: 'far1' }), station({ id: 'far2' })];
  const { body } = answer(
    many,
    many.map((_, i) => i * 10.04),
    sh(2026, 12, 2, 9, 0),
    far,
  );
  expect(body.stations.map((x: { id: string }) => x.id)).toEqual(many.map((x) => x.id));
  expect(body.stations[49].distanceM).toBe(492);
  expect(
    body.nearestBeyond.map((x: { id: string; distanceM: number; walkMinutes: number | null }) => [x.id, x.distanceM, x.walkMinutes]),
  ).toEqual([
    ['far1', 250000, null], // 250 km: no walking time
    ['far2', 250001, null],
  ]);
  expect(body.stations[49].walkMinutes).toBe(8);
});
