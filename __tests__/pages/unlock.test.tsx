/**
 * The door page with the Taro stand-ins: every way a code arrives (q, double-encoded q, scene, code, a warm
 * start with a new code) and every answer the worker can see. Fake timers drive the entry polls.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset, __setRouterParams } from '../stubs/taro';
import { showPage } from '../support/taroShow';
import { fakeApi, networkDown, type FakeAnswer, type FakeApi } from '../support/fakeApi';
import UnlockPage from '@/packages/unlock/pages/index/index';
import App from '@/app';
import { useUnlockStore } from '@/stores/unlock';
import { useSessionStore } from '@/stores/session';
import { useLocationStore } from '@/stores/location';
import * as locationPlatform from '@/platform/location';
import { useLocationConsent } from '@/stores/locationConsent';
import { UNLOCK_PAGE_PATH } from '@/platform/doorArrival';
import { ERRORS } from '@/rules/errors';
import { CONFIRM_BOUNCE_MS, CONFIRM_TIMEOUT_MS } from '@/components/EmergencyCall';

jest.mock('@tarojs/taro', () => require('../support/taroShow').withShowHide());

const MAC = 'AbCdEfGhIjKlMnOp';
const CODE = `https://yz.tyzgh.cn/d/d0039.1.${MAC}`;
const OTHER = 'https://yz.tyzgh.cn/d/d0040.2.ZyXwVuTsRqPoNmLk';
const T0 = Date.parse('2026-12-01T06:30:00+08:00');
const STATION = { id: 'ty0195', name: '五一广场智慧爱心驿站', address: '五一路1号', phone: '0351-4040123' };

const granted = (doorId: string, entryId: string) => ({
  status: 201,
  body: {
    grant: { id: `g_${entryId}`, doorId, stationId: 'ty0195', expiresAt: '2026-12-01T06:30:10+08:00' },
    station: STATION,
    door: { id: doorId, name: doorId === 'd0039' ? '正门' : '侧门' },
    entry: { id: entryId, at: '2026-12-01T06:30:00+08:00', locationPresent: true, distanceM: 12, doorState: 'waiting' },
  },
});
const refused = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => ({
  status,
  body: { error: { code, message, details } },
});

let api: FakeApi;
let doorState: string;
const unlockCodes = () => api.calls.filter((c) => c.path === '/doors/unlock').map((c) => c.body.code);
/** Lets hydrate, the unlock and the polls run (300 ms, 700 ms, then every second). */
const settle = (ms = 1_000) => act(() => jest.advanceTimersByTimeAsync(ms));

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
  __reset();
  api = fakeApi();
  doorState = 'opened';
  api.on('POST /doors/unlock', (body: { code: string }) => (body.code === CODE ? granted('d0039', 'e_1') : granted('d0040', 'e_2')));
  for (const id of ['e_1', 'e_2'])
    api.on(`GET /entries/${id}`, () => ({ status: 200, body: { entry: { id, outcome: 'granted', doorState } } }));
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: { id: 'w_1' } as never,
    pendingDoorCode: null,
  });
  // hydrate() reads storage: keep the session the test set.
  useSessionStore.setState({ hydrate: async () => undefined });
  useLocationStore.setState({ fix: { lat: 37.8605, lng: 112.5737, coord: 'gcj02', accuracyM: 15, at: T0 }, manualPlace: null });
  useUnlockStore.getState().reset();
});
afterEach(() => {
  cleanup();
  useUnlockStore.getState().reset();
  jest.useRealTimers();
});

/** 紧急求助, then, past the bounce guard, 确认求助 (the deliberate second tap at the same place). */
async function pressAndConfirm() {
  fireEvent.click(screen.getByTestId('emergency-call'));
  await settle(CONFIRM_BOUNCE_MS);
  fireEvent.click(screen.getByTestId('emergency-confirm'));
}

async function open(params: Record<string, string>) {
  __setRouterParams(params);
  render(<UnlockPage />);
  await settle();
}

