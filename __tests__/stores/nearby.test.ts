/**
 * The nearby store: asks the API with the filters, keeps the last answer (in memory and in storage) with when it
 * was fetched, and still shows it when the network fails.
 */
import Taro from '@tarojs/taro';
import { storage, __reset } from '../stubs/taro';
import { fetchedAtText, NEARBY_CACHE_KEY, NO_FILTERS, useNearbyStore } from '@/stores/nearby';
import type { NearbyResponse } from '@/api/stations';
import { fakeApi, networkDown, type FakeAnswer } from '../support/fakeApi';
import { sh } from '../support/time';

const request = Taro.request as unknown as jest.Mock;
const STATION = {
  id: 'ty0100',
  name: '五一广场智慧爱心驿站',
  address: '太原市迎泽区五一广场',
  kind: 'kiosk',
  grade: 4,
  lat: 37.8633,
  lng: 112.5746,
  distanceM: 194.2,
  walkMinutes: 3,
  openNow: true,
  openLabel: '24小时',
  openDetail: null,
  is24h: true,
  smart: true,
  amenities: ['hot_water'],
};
const ANSWER: NearbyResponse = {
  center: { lat: 37.861604, lng: 112.57417, coord: 'gcj02' },
  radiusM: 1000,
  stations: [STATION],
  nearestBeyond: [],
};
const HERE = { lat: 37.861604, lng: 112.57417 };

const initial = useNearbyStore.getState();
beforeEach(() => {
  __reset();
  useNearbyStore.setState(initial, true);
  jest.useFakeTimers({ now: sh(2026, 11, 30, 14, 5), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
});
afterEach(() => jest.useRealTimers());

const lastUrl = (): string => request.mock.calls[request.mock.calls.length - 1][0].url as string;

it('asks within 1 km in GCJ-02 with every filter, and keeps the answer with its time', async () => {
  const api = fakeApi();
  api.on('GET /stations/nearby', { status: 200, body: ANSWER });
  useNearbyStore.getState().setFilters({ amenities: ['hot_water', 'toilet'], openNow: true, is24h: true, kind: 'kiosk' });
  await useNearbyStore.getState().search(HERE);
  const url = new URL(lastUrl(), 'http://x');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    lat: '37.861604',
    lng: '112.57417',
    coord: 'gcj02',
    radiusM: '1000',
    limit: '20',
    amenities: 'hot_water,toilet',
    openNow: 'true',
    is24h: 'true',
    kind: 'kiosk',
  });
  expect(useNearbyStore.getState()).toMatchObject({ result: ANSWER, fetchedAt: sh(2026, 11, 30, 14, 5), error: null, loading: false });
});

it('sends no filter parameters when none is set', async () => {
  fakeApi().on('GET /stations/nearby', { status: 200, body: ANSWER });
  await useNearbyStore.getState().search(HERE);
  expect(lastUrl()).toMatch(/\?lat=37\.861604&lng=112\.57417&coord=gcj02&radiusM=1000&limit=20$/);
});

it('keeps the last answer on screen when the network fails, with an error to retry', async () => {
  const api = fakeApi();
  api.on('GET /stations/nearby', { status: 200, body: ANSWER });
  await useNearbyStore.getState().search(HERE);
  jest.setSystemTime(sh(2026, 11, 30, 14, 30));
  api.on('GET /stations/nearby', networkDown);
  await useNearbyStore.getState().search(HERE);
  expect(useNearbyStore.getState()).toMatchObject({
    result: ANSWER,
    fetchedAt: sh(2026, 11, 30, 14, 5),
    error: '网络连接失败，请检查网络后重试',
  });
});

it('restores the persisted answer and its filters after a restart (offline start)', async () => {
  fakeApi().on('GET /stations/nearby', { status: 200, body: ANSWER });
  useNearbyStore.getState().setFilters({ is24h: true });
  await useNearbyStore.getState().search(HERE);
  expect(storage.has(NEARBY_CACHE_KEY)).toBe(true);

  useNearbyStore.setState(initial, true); // a fresh start: nothing in memory
  useNearbyStore.getState().restore();
  expect(useNearbyStore.getState()).toMatchObject({
    result: ANSWER,
    fetchedAt: sh(2026, 11, 30, 14, 5),
    filters: { ...NO_FILTERS, is24h: true },
  });
});

it('does not replace a fresher answer in memory by the stored one', async () => {
  storage.set(NEARBY_CACHE_KEY, JSON.stringify({ v: 2, data: { result: { ...ANSWER, stations: [] }, fetchedAt: 1, filters: NO_FILTERS } }));
  useNearbyStore.setState({ result: ANSWER, fetchedAt: 2 });
  useNearbyStore.getState().restore();
  expect(useNearbyStore.getState().result).toBe(ANSWER);
});

