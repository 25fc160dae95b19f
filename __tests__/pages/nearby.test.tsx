/**
 * The home page with the Taro stand-ins: the list near the worker, every location failure with its own message
 * and ways forward (each ending at stations), the last answer kept offline, filters, and the weapp map.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { storage, __reset, __show } from '../stubs/taro';
import NearbyPage from '@/pages/index/index';
import { useLocationStore } from '@/stores/location';
import { useLocationConsent } from '@/stores/locationConsent';
import { NEARBY_CACHE_KEY, NO_FILTERS, useNearbyStore } from '@/stores/nearby';
import { locationMessage, type LocationFailureKind } from '@/platform/location';
import { ROUTES } from '@/platform/routes';
import type { NearbyResponse, NearbyStation } from '@/api/stations';
import { fakeApi, networkDown, type FakeAnswer, type FakeApi } from '../support/fakeApi';

// The weapp <Map> stand-in draws one button per marker, so a test can tap a marker as WeChat reports it. The
// <ScrollView> stand-in shows which child it was told to scroll into view.
type MockMarker = { id: number; title: string };
jest.mock('@tarojs/components', () => {
  const actual = jest.requireActual('@tarojs/components');
  const R = jest.requireActual('react');
  return {
    ...actual,
    Map: (p: { markers: MockMarker[]; onMarkerTap: (e: { detail: { markerId: number } }) => void }) =>
      R.createElement(
        'div',
        { 'data-testid': 'station-map' },
        p.markers.map((m: MockMarker) =>
          R.createElement(
            'button',
            { key: m.id, 'data-testid': `marker-${m.id}`, onClick: () => p.onMarkerTap({ detail: { markerId: m.id } }) },
            m.title,
          ),
        ),
      ),
    ScrollView: (p: { children?: unknown }) => R.createElement('div', { 'data-testid': 'scroll-view' }, p.children),
  };
});

const station = (id: string, name: string, distanceM: number, extra: Partial<NearbyStation> = {}): NearbyStation => ({
  id,
  name,
  address: `太原市迎泽区${name}`,
  kind: 'community',
  grade: 3,
  lat: 37.8633,
  lng: 112.5746,
  distanceM,
  walkMinutes: distanceM > 3000 ? null : Math.max(1, Math.ceil((distanceM * 15) / 1000)),
  openNow: true,
  openLabel: '营业中',
  openDetail: '至 20:00',
  is24h: false,
  smart: false,
  amenities: ['hot_water', 'toilet'],
  ...extra,
});
const NEAR: NearbyResponse = {
  center: { lat: 37.861604, lng: 112.57417, coord: 'gcj02' },
  radiusM: 1000,
  stations: [
    station('ty0100', '五一广场智慧爱心驿站', 194.2, { openLabel: '24小时', openDetail: null, is24h: true }),
    station('ty0200', '桥头街爱心驿站', 640),
  ],
  nearestBeyond: [],
};
const PLACES = [
  { id: 'district_140106', name: '迎泽区', kind: 'district', district: '迎泽区', lat: 37.855804, lng: 112.558851 },
  { id: 'wuyi_square', name: '五一广场', kind: 'landmark', district: '迎泽区', lat: 37.861604, lng: 112.57417 },
];

const getLocation = Taro.getLocation as unknown as jest.Mock;
const getSetting = Taro.getSetting as unknown as jest.Mock;
const request = Taro.request as unknown as jest.Mock;
/** Query of the last nearby request. */
const lastNearbyQuery = () => {
  const urls = request.mock.calls.map((c) => c[0].url as string).filter((u) => u.includes('/stations/nearby'));
  return Object.fromEntries(new URL(urls[urls.length - 1], 'http://x').searchParams);
};

type GeoError = { code: number; message: string };
function browser(opts: {
  pos?: { lat: number; lng: number };
  err?: GeoError;
  permission?: PermissionState;
  secure?: boolean;
  noGeo?: boolean;
}) {
  const geo = opts.noGeo
    ? undefined
    : {
        getCurrentPosition: jest.fn((ok: PositionCallback, bad: PositionErrorCallback) =>
          opts.err
            ? bad(opts.err as GeolocationPositionError)
            : ok({ coords: { latitude: opts.pos!.lat, longitude: opts.pos!.lng, accuracy: 20 } } as GeolocationPosition),
        ),
      };
  Object.defineProperty(navigator, 'geolocation', { value: geo, configurable: true });
  Object.defineProperty(navigator, 'permissions', {
    value: opts.permission ? { query: async () => ({ state: opts.permission }) } : undefined,
    configurable: true,
  });
  Object.defineProperty(window, 'isSecureContext', { value: opts.secure ?? true, configurable: true });
}