describe('arrival paths', () => {
  it.each([
    ['q (WeChat link QR, URL-encoded)', { q: encodeURIComponent(CODE) }],
    ['q encoded twice by a poster generator', { q: encodeURIComponent(encodeURIComponent(CODE)) }],
    ['scene (mini-program code, compact, URL-encoded)', { scene: encodeURIComponent(`d0039.1${MAC}`) }],
    ['code (our own parameter)', { code: encodeURIComponent(CODE) }],
  ])('%s: unlocks with the canonical code and shows the door opened', async (_how, params) => {
    await open(params);
    expect(unlockCodes()).toEqual([CODE]);
    const success = screen.getByTestId('unlock-success');
    expect(success.textContent).toContain('门已打开');
    expect(success.textContent).toContain('五一广场智慧爱心驿站 · 正门');
  });

  it.each([
    ['a WeChat Pay code', { q: encodeURIComponent('wxp://f2f0mbxyzABCDEFGHIJ') }, ERRORS.DOOR_CODE_FOREIGN.message],
    ['a web link', { q: encodeURIComponent('https://www.taiyuan.gov.cn/news?id=1') }, ERRORS.DOOR_CODE_FOREIGN.message],
    ['a truncated door code', { q: encodeURIComponent(CODE.slice(0, -5)) }, ERRORS.DOOR_CODE_MALFORMED.message],
    ['a broken %-escape', { q: 'https%3A%2F%2Fyz.tyzgh.cn%2Fd%2Fd0039.1.%E4%B' }, ERRORS.DOOR_CODE_MALFORMED.message],
    ['an empty scene', { scene: '%20' }, null],
  ])('%s: the rule message, no request, no spinner', async (_what, params, message) => {
    await open(params);
    expect(unlockCodes()).toEqual([]);
    expect(screen.queryByText('正在开门…')).toBeNull();
    if (message) expect(screen.getByTestId('launch-error').textContent).toBe(message);
    // The way forward stays on screen: type the code, or scan again.
    expect(screen.getByTestId('door-code-input')).toBeTruthy();
    expect(screen.getByText('重新扫码')).toBeTruthy();
  });

  it('a typed host-less number from the door opens it', async () => {
    await open({});
    fireEvent.change(screen.getByTestId('door-code-input'), { target: { value: ` d0039.1.${MAC} ` } });
    fireEvent.click(screen.getByTestId('door-code-submit'));
    await settle();
    expect(unlockCodes()).toEqual([CODE]);
    expect(screen.getByTestId('unlock-success')).toBeTruthy();
  });
});

it('a typed number that is refused comes back in the box as typed, to fix one letter instead of retyping', async () => {
  const typed = ` d0039.1.${MAC.toLowerCase()} `;
  api.on(
    'POST /doors/unlock',
    refused(422, 'DOOR_CODE_INVALID', '这个编号对不上。', { reason: 'DOOR_CODE_FORGED', stationPhone: '0351-4040123' }),
  );
  await open({});
  fireEvent.change(screen.getByTestId('door-code-input'), { target: { value: typed } });
  fireEvent.click(screen.getByTestId('door-code-submit'));
  await settle();
  expect(screen.getByTestId('unlock-error').getAttribute('data-code')).toBe('DOOR_CODE_INVALID');
  expect((screen.getByTestId('door-code-input') as HTMLInputElement).value).toBe(typed);
});

