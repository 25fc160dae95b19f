/**
 * The early start (issue 16): index.html asks for the fix and the nearby answer while the app's code downloads,
 * and the app takes them up instead of asking again; with filters, a stale fix, a failure or no consent it
 * asks for itself as before. The inline script itself runs here too, from src/index.html.
 */
import fs from 'fs';
import path from 'path';
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { getFix, LocationError } from '@/platform/location';
import { resetEarlyStart } from '@/platform/earlyStart';
import { NEARBY_LIMIT, NO_FILTERS, SERVICE_RADIUS_M, useNearbyStore } from '@/stores/nearby';
import { LOCATION_CONSENT_KEY } from '@/stores/locationConsent';
import { CHOSEN_PLACE_KEY } from '@/stores/location';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { haversineM } from '@/rules/geo';
import { fakeApi } from '../support/fakeApi';

const request = Taro.request as unknown as jest.Mock;
/** 五一广场 in WGS-84 and in GCJ-02 (the reference pair of __tests__/rules/geo.test.ts). */
const WGS = { lat: 37.86111, lng: 112.56791 };
const GCJ = { lat: 37.861604, lng: 112.57417 };
const ANSWER = { center: { lat: 37.8617, lng: 112.5742, coord: 'gcj02' }, radiusM: 1000, stations: [], nearestBeyond: [] };
const OTHER = { ...ANSWER, stations: [{ id: 'fetched' }] };

type Early = { fix: Promise<unknown>; nearby: Promise<unknown> };
const setEarly = (e: Early | undefined) => {
  (window as unknown as { __yzEarly?: Early }).__yzEarly = e;
};

function browserGeo() {
  const geolocation = {
    getCurrentPosition: jest.fn((ok: PositionCallback) =>
      ok({ coords: { latitude: WGS.lat, longitude: WGS.lng, accuracy: 15 } } as GeolocationPosition),
    ),
  };
  Object.defineProperty(navigator, 'geolocation', { value: geolocation, configurable: true });
  Object.defineProperty(navigator, 'permissions', { value: { query: jest.fn(async () => ({ state: 'granted' })) }, configurable: true });
  Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
  return geolocation;
}

const initial = useNearbyStore.getState();
beforeEach(() => {
  __reset();
  resetEarlyStart();
  setEarly(undefined);
  useNearbyStore.setState(initial, true);
  delete process.env.TARO_ENV;
});

it('takes the early fix (converted to GCJ-02) and the early answer: no second location wait, no second request', async () => {
  const geo = browserGeo();
  setEarly({ fix: Promise.resolve({ ...WGS, accuracyM: 15, at: Date.now() }), nearby: Promise.resolve(ANSWER) });
  const api = fakeApi();
  api.on('GET /stations/nearby', { status: 200, body: OTHER });

  const fix = await getFix();
  expect(geo.getCurrentPosition).not.toHaveBeenCalled();
  expect(haversineM(fix, GCJ)).toBeLessThan(1);
  expect(fix).toMatchObject({ coord: 'gcj02', accuracyM: 15 });

  await useNearbyStore.getState().search(fix);
  expect(request).not.toHaveBeenCalled();
  expect(useNearbyStore.getState().result).toEqual(ANSWER);

  // Taken once: the next search (pull-down) asks the server.
  await useNearbyStore.getState().search(fix);
  expect(request).toHaveBeenCalledTimes(1);
  expect(useNearbyStore.getState().result).toEqual(OTHER);
});

it('asks the server itself when filters are set, or for any other position', async () => {
  browserGeo();
  setEarly({ fix: Promise.resolve({ ...WGS, accuracyM: 15, at: Date.now() }), nearby: Promise.resolve(ANSWER) });
  fakeApi().on('GET /stations/nearby', { status: 200, body: OTHER });
  const fix = await getFix();
  useNearbyStore.getState().setFilters({ ...NO_FILTERS, openNow: true });
  await useNearbyStore.getState().search(fix);
  expect(request).toHaveBeenCalledTimes(1);
  expect(useNearbyStore.getState().result).toEqual(OTHER);

  useNearbyStore.getState().setFilters(NO_FILTERS);
  await useNearbyStore.getState().search({ lat: fix.lat, lng: fix.lng });
  expect(request).toHaveBeenCalledTimes(2);
});

it('falls back to its own request when the early one failed or answered something that is not a list', async () => {
  browserGeo();
  setEarly({ fix: Promise.resolve({ ...WGS, accuracyM: 15, at: Date.now() }), nearby: Promise.resolve('<html>proxy</html>') });
  fakeApi().on('GET /stations/nearby', { status: 200, body: OTHER });
  await useNearbyStore.getState().search(await getFix());
  expect(request).toHaveBeenCalledTimes(1);
  expect(useNearbyStore.getState()).toMatchObject({ result: OTHER, error: null });
});

