/**
 * Refreshing the home page: WeChat's pull-down (enablePullDownRefresh) and the 刷新 chip do the same thing. A
 * live fix is read afresh; a place the worker chose is searched around again, not swapped for a location.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import NearbyPage from '@/pages/index/index';
import { useLocationStore } from '@/stores/location';
import { useLocationConsent } from '@/stores/locationConsent';
import { useNearbyStore } from '@/stores/nearby';
import type { NearbyResponse } from '@/api/stations';
import { fakeApi } from '../support/fakeApi';

// The shared stand-in ignores usePullDownRefresh; this one keeps the handler so a test can pull.
let pullDown: (() => void) | null = null;
jest.mock('@tarojs/taro', () => {
  const stub = jest.requireActual('../stubs/taro');
  return { __esModule: true, ...stub, usePullDownRefresh: (fn: () => void) => void (pullDown = fn) };
});

const NEAR: NearbyResponse = { center: { lat: 37.861604, lng: 112.57417, coord: 'gcj02' }, radiusM: 1000, stations: [], nearestBeyond: [] };
const request = Taro.request as unknown as jest.Mock;
const nearbyUrls = () => request.mock.calls.map((c) => c[0].url as string).filter((u) => u.includes('/stations/nearby'));
const getCurrentPosition = jest.fn((ok: PositionCallback) =>
  ok({ coords: { latitude: 37.86111, longitude: 112.56791, accuracy: 20 } } as GeolocationPosition),
);

const initialLocation = useLocationStore.getState();
const initialNearby = useNearbyStore.getState();
beforeEach(() => {
  __reset();
  getCurrentPosition.mockClear();
  useLocationStore.setState(initialLocation, true);
  useNearbyStore.setState(initialNearby, true);
  useLocationConsent.setState({ decision: 'granted' });
  Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true });
  Object.defineProperty(navigator, 'permissions', { value: undefined, configurable: true });
  Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
  fakeApi().on('GET /stations/nearby', { status: 200, body: NEAR });
});
afterEach(cleanup);

it('weapp pull-down is switched on for the page', () => {
  (globalThis as { definePageConfig?: unknown }).definePageConfig = (c: unknown) => c; // a Taro build-time global
  expect(require('@/pages/index/index.config').default).toMatchObject({ enablePullDownRefresh: true });
});

it('pulling down with a live fix locates again, searches, and stops the spinner', async () => {
  render(<NearbyPage />);
  await waitFor(() => expect(nearbyUrls()).toHaveLength(1));
  act(() => pullDown!());
  await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1));
  expect(getCurrentPosition).toHaveBeenCalledTimes(2);
  expect(nearbyUrls()).toHaveLength(2);
});

it('with a chosen place, pulling down and 刷新 search around that place again without locating', async () => {
  render(<NearbyPage />);
  await waitFor(() => expect(nearbyUrls()).toHaveLength(1));
  act(() => {
    const fix = useLocationStore.getState().choosePlace('迎泽区', 37.855804, 112.558851);
    void useNearbyStore.getState().search(fix);
  });
  await waitFor(() => expect(nearbyUrls()).toHaveLength(2));
  act(() => pullDown!());
  await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1));
  fireEvent.click(screen.getByText('刷新'));
  await waitFor(() => expect(nearbyUrls()).toHaveLength(4));
  expect(
    nearbyUrls()
      .slice(2)
      .every((u) => u.includes('lat=37.855804&lng=112.558851')),
  ).toBe(true);
  expect(getCurrentPosition).toHaveBeenCalledTimes(1);
  expect(useLocationStore.getState().manualPlace).toBe('迎泽区');
});
