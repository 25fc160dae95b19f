/**
 * The door state machine with a programmable backend and jest's fake clock: each answer of POST /doors/unlock,
 * the poll of the entry until the door answered, location best effort, and warm-start arrivals.
 */
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { fakeApi, networkDown, type FakeApi } from '../support/fakeApi';
import { LOCATION_WAIT_MS, POLL_GIVE_UP_MS, useUnlockStore } from '@/stores/unlock';
import { noteAppShow, takeArrival, UNLOCK_PAGE_PATH } from '@/platform/doorArrival';
import { useSessionStore } from '@/stores/session';
import { useLocationStore } from '@/stores/location';
import { useLocationConsent } from '@/stores/locationConsent';

const CODE = 'https://yz.tyzgh.cn/d/d0039.1.AbCdEfGhIjKlMnOp';
const WORKER = { id: 'w_1', name: '张伟' };
const T0 = Date.parse('2026-12-01T06:30:00+08:00');

const granted = (entryId = 'e_1') => ({
  status: 201,
  body: {
    grant: { id: 'g_1', doorId: 'd0039', stationId: 'ty0195', expiresAt: '2026-12-01T06:30:10+08:00' },
    station: { id: 'ty0195', name: '五一广场智慧爱心驿站', address: '五一路1号', phone: '0351-4040123' },
    door: { id: 'd0039', name: '正门' },
    entry: { id: entryId, at: '2026-12-01T06:30:00+08:00', locationPresent: true, distanceM: 12, doorState: 'waiting' },
  },
});
const entry = (doorState: string) => ({ status: 200, body: { entry: { id: 'e_1', outcome: 'granted', doorState } } });
const refused = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => ({
  status,
  body: { error: { code, message, details } },
});

let api: FakeApi;
const store = () => useUnlockStore.getState();
const unlockCalls = () => api.calls.filter((c) => c.method === 'POST' && c.path === '/doors/unlock');
const entryPolls = () => api.calls.filter((c) => c.path === '/entries/e_1');

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
  __reset();
  delete process.env.TARO_ENV;
  api = fakeApi();
  useLocationConsent.setState({ decision: 'granted' });
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: WORKER as never,
    pendingDoorCode: null,
  });
  useLocationStore.setState({
    status: 'ready',
    fix: { lat: 37.8605, lng: 112.5737, coord: 'gcj02', accuracyM: 15, at: T0 - 5_000 },
    manualPlace: null,
    failure: null,
  });
  store().reset();
});
afterEach(() => {
  store().reset();
  jest.useRealTimers();
});

describe('the door answers', () => {
  it('polls the entry after the grant and shows the door opened once the controller acknowledged', async () => {
    api.on('POST /doors/unlock', granted());
    let polls = 0;
    api.on('GET /entries/e_1', () => entry(++polls < 2 ? 'waiting' : 'opened'));
    await store().run(CODE);
    expect(store().phase).toBe('waiting_door');
    // The fresh fix at hand (5 s old) goes with the code, in GCJ-02, without asking the phone again.
    expect(unlockCalls()[0].body).toEqual({ code: CODE, location: { lat: 37.8605, lng: 112.5737, coord: 'gcj02', accuracyM: 15 } });
    expect(Taro.getLocation).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(300);
    expect(entryPolls()).toHaveLength(1);
    expect(store().phase).toBe('waiting_door');
    await jest.advanceTimersByTimeAsync(700);
    expect(entryPolls()).toHaveLength(2);
    expect(store().phase).toBe('opened');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(entryPolls()).toHaveLength(2);
  });

  it('reports no response when the server says so, and retry posts the same code again', async () => {
    api.on('POST /doors/unlock', granted());
    api.on('GET /entries/e_1', entry('waiting'));
    await store().run(CODE);
    // 300 + 700 + 10 x 1000 ms: 12 polls within the 12 s the server waits (grant 10 s + grace 2 s).
    await jest.advanceTimersByTimeAsync(11_000);
    expect(entryPolls()).toHaveLength(12);
    api.on('GET /entries/e_1', entry('no_response'));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(store().phase).toBe('no_response');
    expect(store().doorUnconfirmed).toBe(false);
    expect(store().result?.station.phone).toBe('0351-4040123');
    await store().run(store().code!);
    expect(unlockCalls().map((c) => c.body.code)).toEqual([CODE, CODE]);
    expect(store().phase).toBe('waiting_door');
    // A second tap while that attempt is under way sends nothing more.
    await store().run(CODE);
    expect(unlockCalls()).toHaveLength(2);
  });

  it('gives up after POLL_GIVE_UP_MS when every poll fails, saying the door could not be confirmed', async () => {
    api.on('POST /doors/unlock', granted());
    api.on('GET /entries/e_1', networkDown);
    await store().run(CODE);
    await jest.advanceTimersByTimeAsync(POLL_GIVE_UP_MS - 1_000);
    expect(store().phase).toBe('waiting_door');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(store().phase).toBe('no_response');
    expect(store().doorUnconfirmed).toBe(true);
  });
});