let api: FakeApi;
const initialLocation = useLocationStore.getState();
const initialNearby = useNearbyStore.getState();
beforeEach(() => {
  __reset();
  delete process.env.TARO_ENV;
  useLocationStore.setState(initialLocation, true);
  useNearbyStore.setState(initialNearby, true);
  useLocationConsent.setState({ decision: 'granted' });
  api = fakeApi();
  api.on('GET /stations/nearby', { status: 200, body: NEAR });
  api.on('GET /places', { status: 200, body: { places: PLACES } });
  getSetting.mockResolvedValue({ authSetting: {} });
});
afterEach(cleanup);

const buttons = () => screen.queryAllByRole('button').map((b) => b.textContent);
/** Unfolds the filter chips (they start folded behind 筛选). */
const openFilters = () => fireEvent.click(screen.getByTestId('filter-toggle'));

it('h5: lists the stations near a browser at 五一广场, searching in GCJ-02, and opens one', async () => {
  browser({ pos: { lat: 37.86111, lng: 112.56791 } });
  render(<NearbyPage />);
  await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
  expect(Number(lastNearbyQuery().lat)).toBeCloseTo(37.861604, 5);
  expect(Number(lastNearbyQuery().lng)).toBeCloseTo(112.57417, 5);
  expect(screen.getByText('194米')).toBeTruthy();
  expect(screen.queryByTestId('station-map')).toBeNull(); // h5 has no map
  fireEvent.click(screen.getByText('五一广场智慧爱心驿站'));
  await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.station('ty0100') }));
});

describe("h5: the station page's code (loaded on first visit, so offline it may never come)", () => {
  /** Stands in for the route table of Taro's h5 entry; the station page's loader answers with `chunk()`. */
  function routeTable(chunk: () => Promise<unknown>): jest.Mock {
    const load = jest.fn(() => [chunk(), undefined, undefined]);
    (globalThis as { __taroAppConfig?: unknown }).__taroAppConfig = {
      routes: [
        { path: 'pages/index/index', load: jest.fn() },
        { path: 'pages/station/index', load },
      ],
    };
    return load;
  }
  afterEach(() => {
    delete (globalThis as { __taroAppConfig?: unknown }).__taroAppConfig;
    document.documentElement.removeAttribute('data-pages-loaded');
  });

  it('is fetched once the list has shown, while the network is there', async () => {
    const load = routeTable(async () => ({ default: () => null }));
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    await waitFor(() => expect(document.documentElement.getAttribute('data-pages-loaded')).toBe('pages/station/index'));
    expect(load).toHaveBeenCalledTimes(1);
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });

  it('not fetched and the network gone: a tapped card says so and shows all the list has; online again, a tap opens the page', async () => {
    let online = false;
    routeTable(() =>
      online ? Promise.resolve({}) : Promise.reject(Object.assign(new Error('Loading chunk 3738 failed.'), { name: 'ChunkLoadError' })),
    );
    const seven = ['hot_water', 'toilet', 'charging', 'seating', 'microwave', 'air_conditioning', 'umbrella'];
    api.on('GET /stations/nearby', {
      status: 200,
      body: {
        ...NEAR,
        stations: [
          station('ty0100', '五一广场智慧爱心驿站', 194.2, { kind: 'petrol_station', grade: 4, smart: true, amenities: seven }),
          NEAR.stations[1],
        ],
      },
    });
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    const [card] = await screen.findAllByTestId('station-card');
    expect(within(card).queryByText('空调')).toBeNull(); // a card shows five amenities
    expect(within(card).queryByText('微波炉')).not.toBeNull();

    fireEvent.click(within(card).getByText('五一广场智慧爱心驿站'));
    const note = await within(card).findByTestId('station-offline');
    expect(within(note).getByRole('alert').textContent).toBe('网络不通，驿站详情打不开；联网后再点一次这张卡片。');
    expect(within(note).getByTestId('station-offline-kind').textContent).toBe('四星驿站 · 加油站+爱心驿站');
    expect(note.textContent).toContain('24小时无人值守智慧驿站：扫门上的二维码开门');
    expect(within(card).getAllByText(/^(开水|卫生间|充电充气|休息座椅|微波炉|空调|爱心雨伞)$/)).toHaveLength(7);
    expect(within(card).getByText('太原市迎泽区五一广场智慧爱心驿站')).toBeTruthy();
    expect(within(card).getByText('194米')).toBeTruthy();
    expect(Taro.navigateTo).not.toHaveBeenCalled();

    online = true;
    fireEvent.click(within(card).getByText('五一广场智慧爱心驿站'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.station('ty0100') }));
    expect(screen.queryByTestId('station-offline')).toBeNull();
  });
});

