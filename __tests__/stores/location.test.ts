/**
 * The location store and platform layer: every failure the two platforms really give is told apart, a browser's
 * WGS-84 fix is converted to GCJ-02 (and left alone abroad), and the ways forward (settings, map) work.
 */
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { useLocationStore } from '@/stores/location';
import { useLocationConsent } from '@/stores/locationConsent';
import { classifyLocationError, getFix, locationMessage, type LocationFailureKind } from '@/platform/location';
import { haversineM } from '@/rules/geo';

const getLocation = Taro.getLocation as unknown as jest.Mock;
const getSetting = Taro.getSetting as unknown as jest.Mock;
const openSetting = Taro.openSetting as unknown as jest.Mock;
const chooseLocation = Taro.chooseLocation as unknown as jest.Mock;

type GeoError = { code: number; message: string };
/** A browser whose geolocation answers with `pos` or fails with `err`; optional permission state and origin. */
function browser(opts: {
  pos?: { lat: number; lng: number; accuracy?: number };
  err?: GeoError;
  permission?: PermissionState;
  secure?: boolean;
  noGeo?: boolean;
}) {
  const geolocation = opts.noGeo
    ? undefined
    : {
        getCurrentPosition: jest.fn((ok: PositionCallback, bad: PositionErrorCallback) => {
          if (opts.err) bad(opts.err as GeolocationPositionError);
          else
            ok({
              coords: { latitude: opts.pos!.lat, longitude: opts.pos!.lng, accuracy: opts.pos!.accuracy ?? 20 },
            } as GeolocationPosition);
        }),
      };
  Object.defineProperty(navigator, 'geolocation', { value: geolocation, configurable: true });
  Object.defineProperty(navigator, 'permissions', {
    value: opts.permission ? { query: jest.fn(async () => ({ state: opts.permission })) } : undefined,
    configurable: true,
  });
  Object.defineProperty(window, 'isSecureContext', { value: opts.secure ?? true, configurable: true });
  return geolocation;
}

const initial = useLocationStore.getState();
beforeEach(() => {
  __reset();
  useLocationStore.setState(initial, true);
  useLocationConsent.setState({ decision: 'granted' });
  delete process.env.TARO_ENV;
  getSetting.mockResolvedValue({ authSetting: {} });
});
afterAll(() => {
  delete process.env.TARO_ENV;
});

const failure = () => useLocationStore.getState().failure;

describe('h5: the browser', () => {
  it('converts the WGS-84 fix at 五一广场 to GCJ-02 (the published 37.861604, 112.57417, within 1 m)', async () => {
    browser({ pos: { lat: 37.86111, lng: 112.56791, accuracy: 15 } });
    const fix = await useLocationStore.getState().locate();
    expect(fix).toMatchObject({ coord: 'gcj02', accuracyM: 15 });
    expect(haversineM(fix!, { lat: 37.861604, lng: 112.57417 })).toBeLessThan(1);
    expect(useLocationStore.getState().status).toBe('ready');
  });

  it('leaves a fix in Hong Kong unshifted (GCJ-02 applies to mainland China only)', async () => {
    browser({ pos: { lat: 22.3193, lng: 114.1694 } });
    expect(await useLocationStore.getState().locate()).toMatchObject({ lat: 22.3193, lng: 114.1694 });
  });

  it.each<[string, Parameters<typeof browser>[0], LocationFailureKind]>([
    ['refused at the prompt just now', { err: { code: 1, message: 'User denied Geolocation' } }, 'denied'],
    ['refused before and remembered', { permission: 'denied', pos: { lat: 1, lng: 1 } }, 'denied_before'],
    ['location switched off / unavailable', { err: { code: 2, message: 'Position unavailable' } }, 'system_off'],
    ['timeout', { err: { code: 3, message: 'Timeout expired' } }, 'timeout'],
    ['no geolocation in this browser', { noGeo: true }, 'unsupported'],
    ['page not on https', { secure: false, pos: { lat: 1, lng: 1 } }, 'insecure'],
    [
      'Chrome on http reports code 1 "Only secure origins are allowed"',
      { err: { code: 1, message: 'Only secure origins are allowed' } },
      'insecure',
    ],
  ])('%s', async (_label, setup, kind) => {
    const geo = browser(setup);
    expect(await useLocationStore.getState().locate()).toBeNull();
    expect(failure()).toEqual({ kind, message: locationMessage(kind) });
    expect(useLocationStore.getState().status).toBe('failed');
    // Known before asking: the browser is not even asked.
    if (setup.permission || setup.secure === false) expect(geo?.getCurrentPosition).not.toHaveBeenCalled();
  });

  it('gives every failure kind a different message that says what to do', () => {
    const kinds: LocationFailureKind[] = ['denied', 'denied_before', 'system_off', 'timeout', 'unsupported', 'insecure', 'unknown'];
    const messages = kinds.map(locationMessage);
    expect(new Set(messages).size).toBe(kinds.length);
    for (const m of messages) expect(m).toMatch(/请/);
  });
});

