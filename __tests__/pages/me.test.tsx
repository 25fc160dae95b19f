import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { storage, __reset } from '../stubs/taro';
import MePage from '@/pages/me/index';
import { useSessionStore } from '@/stores/session';
import { useRegistrationStore, DRAFT_KEY } from '@/stores/registration';
import { ROUTES } from '@/platform/routes';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { MASKED_WORKER, fakeApi, networkDown, type FakeApi } from '../support/fakeApi';
import { sh } from '../support/time';

const consent = (current: boolean) => ({
  policyVersion: PRIVACY_POLICY_VERSION,
  current,
  privacy: { version: current ? PRIVACY_POLICY_VERSION : '2025-01-01', at: '2025-06-01T10:00:00+08:00', current },
  idNumber: { version: current ? PRIVACY_POLICY_VERSION : '2025-01-01', at: '2025-06-01T10:00:00+08:00', current },
  location: null,
});
const WORKER = {
  ...MASKED_WORKER,
  consent: consent(true),
};

let api: FakeApi;
beforeEach(() => {
  __reset();
  api = fakeApi();
  api.on('GET /me', { status: 200, body: WORKER });
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: WORKER,
    pendingDoorCode: null,
  });
});
afterEach(cleanup);

it('shows the masked profile and the rights', async () => {
  render(<MePage />);
  expect(screen.getByTestId('id-masked').textContent).toBe('140***********1234');
  expect(screen.getByTestId('phone-masked').textContent).toBe('138****5678');
  expect(screen.getByText('外卖骑手')).toBeTruthy();
  // Each page opened before the next tap (openPage drops taps while a page is still opening).
  const opened = () => act(async () => {});
  fireEvent.click(screen.getByTestId('export-data'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.exportData });
  await opened();
  fireEvent.click(screen.getByTestId('change-phone'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.changePhone });
  await opened();
  fireEvent.click(screen.getByText('隐私政策'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.privacy });
  await waitFor(() => expect(api.calls.some((c) => c.path === '/me')).toBe(true));
  expect(screen.queryByTestId('consent-renew')).toBeNull();
});

it('asks again when the notice changed since the worker consented', async () => {
  api.on('GET /me', { status: 200, body: { ...WORKER, consent: consent(false) } });
  render(<MePage />);
  await waitFor(() => expect(screen.getByTestId('consent-renew')).toBeTruthy());
  // Doors and bookings keep working meanwhile (the server does not refuse them), so the banner threatens nothing.
  expect(screen.getByTestId('consent-renew').textContent).not.toMatch(/后继续使用|无法|不能/);
  fireEvent.click(screen.getByText('查看并同意'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `${ROUTES.privacy}?renew=1` });
});

describe('deleting the account', () => {
  it('asks first; "再想想" sends nothing', async () => {
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<MePage />);
    fireEvent.click(screen.getByTestId('delete-account'));
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled());
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(useSessionStore.getState().worker).toEqual(WORKER);
  });

  it('confirmed: DELETE /me, then nothing of the account is left on the phone', async () => {
    api.on('DELETE /me', { status: 200, body: { entriesAnonymised: 3, bookingsAnonymised: 1, upcomingBookingsCancelled: 1 } });
    storage.set(DRAFT_KEY, JSON.stringify({ v: 1, data: { name: '张伟', idNumber: '1401', phone: '', occupation: '' } }));
    render(<MePage />);
    fireEvent.click(screen.getByTestId('delete-account'));
    await waitFor(() => expect(useSessionStore.getState().worker).toBeNull());
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/me']);
    expect(useSessionStore.getState()).toMatchObject({ token: null, pendingDoorCode: null });
    expect(useSessionStore.getState().deviceId).not.toBe('abcdef0123456789abcdef0123456789');
    expect(storage.has(DRAFT_KEY)).toBe(false);
    expect(useRegistrationStore.getState().draft.idNumber).toBe('');
    await waitFor(() => expect(screen.getByText('还没有登记')).toBeTruthy());
    expect(screen.queryByTestId('delete-account')).toBeNull();
  });

  it('offline: says so and keeps the profile', async () => {
    api.on('DELETE /me', networkDown);
    render(<MePage />);
    fireEvent.click(screen.getByTestId('delete-account'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('网络连接失败'));
    expect(useSessionStore.getState().worker).toEqual(WORKER);
  });
});

it('unregistered: offers registration, no rights buttons', () => {
  useSessionStore.setState({ worker: null });
  render(<MePage />);
  expect(screen.getByText('去登记')).toBeTruthy();
  expect(screen.queryByTestId('delete-account')).toBeNull();
  expect(screen.queryByTestId('export-data')).toBeNull();
});

describe('my emergency call (GET /me/alerts) at 2026-12-07 15:04 Shanghai', () => {
  const alert = (over: Record<string, unknown>) => ({
    id: 'al_1',
    at: '2026-12-07T12:01:00+08:00',
    station: { id: 'ty0195', name: '五一广场智慧爱心驿站', phone: '0351-1234567' },
    state: 'open',
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedAt: null,
    ...over,
  });
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(sh(2026, 12, 7, 15, 4));
  });
  afterEach(() => jest.restoreAllMocks());

  it('open: 已发出，等待工会回应 with the duty phone to call', async () => {
    api.on('GET /me/alerts', { status: 200, body: { alerts: [alert({})] } });
    render(<MePage />);
    const card = await screen.findByTestId('my-alert');
    expect(card.getAttribute('data-state')).toBe('open');
    expect(card.textContent).toContain('五一广场智慧爱心驿站 · 12:01');
    expect(screen.getByTestId('my-alert-state').textContent).toBe('已发出，等待工会回应');
    expect(api.calls.find((c) => c.path === '/me/alerts')!.query).toEqual({ limit: '1' });
    fireEvent.click(screen.getByTestId('my-alert-phone'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-1234567' });
  });

  it('acknowledged: 工会已收到（张师傅 12:05）', async () => {
    api.on('GET /me/alerts', {
      status: 200,
      body: { alerts: [alert({ state: 'acknowledged', acknowledgedBy: '张师傅', acknowledgedAt: '2026-12-07T12:05:30+08:00' })] },
    });
    render(<MePage />);
    await waitFor(() => expect(screen.getByTestId('my-alert-state').textContent).toBe('工会已收到（张师傅 12:05）'));
    expect(screen.queryByTestId('my-alert-phone')).toBeNull();
  });

  it('resolved: 已处理; an alert of yesterday afternoon still shows with its date', async () => {
    api.on('GET /me/alerts', {
      status: 200,
      body: {
        alerts: [
          alert({
            at: '2026-12-06T16:00:00+08:00',
            state: 'resolved',
            acknowledgedBy: '张师傅',
            acknowledgedAt: '2026-12-06T16:02:00+08:00',
            resolvedAt: '2026-12-06T16:40:00+08:00',
          }),
        ],
      },
    });
    render(<MePage />);
    await waitFor(() => expect(screen.getByTestId('my-alert-state').textContent).toBe('已处理（12月6日 16:40）'));
    expect(screen.getByTestId('my-alert').textContent).toContain('五一广场智慧爱心驿站 · 12月6日 16:00');
  });

  it('an alert older than a day: no card', async () => {
    api.on('GET /me/alerts', { status: 200, body: { alerts: [alert({ at: '2026-12-06T15:03:00+08:00' })] } });
    render(<MePage />);
    await waitFor(() => expect(api.calls.some((c) => c.path === '/me/alerts')).toBe(true));
    await act(async () => {});
    expect(screen.queryByTestId('my-alert')).toBeNull();
  });
});