describe('every location failure gets its own message and ways forward', () => {
  const RETRY = '重新定位';
  const SETTINGS = '去设置打开位置权限';
  const MAP = '在地图上选择位置';
  const PLACE = '选择所在区域或地标';

  it.each<[string, Parameters<typeof browser>[0], LocationFailureKind, string[]]>([
    ['refused now', { err: { code: 1, message: 'User denied Geolocation' } }, 'denied', [RETRY, PLACE]],
    ['refused before', { permission: 'denied' }, 'denied_before', [RETRY, PLACE]],
    ['location off', { err: { code: 2, message: '' } }, 'system_off', [RETRY, PLACE]],
    ['timeout', { err: { code: 3, message: '' } }, 'timeout', [RETRY, PLACE]],
    ['unsupported browser', { noGeo: true }, 'unsupported', [PLACE]],
    ['insecure origin', { secure: false }, 'insecure', [PLACE]],
  ])('h5, %s', async (_label, setup, kind, ways) => {
    browser(setup);
    render(<NearbyPage />);
    const box = await screen.findByTestId('location-fallback');
    expect(box.getAttribute('data-kind')).toBe(kind);
    expect(within(box).getByTestId('location-message').textContent).toBe(locationMessage(kind));
    expect(
      within(box)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(ways);
  });

  it.each<[string, () => void, LocationFailureKind, string[]]>([
    ['refused now', () => getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' }), 'denied', [SETTINGS, MAP, PLACE]],
    [
      'refused before',
      () => getSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': false } }),
      'denied_before',
      [SETTINGS, MAP, PLACE],
    ],
    [
      'location off',
      () => getLocation.mockRejectedValue({ errMsg: 'getLocation:fail system permission denied' }),
      'system_off',
      [RETRY, MAP, PLACE],
    ],
    ['timeout', () => getLocation.mockRejectedValue({ errMsg: 'getLocation:fail timeout' }), 'timeout', [RETRY, MAP, PLACE]],
  ])('weapp, %s', async (_label, setup, kind, ways) => {
    process.env.TARO_ENV = 'weapp';
    setup();
    render(<NearbyPage />);
    const box = await screen.findByTestId('location-fallback');
    expect(box.getAttribute('data-kind')).toBe(kind);
    expect(within(box).getByTestId('location-message').textContent).toBe(locationMessage(kind));
    expect(
      within(box)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(ways);
  });

  it('h5, refused: choosing a landmark still ends at a station', async () => {
    browser({ err: { code: 1, message: 'User denied Geolocation' } });
    render(<NearbyPage />);
    fireEvent.click(await screen.findByText(PLACE));
    fireEvent.click(await screen.findByText('五一广场'));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(lastNearbyQuery()).toMatchObject({ lat: '37.861604', lng: '112.57417', coord: 'gcj02' });
    expect(screen.getByTestId('manual-place').textContent).toContain('五一广场');
    expect(screen.queryByTestId('location-fallback')).toBeNull();
    fireEvent.click(screen.getByText('桥头街爱心驿站'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.station('ty0200') }));
  });

  it('the place list failing to load says so and can be tried again', async () => {
    browser({ noGeo: true });
    api.on('GET /places', networkDown);
    render(<NearbyPage />);
    fireEvent.click(await screen.findByText(PLACE));
    expect(await screen.findByText('地点列表没有加载出来，请检查网络后再点一次')).toBeTruthy();
    api.on('GET /places', { status: 200, body: { places: PLACES } });
    fireEvent.click(screen.getByText(PLACE));
    expect(await screen.findByText('迎泽区')).toBeTruthy();
  });

  it('timeout, then retry succeeds', async () => {
    browser({ err: { code: 3, message: 'Timeout expired' } });
    render(<NearbyPage />);
    await screen.findByTestId('location-fallback');
    browser({ pos: { lat: 37.86111, lng: 112.56791 } });
    fireEvent.click(screen.getByText(RETRY));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(screen.queryByTestId('location-fallback')).toBeNull();
  });

  it('weapp, refused before: the settings page, location switched on, then stations', async () => {
    process.env.TARO_ENV = 'weapp';
    getSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': false } });
    (Taro.openSetting as unknown as jest.Mock).mockResolvedValue({ authSetting: { 'scope.userLocation': true } });
    render(<NearbyPage />);
    await screen.findByTestId('location-fallback');
    getSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': true } });
    getLocation.mockResolvedValue({ latitude: 37.861604, longitude: 112.57417, accuracy: 20 });
    fireEvent.click(screen.getByText(SETTINGS));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(Taro.openSetting).toHaveBeenCalled();
  });

  it('weapp, location off: a point picked on the map, then stations', async () => {
    process.env.TARO_ENV = 'weapp';
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail system permission denied' });
    (Taro.chooseLocation as unknown as jest.Mock).mockResolvedValue({ name: '柳巷', address: '', latitude: 37.8676, longitude: 112.5712 });
    render(<NearbyPage />);
    fireEvent.click(await screen.findByText(MAP));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(lastNearbyQuery()).toMatchObject({ lat: '37.8676', lng: '112.5712' });
    expect(screen.getByTestId('manual-place').textContent).toContain('柳巷');
  });
});

it('offline: the last answer stays, marked with when it was fetched', async () => {
  // Stored at 08:00 Shanghai on the day before "now".
  const now = Date.UTC(2026, 10, 30, 6, 0); // 14:00 Shanghai
  jest.useFakeTimers({ now, advanceTimers: true });
  try {
    storage.set(
      NEARBY_CACHE_KEY,
      JSON.stringify({ v: 2, data: { result: NEAR, fetchedAt: Date.UTC(2026, 10, 29, 0, 0), filters: NO_FILTERS } }),
    );
    browser({ pos: { lat: 37.86111, lng: 112.56791 } });
    api.on('GET /stations/nearby', networkDown);
    render(<NearbyPage />);
    await screen.findByTestId('stale-banner');
    expect(screen.getByTestId('stale-banner').textContent).toBe('网络不佳，下面是 昨天 08:00 查到的驿站，可能已有变化');
    expect(screen.getAllByTestId('station-card')).toHaveLength(2);
    expect(screen.getByText('网络连接失败，请检查网络后重试')).toBeTruthy();
  } finally {
    jest.useRealTimers();
  }
});

it('nothing within 1 km: says so and shows the three nearest with their distance', async () => {
  api.on('GET /stations/nearby', {
    status: 200,
    body: {
      ...NEAR,
      stations: [],
      nearestBeyond: [station('a', '甲驿站', 1320), station('b', '乙驿站', 1850), station('c', '丙驿站', 2400)],
    },
  });
  browser({ pos: { lat: 37.6, lng: 112.3 } });
  render(<NearbyPage />);
  const none = await screen.findByTestId('none-within');
  expect(none.textContent).toContain('1公里内没有驿站。离您最近的在1.3公里外，下面是最近的3个：');
  expect(
    within(none)
      .getAllByTestId('station-card')
      .map((c) => within(c).getByText(/公里$/).textContent),
  ).toEqual(['1.3公里', '1.9公里', '2.4公里']);
});

it('far from every station (a worker 180 km out): distances in km and a ride suggested, not a 2,700-minute walk', async () => {
  api.on('GET /stations/nearby', {
    status: 200,
    body: {
      ...NEAR,
      stations: [],
      nearestBeyond: [station('a', '甲驿站', 2950), station('b', '乙驿站', 181_400), station('c', '丙驿站', 182_600)],
    },
  });
  browser({ pos: { lat: 36.2, lng: 113.1 } });
  render(<NearbyPage />);
  const none = await screen.findByTestId('none-within');
  const cards = within(none).getAllByTestId('station-card');
  expect(cards.map((c) => within(c).getByText(/公里$/).textContent)).toEqual(['3公里', '181公里', '183公里']);
  expect(within(cards[0]).getByText('步行约45分钟')).toBeTruthy();
  expect(within(cards[1]).getByText('较远，建议骑行或乘车')).toBeTruthy();
  expect(none.textContent).not.toMatch(/步行约\d{3,}分钟/);
});

it('filters: amenity, open now and host kind search again with them', async () => {
  browser({ pos: { lat: 37.86111, lng: 112.56791 } });
  render(<NearbyPage />);
  await screen.findAllByTestId('station-card');
  openFilters();
  fireEvent.click(screen.getByTestId('filter-toilet'));
  await waitFor(() => expect(lastNearbyQuery().amenities).toBe('toilet'));
  fireEvent.click(screen.getByTestId('filter-openNow'));
  await waitFor(() => expect(lastNearbyQuery().openNow).toBe('true'));
  fireEvent.click(screen.getByTestId('filter-kind-petrol_station'));
  await waitFor(() => expect(lastNearbyQuery()).toMatchObject({ kind: 'petrol_station', amenities: 'toilet', openNow: 'true' }));
  expect(screen.getByTestId('filter-kind-petrol_station').textContent).toBe('加油站');
  fireEvent.click(screen.getByTestId('filter-kind-all'));
  await waitFor(() => expect(lastNearbyQuery().kind).toBeUndefined());
});

it('weapp: list and map switch; tapping a marker opens its station', async () => {
  process.env.TARO_ENV = 'weapp';
  getLocation.mockResolvedValue({ latitude: 37.861604, longitude: 112.57417, accuracy: 20 });
  render(<NearbyPage />);
  await screen.findAllByTestId('station-card');
  fireEvent.click(screen.getByTestId('view-map'));
  const map = screen.getByTestId('station-map');
  expect(
    within(map)
      .getAllByRole('button')
      .map((b) => b.textContent),
  ).toEqual(['五一广场智慧爱心驿站', '桥头街爱心驿站']);
  fireEvent.click(screen.getByTestId('marker-2'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.station('ty0200') });
  fireEvent.click(screen.getByTestId('view-list'));
  expect(screen.queryByTestId('station-map')).toBeNull();
  expect(buttons()).toContain('扫码开门');
});

describe('separate consent to precise location (PIPL art. 29), asked before any location is read', () => {
  beforeEach(() => {
    useLocationConsent.setState({ decision: 'unknown' });
    api.on('POST /me/consents', { status: 201, body: {} });
  });

  it('first visit: explains why, reads no location until the worker agrees, then lists stations and remembers', async () => {
    browser({ pos: { lat: 37.86111, lng: 112.56791 } });
    render(<NearbyPage />);
    const fallback = await screen.findByTestId('location-fallback');
    expect(fallback.getAttribute('data-kind')).toBe('not_consented');
    expect(screen.getByTestId('location-message').textContent).toContain('不记录行动轨迹');
    expect((navigator.geolocation.getCurrentPosition as jest.Mock).mock.calls).toHaveLength(0);
    fireEvent.click(screen.getByTestId('location-consent-agree'));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(JSON.parse(storage.get('yz.locationConsent') as string).data).toMatchObject({
      decision: 'granted',
      policyVersion: expect.any(String),
    });
    await waitFor(() => expect(api.calls.find((c) => c.path === '/me/consents')?.body).toMatchObject({ kind: 'location' }));
  });

  it('without consent a landmark still ends at a station, and no location is read', async () => {
    browser({ pos: { lat: 37.86111, lng: 112.56791 } });
    render(<NearbyPage />);
    fireEvent.click(await screen.findByText('选择所在区域或地标'));
    fireEvent.click(await screen.findByText('五一广场'));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect((navigator.geolocation.getCurrentPosition as jest.Mock).mock.calls).toHaveLength(0);
  });

  it('a consent given under an older privacy notice asks again', async () => {
    storage.set('yz.locationConsent', JSON.stringify({ v: 1, data: { policyVersion: '2020-01-01', decision: 'granted', at: 1 } }));
    browser({ pos: { lat: 37.86111, lng: 112.56791 } });
    render(<NearbyPage />);
    expect((await screen.findByTestId('location-fallback')).getAttribute('data-kind')).toBe('not_consented');
  });
});

/** Every GET /stations/nearby the page sent. */
const nearbyCalls = () => request.mock.calls.filter((c) => (c[0].url as string).includes('/stations/nearby'));
const WUYI_WGS84 = { lat: 37.86111, lng: 112.56791 };
const TOILET_ONLY: NearbyResponse = { ...NEAR, stations: [station('ty0300', '桥头街公厕爱心驿站', 420, { amenities: ['toilet'] })] };
const pressed = (testId: string) => screen.getByTestId(testId).getAttribute('aria-pressed');

/** Holds each nearby answer until the test releases it, keyed by the amenities asked ('' for none). */
function holdNearbyAnswers() {
  const held = new Map<string, (a: FakeAnswer) => void>();
  api.on(
    'GET /stations/nearby',
    () => new Promise<FakeAnswer>((resolve) => held.set(api.calls[api.calls.length - 1].query.amenities ?? '', resolve)),
  );
  return held;
}
const release = (held: Map<string, (a: FakeAnswer) => void>, key: string, answer: FakeAnswer) => act(async () => held.get(key)!(answer));

describe('filters', () => {
  it('start folded behind one 筛选 chip with the count of those on; 筛选 opens the chips, 收起 folds them, the names stay', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    const toggle = screen.getByTestId('filter-toggle');
    expect(toggle.textContent).toBe('筛选▾');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('filter-toilet')).toBeNull();
    expect(screen.queryByTestId('filter-kind-all')).toBeNull();

    fireEvent.click(toggle);
    expect(screen.getByTestId('filter-toggle').getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByTestId('filter-toilet'));
    fireEvent.click(screen.getByTestId('filter-is24h'));
    await waitFor(() => expect(lastNearbyQuery()).toMatchObject({ amenities: 'toilet', is24h: 'true' }));
    expect(screen.getByTestId('filter-toggle').textContent).toBe('筛选2▴');

    fireEvent.click(screen.getByText('收起'));
    expect(screen.queryByTestId('filter-toilet')).toBeNull();
    expect(screen.getByTestId('filter-toggle').textContent).toBe('筛选2▾');
    expect(screen.getByTestId('filter-notice').textContent).toBe('已筛选：卫生间、24小时清除筛选');
    expect(screen.getAllByTestId('station-card')).toHaveLength(2);
  });

  it('fast taps (toilet on, then off) end with the list of the chips on screen, whatever order the answers come in', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    const held = holdNearbyAnswers();
    openFilters();
    fireEvent.click(screen.getByTestId('filter-toilet'));
    fireEvent.click(screen.getByTestId('filter-toilet'));
    await release(held, '', { status: 200, body: NEAR });
    await release(held, 'toilet', { status: 200, body: TOILET_ONLY });
    expect(pressed('filter-toilet')).toBe('false');
    expect(screen.getAllByTestId('station-card').map((c) => c.getAttribute('data-station-id'))).toEqual(['ty0100', 'ty0200']);
    expect(screen.queryByTestId('updating')).toBeNull();
    expect(JSON.parse(storage.get(NEARBY_CACHE_KEY) as string).data).toMatchObject({
      filters: NO_FILTERS,
      result: { stations: [{ id: 'ty0100' }, { id: 'ty0200' }] },
    });
  });

  it('a saved host kind shows after reopening: 已筛选 with its name, and one tap clears it (the chip scrolling into view is an e2e test)', async () => {
    const saved = { ...NO_FILTERS, kind: 'petrol_station' };
    storage.set(NEARBY_CACHE_KEY, JSON.stringify({ v: 2, data: { result: NEAR, fetchedAt: Date.now() - 60_000, filters: saved } }));
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await waitFor(() => expect(lastNearbyQuery().kind).toBe('petrol_station'));
    expect(screen.getByTestId('filter-notice').textContent).toContain('已筛选：加油站');
    expect(screen.getByTestId('filter-toggle').textContent).toBe('筛选1▾'); // folded, with the count
    fireEvent.click(within(screen.getByTestId('filter-notice')).getByText('清除筛选'));
    await waitFor(() => expect(lastNearbyQuery().kind).toBeUndefined());
    expect(screen.queryByTestId('filter-notice')).toBeNull();
    openFilters();
    expect(pressed('filter-kind-all')).toBe('true');
    expect(pressed('filter-kind-petrol_station')).toBe('false');
  });

  it('several filters are named in the 已筛选 line, in the order of the chips', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    expect(screen.queryByTestId('filter-notice')).toBeNull();
    openFilters();
    fireEvent.click(screen.getByTestId('filter-kind-bank_branch'));
    fireEvent.click(screen.getByTestId('filter-openNow'));
    fireEvent.click(screen.getByTestId('filter-toilet'));
    await waitFor(() => expect(lastNearbyQuery()).toMatchObject({ kind: 'bank_branch', openNow: 'true', amenities: 'toilet' }));
    expect(screen.getByTestId('filter-notice').textContent).toContain('已筛选：卫生间、营业中、银行网点');
  });

  it('nothing matching the filters anywhere: says it is the filters (not "附近也没有"), and 清除筛选 brings stations back', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    api.on('GET /stations/nearby', { status: 200, body: { ...NEAR, stations: [], nearestBeyond: [] } });
    openFilters();
    fireEvent.click(screen.getByTestId('filter-kind-public_toilet'));
    const none = await screen.findByTestId('none-within');
    expect(none.textContent).toContain('没有符合筛选条件的驿站');
    expect(none.textContent).not.toContain('附近也没有');
    expect(screen.getAllByText('清除筛选')).toHaveLength(1);
    api.on('GET /stations/nearby', { status: 200, body: NEAR });
    fireEvent.click(within(none).getByText('清除筛选'));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(lastNearbyQuery().kind).toBeUndefined();
  });

  it('offline, a tapped filter: the banner says the filters did not take effect, and 重试 applies them', async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 10, 30, 6, 0), advanceTimers: true }); // 14:00 Shanghai
    try {
      browser({ pos: WUYI_WGS84 });
      render(<NearbyPage />);
      await screen.findAllByTestId('station-card');
      api.on('GET /stations/nearby', networkDown);
      jest.setSystemTime(Date.UTC(2026, 10, 30, 6, 7));
      openFilters();
      fireEvent.click(screen.getByTestId('filter-toilet'));
      expect((await screen.findByTestId('stale-banner')).textContent).toBe('网络不佳，筛选未生效，下面是 14:00 查到的驿站');
      expect(pressed('filter-toilet')).toBe('true');
      api.on('GET /stations/nearby', { status: 200, body: TOILET_ONLY });
      fireEvent.click(screen.getByText('重试'));
      await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(1));
      expect(lastNearbyQuery().amenities).toBe('toilet');
      expect(screen.queryByTestId('stale-banner')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('changing a filter with a list on screen says 正在更新… and keeps the list until the answer', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    const held = holdNearbyAnswers();
    openFilters();
    fireEvent.click(screen.getByTestId('filter-toilet'));
    expect(screen.getByTestId('updating').textContent).toBe('正在更新…');
    expect(screen.getAllByTestId('station-card')).toHaveLength(2);
    await release(held, 'toilet', { status: 200, body: TOILET_ONLY });
    expect(screen.queryByTestId('updating')).toBeNull();
    expect(screen.getAllByTestId('station-card')).toHaveLength(1);
  });
});

