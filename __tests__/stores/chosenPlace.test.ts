/**
 * A place chosen by hand (location refused) is remembered across reopening the app, and forgotten once a live fix
 * comes in. Each launch loads the modules afresh (jest.isolateModules) with the phone's storage carried over.
 */
import type { useLocationStore as Store } from '@/stores/location';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

interface Launched {
  store: typeof Store;
  storage: Map<string, unknown>;
  removeStorageSync: jest.Mock;
}

/** The location store as a freshly launched app creates it, on a phone whose storage holds `saved`. */
function launch(saved: Map<string, unknown> = new Map()): Launched {
  let launched!: Launched;
  jest.isolateModules(() => {
    const stub = require('../stubs/taro') as typeof import('../stubs/taro');
    for (const [k, v] of saved) stub.storage.set(k, v);
    const store = (require('@/stores/location') as typeof import('@/stores/location')).useLocationStore;
    launched = { store, storage: stub.storage, removeStorageSync: stub.default.removeStorageSync as unknown as jest.Mock };
  });
  return launched;
}

it('reopening keeps the chosen place (GCJ-02) as the place searched around, not a failure', () => {
  const first = launch();
  first.store.getState().choosePlace('五一广场', 37.861604, 112.57417);
  const again = launch(first.storage).store.getState();
  expect(again.status).toBe('ready');
  expect(again.manualPlace).toBe('五一广场');
  expect(again.failure).toBeNull();
  expect(again.fix).toMatchObject({ lat: 37.861604, lng: 112.57417, coord: 'gcj02', accuracyM: null });
});

it('a fresh app without a chosen place starts idle (it will locate)', () => {
  expect(launch().store.getState()).toMatchObject({ status: 'idle', manualPlace: null, fix: null });
});

it('a live fix forgets the chosen place', async () => {
  const app = launch();
  app.store.getState().choosePlace('迎泽区', 37.855804, 112.558851);
  expect(app.storage.has('yz.chosenPlace')).toBe(true);
  // Consent given (as stores/locationConsent saves it), and a browser that answers at 五一广场 (WGS-84).
  app.storage.set(
    'yz.locationConsent',
    JSON.stringify({ v: 1, data: { policyVersion: PRIVACY_POLICY_VERSION, decision: 'granted', at: Date.now() } }),
  );
  Object.defineProperty(navigator, 'geolocation', {
    value: {
      getCurrentPosition: (ok: PositionCallback) =>
        ok({ coords: { latitude: 37.86111, longitude: 112.56791, accuracy: 20 } } as GeolocationPosition),
    },
    configurable: true,
  });
  Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
  const fix = await app.store.getState().locate();
  expect(fix).not.toBeNull();
  expect(app.storage.has('yz.chosenPlace')).toBe(false);
  expect(launch(app.storage).store.getState().manualPlace).toBeNull();
});

it('a broken saved place is dropped', () => {
  const app = launch(new Map([['yz.chosenPlace', JSON.stringify({ v: 1, data: { name: '', lat: 'x', lng: 1 } })]]));
  expect(app.store.getState().status).toBe('idle');
  expect(app.storage.has('yz.chosenPlace')).toBe(false);
  expect(app.removeStorageSync).toHaveBeenCalledWith('yz.chosenPlace');
});
