import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { storage, __reset } from '../stubs/taro';
import MePage from '@/pages/me/index';
import { useSessionStore } from '@/stores/session';
import { useRegistrationStore, DRAFT_KEY } from '@/stores/registration';
import { ROUTES } from '@/platform/routes';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { MASKED_WORKER, fakeApi, networkDown, type FakeApi } from '../support/fakeApi';

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