describe('where the list is searched from', () => {
  /** A browser whose geolocation never calls back (an unanswered permission prompt). */
  function silentBrowser() {
    Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition: jest.fn() }, configurable: true });
    Object.defineProperty(navigator, 'permissions', { value: undefined, configurable: true });
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
  }

  it('location never answering: a place can be chosen while locating, and after 15 s it is the timeout with its ways forward', async () => {
    jest.useFakeTimers();
    try {
      silentBrowser();
      render(<NearbyPage />);
      const locating = screen.getByTestId('locating');
      expect(locating.textContent).toContain('正在定位…');
      expect(within(locating).getByText('选择所在区域或地标')).toBeTruthy();
      await act(() => jest.advanceTimersByTimeAsync(14_999));
      expect(screen.queryByTestId('location-fallback')).toBeNull();
      await act(() => jest.advanceTimersByTimeAsync(1));
      const box = screen.getByTestId('location-fallback');
      expect(box.getAttribute('data-kind')).toBe('timeout');
      expect(
        within(box)
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(['重新定位', '选择所在区域或地标']);
      expect(screen.queryByTestId('locating')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('a place chosen while locating gives stations, and the late timeout does not undo it', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      silentBrowser();
      render(<NearbyPage />);
      fireEvent.click(within(screen.getByTestId('locating')).getByText('选择所在区域或地标'));
      fireEvent.click(await screen.findByText('五一广场'));
      await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
      expect(lastNearbyQuery()).toMatchObject({ lat: '37.861604', lng: '112.57417' });
      await act(() => jest.advanceTimersByTimeAsync(15_000));
      expect(screen.queryByTestId('location-fallback')).toBeNull();
      expect(screen.getByTestId('manual-place').textContent).toContain('所选位置“五一广场”');
    } finally {
      jest.useRealTimers();
    }
  });

  it('a chosen place can be changed, and 重新定位 goes back to the live location', async () => {
    browser({ err: { code: 1, message: 'User denied Geolocation' } });
    api.on('GET /stations/nearby', { status: 200, body: { ...NEAR, stations: [], nearestBeyond: [station('a', '甲驿站', 1320)] } });
    render(<NearbyPage />);
    fireEvent.click(await screen.findByText('选择所在区域或地标'));
    fireEvent.click(await screen.findByText('五一广场'));
    const none = await screen.findByTestId('none-within');
    expect(none.textContent).toContain('离“五一广场”最近的在1.3公里外');
    expect(none.textContent).not.toContain('离您');

    const banner = screen.getByTestId('manual-place');
    fireEvent.click(within(banner).getByText('更换位置'));
    fireEvent.click(await within(banner).findByText('迎泽区'));
    await waitFor(() => expect(screen.getByTestId('manual-place').textContent).toContain('所选位置“迎泽区”'));
    expect(lastNearbyQuery()).toMatchObject({ lat: '37.855804', lng: '112.558851' });

    browser({ pos: WUYI_WGS84 });
    api.on('GET /stations/nearby', { status: 200, body: NEAR });
    fireEvent.click(within(screen.getByTestId('manual-place')).getByText('重新定位'));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(screen.queryByTestId('manual-place')).toBeNull();
    expect(Number(lastNearbyQuery().lat)).toBeCloseTo(37.861604, 5);
  });

  it('re-locating from a chosen place and being refused again: one set of ways forward, and the list is not called stale', async () => {
    browser({ err: { code: 1, message: 'User denied Geolocation' } });
    render(<NearbyPage />);
    fireEvent.click(await screen.findByText('选择所在区域或地标'));
    fireEvent.click(await screen.findByText('五一广场'));
    await screen.findAllByTestId('station-card');
    fireEvent.click(within(screen.getByTestId('manual-place')).getByText('重新定位'));
    await screen.findByTestId('location-fallback');
    expect(screen.getAllByText('重新定位')).toHaveLength(1);
    expect(screen.queryByText('更换位置')).toBeNull();
    expect(screen.getAllByText('选择所在区域或地标')).toHaveLength(1);
    expect(screen.queryByTestId('stale-banner')).toBeNull();
    expect(screen.getByTestId('manual-place').textContent).toBe('所选位置“五一广场”');
    expect(screen.getAllByTestId('station-card')).toHaveLength(2);
  });

  it('刷新 locates again and searches from the new place', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    browser({ pos: { lat: 37.87, lng: 112.56 } }); // walked on
    fireEvent.click(screen.getByText('刷新'));
    await waitFor(() => expect(nearbyCalls()).toHaveLength(2));
    expect(Number(lastNearbyQuery().lat)).toBeGreaterThan(37.87);
    expect(navigator.geolocation.getCurrentPosition).toHaveBeenCalledTimes(1); // the new browser's, once
  });

  it('shown again: locates again when the fix is over 2 minutes old, not when it is fresh', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    const fix = useLocationStore.getState().fix!;
    act(() => useLocationStore.setState({ fix: { ...fix, at: Date.now() - 90_000 } }));
    act(() => __show());
    expect(useLocationStore.getState().status).toBe('ready');
    act(() => useLocationStore.setState({ fix: { ...fix, at: Date.now() - 3 * 60_000 } }));
    act(() => __show());
    expect(useLocationStore.getState().status).toBe('locating');
    await waitFor(() => expect(nearbyCalls()).toHaveLength(2));
  });

  it('the first load asks for the location once and the stations once', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    await act(async () => undefined);
    expect(navigator.geolocation.getCurrentPosition).toHaveBeenCalledTimes(1);
    expect(nearbyCalls()).toHaveLength(1);
  });
});

