/**
 * Station detail with the Taro stand-ins: open state (营业中 / 已打烊 + when it opens / 24小时 / 暂停开放 + reason),
 * distance from the worker, navigate, call, amenities with icons, the week's hours, closures, grade and honours.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset, __setRouterParams } from '../stubs/taro';
import StationPage from '@/pages/station/index';
import { useLocationStore } from '@/stores/location';
import type { StationDetail } from '@/api/stations';
import { openState, type OpeningHours } from '@/rules/hours';
import { openStateLine, upcomingClosures } from '@/pages/station/details';
import { fakeApi, networkDown, type FakeApi } from '../support/fakeApi';
import { useNearbyStore } from '@/stores/nearby';
import { amapMarkerUrl } from '@/platform/navigate';
import { ROUTES } from '@/platform/routes';
import { sh } from '../support/time';

// Shanghai wall time -> epoch ms (UTC+8). 2026-12-02 is a Wednesday.
const NOW = sh(2026, 12, 2, 10, 0);

const HOURS: OpeningHours = {
  is24h: false,
  weekly: [['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['09:00-12:00', '14:00-18:00'], []],
  closures: [{ from: '2026-12-20T00:00:00+08:00', to: '2026-12-22T12:00:00+08:00', reason: '供暖管道改造' }],
};
const detail = (hours: OpeningHours, at: number): StationDetail => {
  const open = openState(hours, at);
  return {
    id: 'ty0100',
    name: '五一广场智慧爱心驿站',
    address: '太原市迎泽区五一广场东侧',
    district: '迎泽区',
    lat: 37.8633,
    lng: 112.5746,
    kind: 'kiosk',
    grade: 4,
    honours: ['provincial', 'mostBeautiful'],
    amenities: ['hot_water', 'microwave', 'sauna'],
    hours,
    open,
    openNow: open.status === 'open',
    is24h: hours.is24h,
    phone: '03514567890',
    smart: true,
    doors: [{ id: 'd0100', name: '驿站入口' }],
  };
};

let api: FakeApi;
const initialLocation = useLocationStore.getState();
beforeEach(() => {
  __reset();
  jest.useFakeTimers({ now: NOW, advanceTimers: true });
  useLocationStore.setState(initialLocation, true);
  __setRouterParams({ id: 'ty0100' });
  api = fakeApi();
  api.on('GET /stations/ty0100', { status: 200, body: detail(HOURS, NOW) });
});
afterEach(() => {
  cleanup();
  jest.useRealTimers();
});

it('shows the open state, the distance from the worker, and navigates and calls', async () => {
  useLocationStore.setState({
    status: 'ready',
    fix: { lat: 37.861604, lng: 112.57417, coord: 'gcj02', accuracyM: 20, at: NOW },
    manualPlace: null,
  });
  render(<StationPage />);
  expect((await screen.findByTestId('station-title')).textContent).toBe('五一广场智慧爱心驿站');
  expect(screen.getByTestId('open-label').textContent).toBe('营业中');
  expect(screen.getByTestId('open-detail').textContent).toBe('至 20:00');
  // 五一广场 (37.861604, 112.57417) to the station (37.8633, 112.5746): Δlat 0.001696° × 111,195 m = 188.6 m north,
  // Δlng 0.00043° × cos 37.86° × 111,195 m = 37.8 m east; √(188.6² + 37.8²) = 192.3 m; 192.3 × 15 / 1000 -> 3 min.
  expect(screen.getByTestId('distance').textContent).toBe('距您192米 步行约3分钟');
  process.env.TARO_ENV = 'weapp';
  try {
    fireEvent.click(screen.getByText('导航过去'));
  } finally {
    delete process.env.TARO_ENV;
  }
  expect(Taro.openLocation).toHaveBeenCalledWith({
    latitude: 37.8633,
    longitude: 112.5746,
    name: '五一广场智慧爱心驿站',
    address: '太原市迎泽区五一广场东侧',
    scale: 17,
  });
  fireEvent.click(screen.getByTestId('call'));
  expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '03514567890' });
});

it('says the distance is from a chosen place, not the worker, when location failed', async () => {
  useLocationStore.setState({
    status: 'ready',
    fix: { lat: 37.861604, lng: 112.57417, coord: 'gcj02', accuracyM: null, at: NOW },
    manualPlace: '五一广场',
  });
  render(<StationPage />);
  expect((await screen.findByTestId('distance')).textContent).toBe('距“五一广场”192米 步行约3分钟');
});

it('shows no distance without a position', async () => {
  render(<StationPage />);
  await screen.findByTestId('station-title');
  expect(screen.queryByTestId('distance')).toBeNull();
});

it('lists amenities with icons and labels, the week with today marked, closures, grade and honours', async () => {
  render(<StationPage />);
  const amenities = await screen.findByTestId('amenities');
  expect(Array.from(amenities.children).map((c) => c.textContent)).toEqual(['☕ 开水', '🍱 微波炉', '• sauna']);
  const week = screen.getByTestId('week');
  const rows = Array.from(week.querySelectorAll('.row')).map((r) => r.textContent);
  expect(rows).toEqual([
    '周一08:00-20:00',
    '周二08:00-20:00',
    '周三（今天）08:00-20:00',
    '周四08:00-20:00',
    '周五08:00-20:00',
    '周六09:00-12:00、14:00-18:00',
    '周日休息',
  ]);
  expect(within(screen.getByTestId('closures')).getByText(/将暂停/).textContent).toBe(
    '将暂停：12月20日 00:00 至 12月22日 12:00（供暖管道改造）',
  );
  expect(screen.getByText('四星驿站 · 改造岗亭+爱心驿站')).toBeTruthy();
  expect(screen.getByText('🏅 省级工会爱心驿站')).toBeTruthy();
  expect(screen.getByText('🏅 最美工会户外劳动者服务站点')).toBeTruthy();
});

it('during a closure: 暂停开放 with the reason and when it opens again', async () => {
  const at = sh(2026, 12, 21, 9, 0);
  jest.setSystemTime(at);
  api.on('GET /stations/ty0100', { status: 200, body: detail(HOURS, at) });
  render(<StationPage />);
  expect((await screen.findByTestId('open-label')).textContent).toBe('暂停开放');
  expect(screen.getByTestId('open-detail').textContent).toBe('供暖管道改造，预计12月22日 12:00恢复开放');
  expect(within(screen.getByTestId('closures')).getByText(/正在暂停/)).toBeTruthy();
});

it.each([
  ['已打烊 with when it opens', sh(2026, 12, 2, 21, 0), '已打烊', '明天 08:00 开门'],
  ['closed all Sunday', sh(2026, 12, 6, 10, 0), '已打烊', '明天 08:00 开门'],
])('%s', async (_label, at, label, line) => {
  jest.setSystemTime(at);
  api.on('GET /stations/ty0100', { status: 200, body: detail(HOURS, at) });
  render(<StationPage />);
  expect((await screen.findByTestId('open-label')).textContent).toBe(label);
  expect(screen.getByTestId('open-detail').textContent).toBe(line);
});

it('a 24-hour station reads 24小时 every day', async () => {
  api.on('GET /stations/ty0100', { status: 200, body: detail({ is24h: true, weekly: [] }, NOW) });
  render(<StationPage />);
  expect((await screen.findByTestId('open-label')).textContent).toBe('24小时');
  expect(screen.queryByTestId('open-detail')).toBeNull();
  expect(Array.from(screen.getByTestId('week').querySelectorAll('.row')).every((r) => r.textContent?.endsWith('24小时'))).toBe(true);
});

it('an unknown station says so and offers a retry and a way home (a shared link has no page to go back to)', async () => {
  __setRouterParams({ id: 'nope' });
  api.on('GET /stations/nope', { status: 404, body: { error: { code: 'NOT_FOUND', message: '没有找到这个驿站，它可能已撤站或更名' } } });
  render(<StationPage />);
  expect(await screen.findByText('没有找到这个驿站，它可能已撤站或更名')).toBeTruthy();
  expect(screen.getByText('重试')).toBeTruthy();
  fireEvent.click(screen.getByText('回到附近驿站'));
  expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.home });
});

it('offline, the details cannot load: what the nearby list had of the station is shown, with when it was fetched (dated: it is two days old)', async () => {
  const fetchedAt = Date.parse('2026-11-30T16:35:00+08:00');
  useNearbyStore.setState({
    fetchedAt,
    result: {
      center: { lat: 37.861604, lng: 112.57417, coord: 'gcj02' },
      radiusM: 1000,
      stations: [
        {
          id: 'ty0100',
          name: '五一广场智慧爱心驿站',
          address: '太原市迎泽区五一广场东侧',
          kind: 'union',
          grade: 3,
          lat: 37.8633,
          lng: 112.5746,
          distanceM: 192.3,
          walkMinutes: 3,
          openNow: true,
          openLabel: '营业中',
          openDetail: '至 20:00',
          is24h: false,
          smart: true,
          amenities: ['hot_water', 'toilet'],
        },
      ],
      nearestBeyond: [],
    },
  });
  api.on('GET /stations/ty0100', networkDown);
  render(<StationPage />);
  const listed = await screen.findByTestId('station-listed');
  expect(listed.textContent).toBe(
    '五一广场智慧爱心驿站太原市迎泽区五一广场东侧11月30日 16:35 查到：营业中 · 至 20:00，192米开水卫生间值班电话和营业时间要联网后才能看到。',
  );
  expect(screen.getByText('重试')).toBeTruthy();
  useNearbyStore.setState({ result: null, fetchedAt: null });
});

describe('details helpers', () => {
  it('openStateLine: a suspension reopening today says 今天; without an end, 待定', () => {
    const today = { status: 'suspended', is24h: true, label: '暂停开放', detail: '消毒', opensAt: sh(2026, 12, 2, 14, 30) } as const;
    expect(openStateLine(today, NOW)).toBe('消毒，预计今天 14:30恢复开放');
    expect(openStateLine({ status: 'suspended', is24h: false, label: '暂停开放', detail: '装修' }, NOW)).toBe('装修，恢复时间待定');
  });

  it('upcomingClosures drops past ones and marks the active one', () => {
    const h: OpeningHours = {
      ...HOURS,
      closures: [
        { from: '2026-11-01 00:00', to: '2026-11-02 00:00', reason: '过去的' },
        { from: '2026-12-02 08:00', to: '2026-12-02 12:00', reason: '停水' },
      ],
    };
    expect(upcomingClosures(h, NOW)).toEqual([{ when: '12月2日 08:00 至 12月2日 12:00', reason: '停水', active: true }]);
  });
});

it("in a browser (no WeChat map) navigation goes to Amap's marker page for the GCJ-02 point", () => {
  expect(amapMarkerUrl({ lat: 37.8633, lng: 112.5746, name: '五一广场智慧爱心驿站', address: '' })).toBe(
    'https://uri.amap.com/marker?position=112.574600,37.863300&name=%E4%BA%94%E4%B8%80%E5%B9%BF%E5%9C%BA%E6%99%BA%E6%85%A7%E7%88%B1%E5%BF%83%E9%A9%BF%E7%AB%99&coordinate=gaode&callnative=1&src=yizhan',
  );
});