describe('warm start while the page is open (WeChat App onShow)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
    // The shared stand-in has no onAppShow; WeChat calls the listener with the new launch options.
    (Taro as unknown as { onAppShow: jest.Mock }).onAppShow = jest.fn();
    render(<App>{null}</App>);
  });
  afterEach(() => {
    delete process.env.TARO_ENV;
  });
  const appShow = (options: Record<string, unknown>) => (Taro.onAppShow as jest.Mock).mock.calls[0][0](options);

  it('a new code acts on the new code, not the old one', async () => {
    await open({ q: encodeURIComponent(CODE) });
    appShow({ path: UNLOCK_PAGE_PATH, query: { q: encodeURIComponent(OTHER) }, scene: 1011 });
    showPage();
    await settle();
    expect(unlockCodes()).toEqual([CODE, OTHER]);
    expect(screen.getByTestId('unlock-success').textContent).toContain('侧门');
  });

  it('a resume from the recent list repeats the old query and does not open the door again', async () => {
    await open({ q: encodeURIComponent(CODE) });
    appShow({ path: UNLOCK_PAGE_PATH, query: { q: encodeURIComponent(CODE) }, scene: 1001 });
    showPage();
    await settle();
    expect(unlockCodes()).toEqual([CODE]);
  });

  it('the same door scanned again later opens it again', async () => {
    await open({ q: encodeURIComponent(CODE) });
    appShow({ path: UNLOCK_PAGE_PATH, query: { q: encodeURIComponent(CODE) }, scene: 1011 });
    showPage();
    await settle();
    expect(unlockCodes()).toEqual([CODE, CODE]);
  });

  it('a foreign code on warm start replaces the old result with the rule message', async () => {
    await open({ q: encodeURIComponent(CODE) });
    appShow({ path: UNLOCK_PAGE_PATH, query: { q: encodeURIComponent('https://qr.alipay.com/fkx123') }, scene: 1011 });
    showPage();
    await settle();
    expect(screen.queryByTestId('unlock-success')).toBeNull();
    expect(screen.getByTestId('launch-error').textContent).toBe(ERRORS.DOOR_CODE_FOREIGN.message);
  });

  it('a new code while the old one is still in flight: the old answer is dropped', async () => {
    let answerOld!: (a: FakeAnswer) => void;
    api.on('POST /doors/unlock', (body: { code: string }) =>
      body.code === CODE ? new Promise((r) => (answerOld = r)) : granted('d0040', 'e_2'),
    );
    await open({ q: encodeURIComponent(CODE) });
    appShow({ path: UNLOCK_PAGE_PATH, query: { scene: encodeURIComponent('d0040.2ZyXwVuTsRqPoNmLk') }, scene: 1047 });
    showPage();
    await settle();
    await act(async () => answerOld(granted('d0039', 'e_1')));
    await settle();
    expect(screen.getByTestId('unlock-success').textContent).toContain('侧门');
    expect(api.calls.some((c) => c.path === '/entries/e_1')).toBe(false);
  });
});