describe('weapp: WeChat', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });

  it('asks for GCJ-02 and keeps it as is', async () => {
    getLocation.mockResolvedValue({ latitude: 37.861604, longitude: 112.57417, accuracy: 30 });
    const fix = await useLocationStore.getState().locate();
    expect(getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }));
    expect(fix).toMatchObject({ lat: 37.861604, lng: 112.57417, coord: 'gcj02', accuracyM: 30 });
  });

  it.each<[string, string, LocationFailureKind]>([
    ['refused at the prompt', 'getLocation:fail auth deny', 'denied'],
    ['prompt dismissed', 'getLocation:fail authorize no response', 'denied'],
    ['WeChat lacks the phone permission', 'getLocation:fail system permission denied', 'system_off'],
    ['GPS switched off (Android)', 'getLocation:fail:ERROR_NOCELL&WIFI_LOCATIONSWITCHOFF', 'system_off'],
    ['timeout', 'getLocation:fail timeout', 'timeout'],
    ['anything else', 'getLocation:fail something new', 'unknown'],
  ])('%s (%s) -> %s', async (_label, errMsg, kind) => {
    getLocation.mockRejectedValue({ errMsg });
    await useLocationStore.getState().locate();
    expect(failure()?.kind).toBe(kind);
    expect(failure()?.message).toBe(locationMessage(kind));
  });

  it('a refusal remembered in the settings is denied_before, without calling getLocation', async () => {
    getSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': false } });
    await useLocationStore.getState().locate();
    expect(failure()?.kind).toBe('denied_before');
    expect(getLocation).not.toHaveBeenCalled();
  });

  it('openSettings locates again when the worker switched location on', async () => {
    openSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': true } });
    getLocation.mockResolvedValue({ latitude: 37.87, longitude: 112.55, accuracy: 10 });
    const fix = await useLocationStore.getState().openSettings();
    expect(fix).toMatchObject({ lat: 37.87, lng: 112.55 });
    expect(useLocationStore.getState().status).toBe('ready');
  });

  it('openSettings does nothing more when location stays off', async () => {
    openSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': false } });
    expect(await useLocationStore.getState().openSettings()).toBeNull();
    expect(getLocation).not.toHaveBeenCalled();
  });

  it('chooseOnMap uses the picked point (GCJ-02) and names it', async () => {
    chooseLocation.mockResolvedValue({ name: '太原站', address: '迎泽大街', latitude: 37.860197, longitude: 112.588066 });
    const fix = await useLocationStore.getState().chooseOnMap();
    expect(fix).toMatchObject({ lat: 37.860197, lng: 112.588066, coord: 'gcj02' });
    expect(useLocationStore.getState().manualPlace).toBe('太原站');
  });

  it('chooseOnMap closed without a choice changes nothing', async () => {
    chooseLocation.mockRejectedValue({ errMsg: 'chooseLocation:fail cancel' });
    expect(await useLocationStore.getState().chooseOnMap()).toBeNull();
    expect(useLocationStore.getState().status).toBe('idle');
  });
});

