/**
 * A stand-in for @tarojs/taro under jest (jsdom). Storage is a real in-memory map (tests can put
 * broken values in it); platform calls are jest.fn()s tests program; hooks run as React effects.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';

export const storage = new Map<string, unknown>();

const router = { params: {} as Record<string, string> };
/** Sets what useRouter() returns for the next render. */
export function __setRouterParams(params: Record<string, string>): void {
  router.params = params;
}

const Taro = {
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value);
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key);
  }),
  request: jest.fn(),
  login: jest.fn(async () => ({ code: 'test-code' })),
  getLocation: jest.fn(),
  chooseLocation: jest.fn(),
  openLocation: jest.fn(async () => ({})),
  openSetting: jest.fn(async () => ({ authSetting: {} })),
  getSetting: jest.fn(async () => ({ authSetting: {} })),
  scanCode: jest.fn(),
  chooseImage: jest.fn(),
  getFileSystemManager: jest.fn(),
  makePhoneCall: jest.fn(async () => ({})),
  vibrateLong: jest.fn(async () => ({})),
  navigateTo: jest.fn(async () => ({})),
  redirectTo: jest.fn(async () => ({})),
  switchTab: jest.fn(async () => ({})),
  reLaunch: jest.fn(async () => ({})),
  navigateBack: jest.fn(async () => ({})),
  getCurrentPages: jest.fn(() => [{}]),
  showToast: jest.fn(async () => ({})),
  showModal: jest.fn(async () => ({ confirm: true, cancel: false })),
  stopPullDownRefresh: jest.fn(),
  pageScrollTo: jest.fn(async () => ({})),
  requestSubscribeMessage: jest.fn(async () => ({})),
  requirePrivacyAuthorize: jest.fn(async () => ({})),
  onNeedPrivacyAuthorization: jest.fn(),
  getAppBaseInfo: jest.fn((): Record<string, unknown> => ({ language: 'zh_CN' })),
  getEnv: () => 'WEB',
  ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB' },
};

export const useRouter = () => router;
export const useLaunch = (fn: () => void) => useEffect(fn, []);
export const useLoad = (fn: (params: Record<string, string>) => void) => useEffect(() => fn(router.params), []);
const showHandlers = new Set<{ current: () => void }>();
/** Runs on mount like Taro's first onShow, and again on every __show() (the page coming back into view). */
export const useDidShow = (fn: () => void) => {
  const ref = useRef(fn);
  ref.current = fn;
  useLayoutEffect(() => {
    showHandlers.add(ref);
    ref.current();
    return () => {
      showHandlers.delete(ref);
    };
  }, []);
};
/** Simulates the page being shown again (back from another page, app to foreground). */
export function __show(): void {
  for (const h of [...showHandlers]) h.current();
}
export const useDidHide = (_fn: () => void) => undefined;
export const useReady = (fn: () => void) => useEffect(fn, []);
export const usePullDownRefresh = (_fn: () => void) => undefined;
export const useUnload = (fn: () => void) => useEffect(() => fn, []);

/** Clears storage and the recorded calls between tests. */
export function __reset(): void {
  storage.clear();
  router.params = {};
  for (const v of Object.values(Taro)) if (typeof v === 'function' && 'mockClear' in v) (v as jest.Mock).mockClear();
}

export default Taro;