describe('a page reopened with a code that just opened the door (reload, back/forward, restored tab)', () => {
  it('does not open the door again by itself; 再开一次 does, and after 10 minutes it opens by itself again', async () => {
    await open({ q: encodeURIComponent(CODE) });
    expect(unlockCodes()).toEqual([CODE]);
    cleanup();
    useUnlockStore.getState().reset();
    await open({ q: encodeURIComponent(CODE) });
    expect(unlockCodes()).toEqual([CODE]);
    expect(screen.getByTestId('unlock-repeat-guard').textContent).toContain('这个码刚刚开过门');
    fireEvent.click(screen.getByTestId('unlock-again'));
    await settle();
    expect(unlockCodes()).toEqual([CODE, CODE]);
    expect(screen.getByTestId('unlock-success').textContent).toContain('门已打开');
    cleanup();
    useUnlockStore.getState().reset();
    jest.setSystemTime(Date.now() + 10 * 60_000);
    await open({ q: encodeURIComponent(CODE) });
    expect(unlockCodes()).toEqual([CODE, CODE, CODE]);
  });

  it('a code the worker scans or types in the app again opens at once (fresh token), and a reload of that page does not', async () => {
    await open({ q: encodeURIComponent(CODE) });
    cleanup();
    useUnlockStore.getState().reset();
    await open({ code: encodeURIComponent(CODE), fresh: 'tok-1' });
    expect(unlockCodes()).toEqual([CODE, CODE]);
    cleanup();
    useUnlockStore.getState().reset();
    await open({ code: encodeURIComponent(CODE), fresh: 'tok-1' });
    expect(unlockCodes()).toEqual([CODE, CODE]);
    expect(screen.getByTestId('unlock-repeat-guard')).toBeTruthy();
  });

  it("another door's code opens at once", async () => {
    await open({ q: encodeURIComponent(CODE) });
    cleanup();
    useUnlockStore.getState().reset();
    await open({ q: encodeURIComponent(OTHER) });
    expect(unlockCodes()).toEqual([CODE, OTHER]);
  });

  it('on weapp a fresh scan (launch scene 1011) of the same door opens it again at once', async () => {
    await open({ q: encodeURIComponent(CODE) });
    cleanup();
    useUnlockStore.getState().reset();
    process.env.TARO_ENV = 'weapp';
    (Taro as unknown as { getLaunchOptionsSync: jest.Mock }).getLaunchOptionsSync = jest.fn(() => ({ scene: 1011 }));
    try {
      await open({ q: encodeURIComponent(CODE) });
    } finally {
      delete process.env.TARO_ENV;
    }
    expect(unlockCodes()).toEqual([CODE, CODE]);
  });

  it('the success screen has a 完成 button before the emergency call', async () => {
    await open({ q: encodeURIComponent(CODE) });
    const buttons = Array.from(screen.getByTestId('unlock-success').querySelectorAll('button')).map((b) => b.getAttribute('data-testid'));
    expect(buttons[0]).toBe('unlock-done');
    // The emergency button sits in its own zone, under a heading, apart from 完成.
    const zone = screen.getByTestId('emergency-zone');
    expect(zone.contains(screen.getByTestId('unlock-done'))).toBe(false);
    expect(zone.textContent).toContain('遇到危险或身体不适？');
    expect(zone.contains(screen.getByTestId('emergency-call'))).toBe(true);
    fireEvent.click(screen.getByTestId('unlock-done'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });
});

describe('what the worker sees', () => {
  it('a reply that never came (timeout) says the door may have opened, before offering 重试', async () => {
    api.on('POST /doors/unlock', () => Promise.reject({ errMsg: 'request:fail timeout' }));
    await open({ q: encodeURIComponent(CODE) });
    expect(screen.getByTestId('unlock-error').textContent).toContain('没能确认门是否打开。门开了请直接进入');
    expect(screen.getByTestId('unlock-retry')).toBeTruthy();
  });

  it('no response: 重试 posts the same code again, and the duty phone is one tap away', async () => {
    doorState = 'no_response';
    await open({ q: encodeURIComponent(CODE) });
    const card = screen.getByTestId('unlock-no-response');
    expect(card.textContent).toContain('门没有响应');
    fireEvent.click(screen.getByTestId('duty-phone'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-4040123' });
    doorState = 'opened';
    fireEvent.click(screen.getByTestId('unlock-retry'));
    await settle();
    expect(unlockCodes()).toEqual([CODE, CODE]);
    expect(screen.getByTestId('unlock-success')).toBeTruthy();
  });

  it('TOO_FAR shows the distance and says to walk to the door', async () => {
    api.on(
      'POST /doors/unlock',
      refused(403, 'TOO_FAR', '您离驿站约1234米，请走到驿站门口再扫码开门。', { distanceM: 1234, allowedM: 315 }),
    );
    await open({ q: encodeURIComponent(CODE) });
    const alert = screen.getByTestId('unlock-error');
    expect(alert.getAttribute('data-code')).toBe('TOO_FAR');
    expect(alert.textContent).toContain('您离驿站约1.2公里，请走到门口再扫码。');
    expect(screen.queryByTestId('unlock-retry')).toBeNull();
  });

  it('TOO_FAR with a poor fix at the door: the duty phone is a way in, and 重新扫码 shows once', async () => {
    api.on(
      'POST /doors/unlock',
      refused(403, 'TOO_FAR', '您离驿站约452米，手机定位误差较大…', { distanceM: 452, allowedM: 450, stationPhone: '0351-4040123' }),
    );
    await open({ q: encodeURIComponent(CODE) });
    fireEvent.click(within(screen.getByTestId('unlock-error')).getByTestId('duty-phone'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-4040123' });
    expect(screen.getAllByText('重新扫码')).toHaveLength(1);
  });

  it('TOO_FAR: 重新定位再试 asks the phone for a new fix and sends it (not the fix that drifted)', async () => {
    api.on('POST /doors/unlock', (body: { location?: { lat: number } }) =>
      body.location?.lat === 37.8605
        ? refused(403, 'TOO_FAR', '您离驿站约395米，请走到驿站门口再扫码开门。', {
            distanceM: 395,
            allowedM: 365,
            stationPhone: '0351-4040123',
          })
        : granted('d0039', 'e_1'),
    );
    const consent = useLocationConsent.getState();
    useLocationConsent.setState({ decision: 'granted', record: async () => undefined });
    const fresh = jest
      .spyOn(locationPlatform, 'getFix')
      .mockResolvedValue({ lat: 37.8609, lng: 112.574, coord: 'gcj02', accuracyM: 12, at: T0 + 5_000 });
    await open({ q: encodeURIComponent(CODE) });
    expect(screen.getByTestId('unlock-error').getAttribute('data-code')).toBe('TOO_FAR');
    expect(fresh).not.toHaveBeenCalled(); // the first try used the fix at hand
    fireEvent.click(screen.getByTestId('unlock-relocate'));
    await settle();
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(fresh).toHaveBeenCalledWith({ fresh: true });
    const sent = api.calls.filter((c) => c.path === '/doors/unlock').map((c) => c.body.location);
    expect(sent).toEqual([
      { lat: 37.8605, lng: 112.5737, coord: 'gcj02', accuracyM: 15 },
      { lat: 37.8609, lng: 112.574, coord: 'gcj02', accuracyM: 12 },
    ]);
    expect(screen.getByTestId('unlock-success')).toBeTruthy();
    fresh.mockRestore();
    useLocationConsent.setState(consent, true);
  });

  it('DOOR_CODE_EXPIRED says to scan the screen again', async () => {
    api.on('POST /doors/unlock', refused(410, 'DOOR_CODE_EXPIRED', ERRORS.DOOR_CODE_EXPIRED.message));
    await open({ q: encodeURIComponent('https://yz.tyzgh.cn/r/d0039.59333333.AbCdEfGhIjKlMnOp') });
    expect(screen.getByTestId('unlock-error').textContent).toContain('请重新扫描屏幕上最新的二维码');
    fireEvent.click(screen.getAllByText('重新扫码')[0]);
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/scan/index' });
  });

  it('RATE_LIMITED says when to retry (Shanghai clock time)', async () => {
    api.on('POST /doors/unlock', refused(429, 'RATE_LIMITED', '操作太频繁了，请45秒后再试。', { retryAfterS: 45 }));
    await open({ q: encodeURIComponent(CODE) });
    // 06:30:00 + 45 s, whatever time zone the test machine is in.
    expect(screen.getByTestId('unlock-error').textContent).toBe('操作太频繁了，请45秒后再试。（06:30:45 以后可以再试）重试');
  });

  it('the emergency button, once confirmed, calls first, then records the alert with station, door and entry', async () => {
    await open({ q: encodeURIComponent(CODE) });
    api.on('POST /alerts', { status: 201, body: { alert: { id: 'a_1' }, station: STATION } });
    await pressAndConfirm();
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-4040123' });
    await settle(0);
    expect(api.calls.find((c) => c.path === '/alerts')?.body).toEqual({
      stationId: 'ty0195',
      doorId: 'd0039',
      entryId: 'e_1',
      location: { lat: 37.8605, lng: 112.5737, coord: 'gcj02', accuracyM: 15 },
    });
    // The worker is told the union has it, with the time (T0 is 06:30:00 Shanghai).
    expect(screen.getByTestId('emergency-recorded').textContent).toBe('已通知工会（06:30），值班人员会看到您的求助和所在驿站。');
  });

  it('the emergency button, offline: the call goes out, and the worker is told the union was not reached', async () => {
    await open({ q: encodeURIComponent(CODE) });
    api.on('POST /alerts', networkDown);
    await pressAndConfirm();
    await settle(0);
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-4040123' });
    expect(screen.getByTestId('emergency-not-recorded').textContent).toBe(
      '网络不通，没能通知工会。请在电话里说清您在哪个驿站；有网络后可再点一次。',
    );
    expect(screen.queryByTestId('emergency-recorded')).toBeNull();
    // Nothing was recorded, so there is nothing to withdraw.
    expect(screen.queryByTestId('emergency-withdraw')).toBeNull();
  });
});

describe('the emergency button is deliberate, and can be withdrawn for a while (issue 14)', () => {
  const recorded = {
    status: 201,
    body: {
      alert: {
        id: 'al_1',
        at: '2026-12-01T06:30:00+08:00',
        stationId: 'ty0195',
        doorId: 'd0039',
        withdrawUntil: '2026-12-01T06:32:00+08:00',
      },
      station: STATION,
    },
  };

  it('one tap calls nobody: 确认求助 must follow; a bounce is ignored; 不用了 and 15 s of nothing fold it back', async () => {
    await open({ q: encodeURIComponent(CODE) });
    api.on('POST /alerts', recorded);
    fireEvent.click(screen.getByTestId('emergency-call'));
    expect(Taro.makePhoneCall).not.toHaveBeenCalled();
    expect(screen.getByTestId('emergency-confirm').textContent).toBe('确认求助再点一下：拨打 0351-4040123，并通知工会');
    // The same press bouncing (a double tap, a raindrop) 0.2 s later is not a decision.
    await settle(200);
    fireEvent.click(screen.getByTestId('emergency-confirm'));
    await settle(0);
    expect(Taro.makePhoneCall).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('emergency-abort'));
    expect(screen.queryByTestId('emergency-confirm')).toBeNull();
    fireEvent.click(screen.getByTestId('emergency-call'));
    await settle(CONFIRM_TIMEOUT_MS);
    expect(screen.queryByTestId('emergency-confirm')).toBeNull();
    expect(Taro.makePhoneCall).not.toHaveBeenCalled();
    expect(api.calls.filter((c) => c.path === '/alerts')).toEqual([]);
  });

  it('取消求助 withdraws the alert, says the call cannot be recalled, and is gone once the window is over', async () => {
    await open({ q: encodeURIComponent(CODE) });
    api.on('POST /alerts', recorded);
    api.on('POST /alerts/al_1/withdraw', {
      status: 200,
      body: { alert: { id: 'al_1', state: 'withdrawn', withdrawnAt: '2026-12-01T06:31:00+08:00' } },
    });
    await pressAndConfirm();
    await settle(0);
    expect(screen.getByTestId('emergency-withdraw-box').textContent).toBe(
      '取消求助（按错了或已没事）取消后工会不再上报（06:32 前可取消）。已拨出的电话无法撤回，接通了请在电话里说明。',
    );
    await settle(60_000 - CONFIRM_BOUNCE_MS);
    fireEvent.click(screen.getByTestId('emergency-withdraw'));
    await settle(0);
    expect(api.calls.filter((c) => c.path === '/alerts/al_1/withdraw').map((c) => c.method)).toEqual(['POST']);
    expect(screen.getByTestId('emergency-withdrawn').textContent).toBe(
      '已取消求助（06:31），工会已知道您没事。已拨出的电话无法撤回，接通了请在电话里说明。',
    );
    expect(screen.queryByTestId('emergency-withdraw')).toBeNull();
    expect(screen.queryByTestId('emergency-recorded')).toBeNull();
  });

  it('the window over: 取消求助 goes away by itself; too late on the server: its message, and the button stays', async () => {
    await open({ q: encodeURIComponent(CODE) });
    api.on('POST /alerts', recorded);
    await pressAndConfirm();
    await settle(119_000);
    expect(screen.getByTestId('emergency-withdraw')).toBeTruthy();
    await settle(1_100);
    expect(screen.queryByTestId('emergency-withdraw')).toBeNull();
    expect(screen.getByTestId('emergency-recorded')).toBeTruthy();

    api.on('POST /alerts', { ...recorded, body: { ...recorded.body, alert: { ...recorded.body.alert, id: 'al_2' } } });
    const late = ERRORS.ALERT_WITHDRAW_CLOSED;
    api.on('POST /alerts/al_2/withdraw', refused(409, 'ALERT_WITHDRAW_CLOSED', late.message));
    await pressAndConfirm();
    await settle(0);
    fireEvent.click(screen.getByTestId('emergency-withdraw'));
    await settle(0);
    expect(screen.getByTestId('emergency-withdraw-error').textContent).toBe(late.message);
  });
});