describe('refusals', () => {
  it('TOO_FAR keeps the distance and the allowance for the page', async () => {
    api.on(
      'POST /doors/unlock',
      refused(403, 'TOO_FAR', '您离驿站约1234米，请走到驿站门口再扫码开门。', { distanceM: 1234, allowedM: 315 }),
    );
    await store().run(CODE);
    expect(store().phase).toBe('failed');
    expect(store().error?.code).toBe('TOO_FAR');
    expect(store().error?.details).toEqual({ distanceM: 1234, allowedM: 315 });
    expect(entryPolls()).toHaveLength(0);
  });

  it('DOOR_CODE_EXPIRED is a refusal of its own (scan the screen again)', async () => {
    api.on('POST /doors/unlock', refused(410, 'DOOR_CODE_EXPIRED', '屏幕上的二维码已更新，请重新扫描屏幕上最新的二维码。'));
    await store().run('https://yz.tyzgh.cn/r/d0039.59333333.AbCdEfGhIjKlMnOp');
    expect(store().error?.status).toBe(410);
    expect(store().error?.code).toBe('DOOR_CODE_EXPIRED');
  });

  it('RATE_LIMITED remembers when a retry makes sense (details.retryAfterS: 45 s)', async () => {
    api.on('POST /doors/unlock', refused(429, 'RATE_LIMITED', '操作太频繁了，请45秒后再试。', { retryAfterS: 45, scope: 'worker' }));
    await store().run(CODE);
    expect(store().retryAtMs).toBe(T0 + 45_000);
  });

  it('RATE_LIMITED takes the Retry-After header when present', async () => {
    (Taro.request as jest.Mock).mockImplementation(async () => ({
      statusCode: 429,
      data: { error: { code: 'RATE_LIMITED', message: '操作太频繁了，请20秒后再试。' } },
      header: { 'Retry-After': '20' },
    }));
    await store().run(CODE);
    expect(store().retryAtMs).toBe(T0 + 20_000);
  });

  it('NOT_REGISTERED keeps the code for after registration', async () => {
    api.on('POST /doors/unlock', refused(403, 'NOT_REGISTERED', '您还没有登记身份信息，请先完成登记。'));
    await store().run(CODE);
    expect(store().phase).toBe('needs_registration');
    expect(useSessionStore.getState().pendingDoorCode).toBe(CODE);
    expect(useSessionStore.getState().worker).toBeNull();
  });

  it('a new worker with a forged code hears that the code is wrong, not "register first"', async () => {
    useSessionStore.setState({ worker: null });
    api.on(
      'POST /doors/unlock',
      refused(422, 'DOOR_CODE_INVALID', '这个开门码无效，请扫描门上贴的驿站码。', { reason: 'DOOR_CODE_FORGED' }),
    );
    await store().run(CODE);
    expect(unlockCalls()).toHaveLength(1);
    expect(unlockCalls()[0].body.location).toBeUndefined(); // no location is read before registering
    expect(store().phase).toBe('failed');
    expect(store().error?.code).toBe('DOOR_CODE_INVALID');
    expect(useSessionStore.getState().pendingDoorCode).toBeNull();
  });

  it('a new worker with a genuine code is sent to register, keeping the code', async () => {
    useSessionStore.setState({ worker: null });
    api.on('POST /doors/unlock', refused(403, 'NOT_REGISTERED', '您还没有登记身份信息，请先完成登记。'));
    await store().run(CODE);
    expect(store().phase).toBe('needs_registration');
    expect(useSessionStore.getState().pendingDoorCode).toBe(CODE);
  });
});