describe('what the summary says', () => {
  it('far from every station (Beijing, 400 km) with no filter: no stations here yet, the nearest N km away', async () => {
    api.on('GET /stations/nearby', {
      status: 200,
      body: {
        ...NEAR,
        stations: [],
        nearestBeyond: [station('a', '甲驿站', 401_300), station('b', '乙驿站', 402_000), station('c', '丙驿站', 405_900)],
      },
    });
    browser({ pos: { lat: 39.9042, lng: 116.4074 } });
    render(<NearbyPage />);
    const none = await screen.findByTestId('none-within');
    expect(none.textContent).toContain('您所在的位置附近还没有工会驿站（最近的在401公里外）');
    expect(none.textContent).not.toContain('1公里内没有');
  });

  it('as many stations as the app asks for (20): "最近的 20 个", not "exactly 20"', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => station(`s${i}`, `驿站${i}`, 100 + i * 40));
    api.on('GET /stations/nearby', { status: 200, body: { ...NEAR, stations: twenty } });
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    expect((await screen.findByTestId('result-summary')).textContent).toBe('1公里内最近的 20 个驿站，由近到远');
  });

  it('fewer than 20: the count as it is', async () => {
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    expect((await screen.findByTestId('result-summary')).textContent).toBe('1公里内 2 个驿站，由近到远');
  });

  it.each([
    ['not JSON (a proxy page)', '<html>502</html>'],
    ['JSON without stations', { center: NEAR.center }],
  ])('a 200 answer that is %s: a message and 重试, which gets the list', async (_label, body) => {
    api.on('GET /stations/nearby', { status: 200, body });
    browser({ pos: WUYI_WGS84 });
    render(<NearbyPage />);
    expect(await screen.findByText('驿站列表没有加载出来，请重试')).toBeTruthy();
    api.on('GET /stations/nearby', { status: 200, body: NEAR });
    fireEvent.click(screen.getByText('重试'));
    await waitFor(() => expect(screen.getAllByTestId('station-card')).toHaveLength(2));
    expect(screen.queryByText('驿站列表没有加载出来，请重试')).toBeNull();
  });
});