describe('a fresh fix (重新定位再试 after a refusal for distance)', () => {
  it('h5 accepts a position the browser measured up to 30 s ago, except when asked for a fresh one', async () => {
    const geo = browser({ pos: { lat: 37.8616, lng: 112.5742 } })!;
    await getFix();
    await getFix({ fresh: true });
    const options = geo.getCurrentPosition.mock.calls.map((c) => (c as unknown[])[2] as PositionOptions);
    expect(options.map((o) => o.maximumAge)).toEqual([30_000, 0]);
  });
});

describe('a location that never answers, and a place chosen meanwhile', () => {
  /** A browser whose geolocation never calls back (a permission prompt nobody answers); `answer` calls it late. */
  function silentBrowser() {
    let ok: PositionCallback | null = null;
    const geolocation = { getCurrentPosition: jest.fn((cb: PositionCallback) => void (ok = cb)) };
    Object.defineProperty(navigator, 'geolocation', { value: geolocation, configurable: true });
    Object.defineProperty(navigator, 'permissions', { value: undefined, configurable: true });
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    return {
      geolocation,
      answer: (lat: number, lng: number) => ok!({ coords: { latitude: lat, longitude: lng, accuracy: 20 } } as GeolocationPosition),
    };
  }
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('h5: no answer within 15 s is the timeout failure, with its own message', async () => {
    silentBrowser();
    const located = useLocationStore.getState().locate();
    await jest.advanceTimersByTimeAsync(14_999);
    expect(useLocationStore.getState().status).toBe('locating');
    await jest.advanceTimersByTimeAsync(1);
    expect(await located).toBeNull();
    expect(useLocationStore.getState()).toMatchObject({
      status: 'failed',
      failure: { kind: 'timeout', message: locationMessage('timeout') },
    });
  });

  it('weapp: getLocation that never settles is the timeout failure after 15 s', async () => {
    process.env.TARO_ENV = 'weapp';
    getLocation.mockReturnValueOnce(new Promise(() => undefined));
    const located = useLocationStore.getState().locate();
    await jest.advanceTimersByTimeAsync(15_000);
    expect(await located).toBeNull();
    expect(failure()?.kind).toBe('timeout');
  });

  it('a place chosen while locating is kept when the fix comes in later', async () => {
    const b = silentBrowser();
    const located = useLocationStore.getState().locate();
    await jest.advanceTimersByTimeAsync(0);
    useLocationStore.getState().choosePlace('五一广场', 37.861604, 112.57417);
    b.answer(37.87, 112.55);
    expect(await located).toBeNull();
    expect(useLocationStore.getState()).toMatchObject({
      status: 'ready',
      manualPlace: '五一广场',
      fix: { lat: 37.861604, lng: 112.57417 },
      failure: null,
    });
    await jest.advanceTimersByTimeAsync(15_000);
    expect(useLocationStore.getState()).toMatchObject({ status: 'ready', manualPlace: '五一广场', failure: null });
  });

  it('asking again while a fix is on its way asks the platform once and both get the fix', async () => {
    const b = silentBrowser();
    const first = useLocationStore.getState().locate();
    const second = useLocationStore.getState().locate();
    await jest.advanceTimersByTimeAsync(0);
    b.answer(1, 1);
    expect(await first).toMatchObject({ lat: 1, lng: 1 });
    expect(await second).toMatchObject({ lat: 1, lng: 1 });
    expect(b.geolocation.getCurrentPosition).toHaveBeenCalledTimes(1);
  });
});

describe('classifyLocationError', () => {
  it.each([
    [{ errMsg: 'getLocation:fail auth denied' }, 'denied'],
    [{ errMsg: 'getLocation:fail privacy permission is not authorized' }, 'denied'],
    [{ errMsg: 'getLocation:fail:ERROR_NOLOCATION' }, 'system_off'],
    [{ code: 2, message: '' }, 'system_off'],
    [null, 'unknown'],
  ])('%j -> %s', (err, kind) => {
    expect(classifyLocationError(err)).toBe(kind);
  });
});
