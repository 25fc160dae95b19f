import Taro from '@tarojs/taro';
import { storage, __reset } from '../stubs/taro';
import { useSessionStore, SESSION_KEY, SESSION_VERSION } from '@/stores/session';

const validSaved = {
  v: SESSION_VERSION,
  data: { deviceId: 'abcdef0123456789', token: 'tok', expiresAt: '2099-01-01T00:00:00+08:00', worker: null, pendingDoorCode: null },
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
    expect(useSessionStore.getState()).toMatchObject({ hydrated: true, token: 'tok', deviceId: 'abcdef0123456789' });
  });

  it('completes even when the storage API throws', async () => {
    (Taro.getStorageSync as jest.Mock).mockImplementationOnce(() => {
      throw new Error('getStorageSync:fail');
    });
    await useSessionStore.getState().hydrate();
    expect(useSessionStore.getState().hydrated).toBe(true);
  });
});