describe('location is best effort', () => {
  beforeEach(() => {
    api.on('POST /doors/unlock', granted());
    api.on('GET /entries/e_1', entry('opened'));
  });

  it('a refused permission (weapp "auth deny") still unlocks, without a location', async () => {
    process.env.TARO_ENV = 'weapp';
    useLocationStore.setState({ fix: null });
    (Taro.getLocation as jest.Mock).mockRejectedValue({ errMsg: 'getLocation:fail auth deny' });
    await store().run(CODE);
    expect(Taro.getLocation).toHaveBeenCalledTimes(1);
    expect(unlockCalls()[0].body).toEqual({ code: CODE, location: undefined });
    expect(store().phase).toBe('waiting_door');
  });

  it("without the worker's consent to precise location none is read or sent, and the door still opens", async () => {
    process.env.TARO_ENV = 'weapp';
    useLocationConsent.setState({ decision: 'declined' }); // the store still holds a fresh fix from before
    (Taro.getLocation as jest.Mock).mockResolvedValue({ latitude: 37.86, longitude: 112.57, accuracy: 30 });
    await store().run(CODE);
    expect(Taro.getLocation).not.toHaveBeenCalled();
    expect(unlockCalls()[0].body).toEqual({ code: CODE, location: undefined });
    expect(store().phase).toBe('waiting_door');
  });

  it('a consent granted on the phone but not yet on the server is recorded before the location is sent, once', async () => {
    useLocationConsent.setState({ decision: 'granted', recordedFor: null });
    api.on('POST /me/consents', { status: 201, body: {} });
    await store().run(CODE);
    const order = api.calls.filter((c) => c.method === 'POST').map((c) => c.path);
    expect(order).toEqual(['/me/consents', '/doors/unlock']);
    expect(api.calls.find((c) => c.path === '/me/consents')?.body).toMatchObject({ kind: 'location' });
    store().reset();
    await store().run(CODE);
    expect(api.calls.filter((c) => c.path === '/me/consents')).toHaveLength(1);
  });

  it('a location that does not come within LOCATION_WAIT_MS is not waited for', async () => {
    process.env.TARO_ENV = 'weapp';
    useLocationStore.setState({ fix: null });
    (Taro.getLocation as jest.Mock).mockReturnValue(new Promise(() => undefined));
    const done = store().run(CODE);
    await jest.advanceTimersByTimeAsync(LOCATION_WAIT_MS - 1);
    expect(unlockCalls()).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    await done;
    expect(unlockCalls()[0].body.location).toBeUndefined();
  });

  it('a hand-picked place is never sent as the location, and a stale fix is replaced by a new one', async () => {
    process.env.TARO_ENV = 'weapp';
    (Taro.getLocation as jest.Mock).mockResolvedValue({ latitude: 37.86, longitude: 112.57, accuracy: 30 });
    useLocationStore.setState({ manualPlace: '迎泽区', fix: { lat: 37.8, lng: 112.5, coord: 'gcj02', accuracyM: null, at: T0 } });
    await store().run(CODE);
    expect(unlockCalls()[0].body.location).toEqual({ lat: 37.86, lng: 112.57, coord: 'gcj02', accuracyM: 30 });
    // The new fix is kept for the emergency button.
    expect(useLocationStore.getState()).toMatchObject({ manualPlace: null, fix: { lat: 37.86, lng: 112.57, accuracyM: 30 } });
    useLocationStore.setState({ manualPlace: null, fix: { lat: 37.8, lng: 112.5, coord: 'gcj02', accuracyM: 10, at: T0 - 31_000 } });
    store().reset();
    await store().run(CODE);
    expect(unlockCalls()[1].body.location).toEqual({ lat: 37.86, lng: 112.57, coord: 'gcj02', accuracyM: 30 });
  });
});

it('a newer code supersedes a run still in flight: only the newer answer is shown', async () => {
  let answerOld!: (a: { status: number; body: unknown }) => void;
  api.on('POST /doors/unlock', (body: { code: string }) => (body.code === CODE ? new Promise((r) => (answerOld = r)) : granted('e_2')));
  api.on('GET /entries/e_2', { status: 200, body: { entry: { id: 'e_2', doorState: 'opened' } } });
  const NEW = 'https://yz.tyzgh.cn/d/d0040.1.ZyXwVuTsRqPoNmLk';
  const old = store().run(CODE);
  await jest.advanceTimersByTimeAsync(0);
  await store().run(NEW);
  answerOld(granted('e_1'));
  await old;
  await jest.advanceTimersByTimeAsync(300);
  expect(store().code).toBe(NEW);
  expect(store().result?.entry.id).toBe('e_2');
  expect(store().phase).toBe('opened');
  expect(entryPolls()).toHaveLength(0);
});

describe('warm-start arrivals (WeChat App onShow options)', () => {
  it('keeps a door-page arrival with its code and whether it was a fresh scan', () => {
    noteAppShow({ path: UNLOCK_PAGE_PATH, query: { q: encodeURIComponent(CODE), scancode_time: '1764541800' }, scene: 1011 });
    expect(takeArrival()).toEqual({ query: { q: encodeURIComponent(CODE), scene: undefined, code: undefined }, freshScan: true });
    expect(takeArrival()).toBeNull();
    noteAppShow({ path: `/${UNLOCK_PAGE_PATH}`, query: { scene: 'd0039.1AbCdEfGhIjKlMnOp' }, scene: 1001 });
    expect(takeArrival()?.freshScan).toBe(false);
  });

  it('ignores shows of other pages and shows without a code', () => {
    noteAppShow({ path: 'pages/index/index', query: { q: encodeURIComponent(CODE) }, scene: 1011 });
    noteAppShow({ path: UNLOCK_PAGE_PATH, query: {}, scene: 1001 });
    expect(takeArrival()).toBeNull();
  });
});