it.each([
  ['corrupt JSON', '{"v":2,"data":'],
  ['an older version', JSON.stringify({ v: 1, data: { result: ANSWER, fetchedAt: 1 } })],
  ['a wrong shape', JSON.stringify({ v: 2, data: { result: { stations: 'x' }, fetchedAt: 1, filters: NO_FILTERS } })],
])('ignores and discards %s in storage', (_label, raw) => {
  storage.set(NEARBY_CACHE_KEY, raw);
  useNearbyStore.getState().restore();
  expect(useNearbyStore.getState().result).toBeNull();
  expect(storage.has(NEARBY_CACHE_KEY)).toBe(false);
});

/** Lets the requests already sent reach the fake API (promise callbacks run; the clock stays put). */
const settle = () => jest.advanceTimersByTimeAsync(0);
const TOILET_ONLY: NearbyResponse = {
  ...ANSWER,
  stations: [{ ...STATION, id: 'ty0300', name: '桥头街公厕爱心驿站', amenities: ['toilet'] }],
};

describe('answers arriving out of order: only the latest search counts', () => {
  /** Holds each nearby answer until the test releases it, keyed by the amenities asked ('' for none). */
  function heldAnswers() {
    const api = fakeApi();
    const held = new Map<string, (a: FakeAnswer) => void>();
    api.on(
      'GET /stations/nearby',
      () => new Promise<FakeAnswer>((resolve) => held.set(api.calls[api.calls.length - 1].query.amenities ?? '', resolve)),
    );
    return held;
  }
  const storedFilters = () => JSON.parse(storage.get(NEARBY_CACHE_KEY) as string).data.filters;

  it('toilet on (slow) then off (fast): the late toilet-only answer neither shows nor is stored', async () => {
    const held = heldAnswers();
    const s = useNearbyStore.getState();
    s.setFilters({ amenities: ['toilet'] });
    const slow = s.search(HERE);
    s.setFilters({ amenities: [] });
    const fast = s.search(HERE);
    await settle();
    held.get('')!({ status: 200, body: ANSWER });
    await fast;
    held.get('toilet')!({ status: 200, body: TOILET_ONLY });
    await slow;
    expect(useNearbyStore.getState()).toMatchObject({ result: ANSWER, resultFilters: NO_FILTERS, filters: NO_FILTERS, loading: false });
    expect(storedFilters()).toEqual(NO_FILTERS);
    expect(JSON.parse(storage.get(NEARBY_CACHE_KEY) as string).data.result.stations[0].id).toBe('ty0100');
  });

  it('an older answer arriving first neither replaces the list nor ends the loading state', async () => {
    const held = heldAnswers();
    const s = useNearbyStore.getState();
    const older = s.search(HERE);
    s.setFilters({ amenities: ['toilet'] });
    const latest = s.search(HERE);
    await settle();
    held.get('')!({ status: 200, body: ANSWER });
    await older;
    expect(useNearbyStore.getState()).toMatchObject({ result: null, loading: true });
    held.get('toilet')!({ status: 200, body: TOILET_ONLY });
    await latest;
    expect(useNearbyStore.getState()).toMatchObject({
      result: TOILET_ONLY,
      resultFilters: { ...NO_FILTERS, amenities: ['toilet'] },
      loading: false,
    });
  });

  it('an older search failing late shows no error over the latest answer', async () => {
    const held = heldAnswers();
    const s = useNearbyStore.getState();
    s.setFilters({ amenities: ['toilet'] });
    const older = s.search(HERE);
    s.setFilters({ amenities: [] });
    const latest = s.search(HERE);
    await settle();
    held.get('')!({ status: 200, body: ANSWER });
    await latest;
    held.get('toilet')!({ status: 503, body: { error: { code: 'SERVER_ERROR', message: '服务暂时不可用，请稍后重试' } } });
    await older;
    expect(useNearbyStore.getState()).toMatchObject({ result: ANSWER, error: null, loading: false });
  });
});

it.each([
  ['a page that is not JSON', '<html><body>502 Bad Gateway</body></html>'],
  ['JSON without stations', {}],
  ['stations that are not a list', { stations: 'x', nearestBeyond: [] }],
])('a 200 answer that is %s is an error to retry, and the last list stays', async (_label, body) => {
  const api = fakeApi();
  api.on('GET /stations/nearby', { status: 200, body: ANSWER });
  await useNearbyStore.getState().search(HERE);
  api.on('GET /stations/nearby', { status: 200, body });
  await useNearbyStore.getState().search(HERE);
  expect(useNearbyStore.getState()).toMatchObject({ result: ANSWER, error: '驿站列表没有加载出来，请重试', loading: false });
  expect(JSON.parse(storage.get(NEARBY_CACHE_KEY) as string).data.result).toEqual(ANSWER);
});

describe('fetchedAtText (Shanghai time, whatever the phone zone)', () => {
  it.each([
    ['same day', sh(2026, 11, 30, 9, 7), sh(2026, 11, 30, 14, 0), '09:07'],
    ['yesterday', sh(2026, 11, 29, 23, 59), sh(2026, 11, 30, 0, 1), '昨天 23:59'],
    ['earlier', sh(2026, 11, 28, 8, 0), sh(2026, 11, 30, 8, 0), '11月28日 08:00'],
  ])('%s', (_label, at, now, text) => {
    expect(fetchedAtText(at, now)).toBe(text);
  });
});
