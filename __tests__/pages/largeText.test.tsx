/**
 * Issue 16's page behaviour: the 大字模式 switch on 我的 (whole row, remembered, every page root follows), the
 * identity number read back in groups with the birth date, whole-row consent switches, closed stations after the
 * open ones, large mode's first screen on the home page, and the chosen place said as such.
 */
import { CONFIRM_BOUNCE_MS } from '@/components/EmergencyCall';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { storage, __reset } from '../stubs/taro';
import MePage from '@/pages/me/index';
import RegisterPage from '@/packages/register/pages/index/index';
import NearbyPage from '@/pages/index/index';
import { StationList } from '@/components/StationList';
import { useSessionStore } from '@/stores/session';
import { useRegistrationStore } from '@/stores/registration';
import { TEXT_SIZE_KEY, useTextSizeStore } from '@/stores/textSize';
import { useLocationStore } from '@/stores/location';
import { useNearbyStore } from '@/stores/nearby';
import { useLocationConsent } from '@/stores/locationConsent';
import { ROUTES } from '@/platform/routes';
import type { NearbyResponse, NearbyStation } from '@/api/stations';
import { fakeApi, type FakeApi } from '../support/fakeApi';

const station = (id: string, name: string, distanceM: number, extra: Partial<NearbyStation> = {}): NearbyStation => ({
  id,
  name,
  address: `太原市迎泽区${name}`,
  kind: 'community',
  grade: 3,
  lat: 37.8633,
  lng: 112.5746,
  distanceM,
  walkMinutes: 3,
  openNow: true,
  openLabel: '营业中',
  openDetail: '至 20:00',
  is24h: false,
  smart: false,
  amenities: ['hot_water'],
  ...extra,
});
const closed = (id: string, name: string, distanceM: number) =>
  station(id, name, distanceM, { openNow: false, openLabel: '已打烊', openDetail: '明天 08:00 开门' });

let api: FakeApi;
const initialLocation = useLocationStore.getState();
const initialNearby = useNearbyStore.getState();
beforeEach(() => {
  __reset();
  api = fakeApi();
  useTextSizeStore.setState({ chosen: null, systemScale: 1, mode: 'standard' });
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: null,
    expiresAt: null,
    worker: null,
    pendingDoorCode: null,
  });
  useRegistrationStore.getState().reset();
  useLocationStore.setState(initialLocation, true);
  useNearbyStore.setState(initialNearby, true);
});
afterEach(cleanup);

const pageRoot = (el: HTMLElement): HTMLElement => el.closest('.page') as HTMLElement;

describe('大字模式 on 我的', () => {
  it('the switch (a tap on its words) turns large text on for the page, is remembered, and offers 特大字', () => {
    render(<MePage />);
    const card = screen.getByTestId('text-size');
    expect(pageRoot(card).className).toBe('page');
    fireEvent.click(within(card).getByText('大字模式：字和按钮都更大')); // the words, not the switch
    expect((screen.getByTestId('large-text-switch') as HTMLInputElement).checked).toBe(true);
    expect(pageRoot(card).className).toBe('page text-large');
    expect(JSON.parse(storage.get(TEXT_SIZE_KEY) as string)).toEqual({ v: 1, data: { chosen: 'large' } });

    fireEvent.click(screen.getByTestId('text-largest'));
    expect(pageRoot(card).className).toBe('page text-large text-largest');
    expect(screen.getByTestId('text-largest').getAttribute('aria-checked')).toBe('true');

    fireEvent.click(screen.getByTestId('large-text-switch'));
    expect(pageRoot(card).className).toBe('page');
    expect(screen.queryByTestId('text-largest')).toBeNull();
    expect(JSON.parse(storage.get(TEXT_SIZE_KEY) as string)).toEqual({ v: 1, data: { chosen: 'standard' } });
  });

  it('other pages follow the mode too (the registration form)', () => {
    useTextSizeStore.getState().choose('large');
    render(<RegisterPage />);
    expect(pageRoot(screen.getByTestId('register-submit')).className).toBe('page text-large');
  });
});

