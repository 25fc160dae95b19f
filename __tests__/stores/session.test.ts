import Taro from '@tarojs/taro';
import { storage, __reset } from '../stubs/taro';
import { freshPendingDoorCode, useSessionStore, SESSION_KEY, SESSION_VERSION } from '@/stores/session';

const validSaved = {
  v: SESSION_VERSION,
  data: {
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: null,
    pendingDoorCode: null,
  },
};

beforeEach(() => {
  __reset();
  useSessionStore.setState({ hydrated: false, deviceId: null, token: null, expiresAt: null, worker: null, pendingDoorCode: null });
});

describe('session hydration survives what Taro storage really returns', () => {
  const broken: [string, unknown][] = [
    ['a missing key (weapp returns "")', undefined],
    ['an empty string', ''],
    ['null', null],
    ['corrupt JSON', '{"v":2,"data":{'],
    ['a value from an older version', JSON.stringify({ v: 1, data: { token: 'old' } })],
    ['an object of the wrong shape', JSON.stringify({ v: SESSION_VERSION, data: { deviceId: 42 } })],
    ['a bare number', '42'],
  ];
  it.each(broken)('%s: completes with a fresh device id and no token', async (_label, value) => {
    if (value !== undefined) storage.set(SESSION_KEY, value);
    await useSessionStore.getState().hydrate();
    const s = useSessionStore.getState();
    expect(s.hydrated).toBe(true);
    expect(s.token).toBeNull();
    expect(s.deviceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('restores a valid saved session', async () => {
    storage.set(SESSION_KEY, JSON.stringify(validSaved));
    await useSessionStore.getState().hydrate();
    expect(useSessionStore.getState()).toMatchObject({ hydrated: true, token: 'tok', deviceId: 'abcdef0123456789abcdef0123456789' });
  });

  it('completes even when the storage API throws', async () => {
    (Taro.getStorageSync as jest.Mock).mockImplementationOnce(() => {
      throw new Error('getStorageSync:fail');
    });
    await useSessionStore.getState().hydrate();
    expect(useSessionStore.getState().hydrated).toBe(true);
  });
});

describe('what the session keeps across a restart', () => {
  const worker = {
    id: 'w_1',
    name: '张伟',
    idNumberMasked: '140***********1234',
    phoneMasked: '138****5678',
    occupation: 'delivery',
    privacyPolicyVersion: '2026-11-30',
    registeredAt: '2026-11-30T10:00:00+08:00',
  };

  it('a door code scanned before registering, and the worker, come back after a restart', async () => {
    await useSessionStore.getState().hydrate();
    useSessionStore.getState().setPendingDoorCode('https://yz.tyzgh.cn/d/1/D001/abc');
    useSessionStore.getState().setWorker(worker);
    const savedAt = useSessionStore.getState().pendingDoorCodeAt;
    expect(Math.abs((savedAt ?? 0) - Date.now())).toBeLessThan(5_000);
    useSessionStore.setState({ hydrated: false, worker: null, pendingDoorCode: null, pendingDoorCodeAt: null });
    await useSessionStore.getState().hydrate();
    expect(useSessionStore.getState()).toMatchObject({
      worker,
      pendingDoorCode: 'https://yz.tyzgh.cn/d/1/D001/abc',
      pendingDoorCodeAt: savedAt,
    });
  });

  it('a pending door code opens the door for 10 minutes after the scan, not later (nor with no or a future time)', () => {
    const code = 'https://yz.tyzgh.cn/d/1/D001/abc';
    const at = Date.parse('2026-12-01T10:00:00+08:00');
    expect(freshPendingDoorCode({ pendingDoorCode: code, pendingDoorCodeAt: at }, at + 10 * 60_000)).toBe(code);
    expect(freshPendingDoorCode({ pendingDoorCode: code, pendingDoorCodeAt: at }, at + 10 * 60_000 + 1)).toBeNull();
    expect(freshPendingDoorCode({ pendingDoorCode: code, pendingDoorCodeAt: null }, at)).toBeNull();
    expect(freshPendingDoorCode({ pendingDoorCode: code, pendingDoorCodeAt: at + 1 }, at)).toBeNull();
    expect(freshPendingDoorCode({ pendingDoorCode: null, pendingDoorCodeAt: at }, at)).toBeNull();
  });

  it('a worker saved by an older app version (no consent field) is still restored', async () => {
    storage.set(SESSION_KEY, JSON.stringify({ ...validSaved, data: { ...validSaved.data, worker } }));
    await useSessionStore.getState().hydrate();
    expect(useSessionStore.getState().worker).toEqual(worker);
  });

  it('storage refusing to write (full) does not break setWorker', async () => {
    await useSessionStore.getState().hydrate();
    (Taro.setStorageSync as jest.Mock).mockImplementationOnce(() => {
      throw new Error('setStorageSync:fail exceed storage max size');
    });
    expect(() => useSessionStore.getState().setWorker(worker)).not.toThrow();
    expect(useSessionStore.getState().worker).toEqual(worker);
  });

  it('forgetAccount (after deletion) leaves nothing that links to the deleted account', async () => {
    storage.set(SESSION_KEY, JSON.stringify({ ...validSaved, data: { ...validSaved.data, worker, pendingDoorCode: 'x' } }));
    await useSessionStore.getState().hydrate();
    useSessionStore.getState().forgetAccount();
    const s = useSessionStore.getState();
    expect(s).toMatchObject({ token: null, worker: null, pendingDoorCode: null });
    expect(s.deviceId).toMatch(/^[0-9a-f]{32}$/);
    expect(s.deviceId).not.toBe('abcdef0123456789abcdef0123456789');
    expect(String(storage.get(SESSION_KEY))).not.toMatch(/abcdef0123456789abcdef0123456789|张伟|"tok"/);
  });
});