it('measures afresh when the early fix is older than 30 s, or when a fresh one is asked for', async () => {
  const geo = browserGeo();
  setEarly({ fix: Promise.resolve({ lat: 38, lng: 113, accuracyM: 15, at: Date.now() - 30_001 }), nearby: Promise.resolve(ANSWER) });
  const fix = await getFix();
  expect(geo.getCurrentPosition).toHaveBeenCalledTimes(1);
  expect(haversineM(fix, GCJ)).toBeLessThan(1);

  resetEarlyStart();
  setEarly({ fix: Promise.resolve({ lat: 38, lng: 113, accuracyM: 15, at: Date.now() }), nearby: Promise.resolve(ANSWER) });
  await getFix({ fresh: true });
  expect(geo.getCurrentPosition).toHaveBeenCalledTimes(2);
});

it("passes on the browser's refusal as the app's own failure kind", async () => {
  browserGeo();
  setEarly({ fix: Promise.resolve({ code: 1, message: 'User denied Geolocation' }), nearby: Promise.resolve(null) });
  const err = await getFix().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(LocationError);
  expect((err as LocationError).kind).toBe('denied');
});

describe("index.html's script", () => {
  const html = fs.readFileSync(path.resolve(__dirname, '..', '..', 'src', 'index.html'), 'utf8');
  const source = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).find((s) => s.includes('__yzEarly'))!;
  /** Runs the script as the build writes it (html-webpack-plugin's options filled in). */
  const run = () =>
    new Function(
      source
        .replace('<%= htmlWebpackPlugin.options.yzPrivacyVersion %>', PRIVACY_POLICY_VERSION)
        .replace('<%= htmlWebpackPlugin.options.yzApiBase %>', '/api/v1'),
    )();
  /** As Taro h5's setStorageSync writes the app's versioned consent (stores/storage.ts writeVersioned). */
  const consent = (policyVersion: string, decision: string) =>
    localStorage.setItem(
      LOCATION_CONSENT_KEY,
      JSON.stringify({ data: JSON.stringify({ v: 1, data: { policyVersion, decision, at: 1 } }) }),
    );
  let fetchMock: jest.Mock;
  beforeEach(() => {
    localStorage.clear();
    location.hash = '';
    fetchMock = jest.fn(async () => ({ ok: true, json: async () => ANSWER }));
    (window as unknown as { fetch: unknown }).fetch = fetchMock;
  });

  it('asks the same stations the store would (1 km, 20, no filters) around the browser fix, in WGS-84', async () => {
    browserGeo();
    consent(PRIVACY_POLICY_VERSION, 'granted');
    run();
    const early = (window as unknown as { __yzEarly: Early }).__yzEarly;
    await expect(early.nearby).resolves.toEqual(ANSWER);
    const url = new URL(fetchMock.mock.calls[0][0] as string, 'https://x');
    expect(url.pathname).toBe('/api/v1/stations/nearby');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lat: String(WGS.lat),
      lng: String(WGS.lng),
      coord: 'wgs84',
      radiusM: String(SERVICE_RADIUS_M),
      limit: String(NEARBY_LIMIT),
    });
  });

  it.each([
    ['no consent saved', () => undefined],
    ['consent declined', () => consent(PRIVACY_POLICY_VERSION, 'declined')],
    ['consent to an older notice', () => consent('2020-01-01', 'granted')],
    [
      'a place chosen by hand',
      () => {
        consent(PRIVACY_POLICY_VERSION, 'granted');
        localStorage.setItem(CHOSEN_PLACE_KEY, JSON.stringify({ data: '{}' }));
      },
    ],
    [
      'another page opened',
      () => {
        consent(PRIVACY_POLICY_VERSION, 'granted');
        location.hash = '#/pages/scan/index';
      },
    ],
  ])('starts nothing with %s', (_, arrange) => {
    const geo = browserGeo();
    arrange();
    run();
    expect((window as unknown as { __yzEarly?: Early }).__yzEarly).toBeUndefined();
    expect(geo.getCurrentPosition).not.toHaveBeenCalled();
  });

  it('on the door page asks for the fix alone (for the presence check), not the stations', async () => {
    browserGeo();
    consent(PRIVACY_POLICY_VERSION, 'granted');
    location.hash = '#/packages/unlock/pages/index/index?q=ABC';
    run();
    const early = (window as unknown as { __yzEarly: Early }).__yzEarly;
    await expect(early.fix).resolves.toMatchObject({ lat: WGS.lat, lng: WGS.lng, accuracyM: 15 });
    await expect(early.nearby).resolves.toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("never brings up the browser's own prompt: without a granted permission it asks nothing", async () => {
    const geo = browserGeo();
    Object.defineProperty(navigator, 'permissions', { value: { query: jest.fn(async () => ({ state: 'prompt' })) }, configurable: true });
    consent(PRIVACY_POLICY_VERSION, 'granted');
    run();
    const early = (window as unknown as { __yzEarly: Early }).__yzEarly;
    await expect(early.fix).resolves.toBeNull();
    await expect(early.nearby).resolves.toBeNull();
    expect(geo.getCurrentPosition).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