describe('the identity number on the registration form', () => {
  const idInput = () => document.querySelector('input[name=idNumber]') as HTMLInputElement;
  it('is shown in groups (6-8-4) as typed, with the birth date in words', () => {
    render(<RegisterPage />);
    expect(screen.queryByTestId('id-groups')).toBeNull();
    fireEvent.change(idInput(), { target: { value: '1401051968051' } });
    expect(idInput().value).toBe('140105 1968051');
    expect(screen.queryByTestId('id-birth')).toBeNull();
    fireEvent.change(idInput(), { target: { value: '140105 19680512' } });
    expect(idInput().value).toBe('140105 19680512');
    expect(screen.getByTestId('id-birth').textContent).toBe('出生日期 1968年5月12日');
    fireEvent.change(idInput(), { target: { value: '140105 19680512 123' } });
    expect(screen.getByTestId('id-groups').textContent).toBe('140105 19680512 123');
  });

  it('the X key (h5 keypads have none) adds the check character X', () => {
    render(<RegisterPage />);
    fireEvent.change(idInput(), { target: { value: '11010519491231002' } });
    fireEvent.click(screen.getByTestId('id-x'));
    expect(idInput().value).toBe('110105 19491231 002X');
    expect(screen.getByTestId('id-birth').textContent).toContain('1949年12月31日');
  });

  it('a consent switch toggles from a tap on its words', () => {
    render(<RegisterPage />);
    fireEvent.click(screen.getByText('我单独同意提供身份证号（敏感个人信息），仅用于核验身份、防止冒用，加密保存'));
    expect(useRegistrationStore.getState().draft.consentSensitive).toBe(true);
    fireEvent.click(screen.getByText('我已阅读并同意《驿站通隐私政策》'));
    expect(useRegistrationStore.getState().draft.consentPrivacy).toBe(true);
    // The notice opens from a row of its own, not from a link inside the switch's words.
    fireEvent.click(screen.getByTestId('privacy-link'));
    expect(Taro.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: ROUTES.privacy }));
    expect(useRegistrationStore.getState().draft.consentPrivacy).toBe(true);
  });
});

test('closed stations come after the open ones, under a heading, with a large 已打烊 and when they open', () => {
  render(
    <StationList
      stations={[closed('c1', '甲驿站', 120), station('o1', '乙驿站', 300), closed('c2', '丙驿站', 500), station('o2', '丁驿站', 800)]}
    />,
  );
  const cards = screen.getAllByTestId('station-card');
  expect(cards.map((c) => c.getAttribute('data-station-id'))).toEqual(['o1', 'o2', 'c1', 'c2']);
  expect(cards.map((c) => c.className.includes('station-closed'))).toEqual([false, false, true, true]);
  expect(screen.getByTestId('not-open-head').textContent).toBe('现在没开门的驿站（2个）');
  const tag = within(cards[2]).getByTestId('open-state');
  expect(tag.textContent).toBe('已打烊');
  expect(tag.className).toContain('tag-closed-big');
  expect(cards[2].textContent).toContain('明天 08:00 开门');
});

describe('the home page', () => {
  const NEAR: NearbyResponse = {
    center: { lat: 37.861604, lng: 112.57417, coord: 'gcj02' },
    radiusM: 1000,
    stations: [closed('ty0001', '甲驿站', 90), station('ty0100', '五一广场智慧爱心驿站', 194.2)],
    nearestBeyond: [],
  };

  it('large text: the nearest OPEN station and 紧急求助 (its duty phone) are on the first screen, one tap each', async () => {
    useTextSizeStore.getState().choose('large');
    useLocationStore.getState().choosePlace('五一广场', 37.861604, 112.57417);
    api.on('GET /stations/nearby', { status: 200, body: NEAR });
    api.on('GET /stations/ty0100', { status: 200, body: { id: 'ty0100', phone: '0351-4040123' } });
    render(<NearbyPage />);
    const nearest = await screen.findByTestId('nearest-open');
    expect(nearest.textContent).toBe('最近的开放驿站五一广场智慧爱心驿站194米');
    await waitFor(() => expect(screen.getByTestId('emergency-call').textContent).toContain('0351-4040123'));
    fireEvent.click(nearest);
    expect(Taro.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: ROUTES.station('ty0100') }));
    await act(async () => fireEvent.click(screen.getByTestId('emergency-call')));
    // The second, deliberate tap (past the bounce guard) at the same place.
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + CONFIRM_BOUNCE_MS);
    await act(async () => fireEvent.click(screen.getByTestId('emergency-confirm')));
    later.mockRestore();
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-4040123' });
  });

  it('standard text keeps the home page as it was: no quick actions', async () => {
    useLocationStore.getState().choosePlace('五一广场', 37.861604, 112.57417);
    api.on('GET /stations/nearby', { status: 200, body: NEAR });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    expect(screen.queryByTestId('quick-actions')).toBeNull();
  });

  it('a place chosen earlier is searched around on opening and labelled as the chosen place, with 更换位置', async () => {
    useLocationConsent.setState({ decision: 'declined' });
    useLocationStore.setState({
      status: 'ready',
      manualPlace: '迎泽区',
      fix: { lat: 37.855804, lng: 112.558851, coord: 'gcj02', accuracyM: null, at: Date.now() },
    });
    api.on('GET /stations/nearby', { status: 200, body: NEAR });
    render(<NearbyPage />);
    await screen.findAllByTestId('station-card');
    const banner = screen.getByTestId('manual-place');
    expect(banner.textContent).toContain('所选位置“迎泽区”');
    expect(within(banner).getByText('更换位置')).toBeTruthy();
    expect(document.body.textContent).not.toContain('没能定位');
    expect(api.calls.find((c) => c.path === '/stations/nearby')?.query).toMatchObject({ lat: '37.855804', lng: '112.558851' });
  });
});
