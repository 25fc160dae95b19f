import { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { useSessionStore } from './stores/session';
import { noteAppShow } from './platform/doorArrival';
import { installPrivacyAuthorization } from './platform/privacy';
import { ROUTES } from './platform/routes';
import './app.css';

/** Pages a worker must reach offline once the app has loaded: scan, door, me. */
const PRELOAD = ['pages/scan/index', 'packages/unlock/pages/index/index', 'pages/me/index'];

/**
 * Runs the h5 router's own page loaders for PRELOAD, so the exact chunks it will ask for are fetched now. Taro
 * 4.2's h5 entry puts its route table on window.__taroAppConfig (@tarojs/taro-loader lib/h5.js); without one,
 * nothing happens.
 */
function preloadDoorPages(): void {
  type Route = { path?: string; load?: () => unknown };
  const routes = (globalThis as { __taroAppConfig?: { routes?: Route[] } }).__taroAppConfig?.routes ?? [];
  const loads: Promise<unknown>[] = [];
  for (const r of routes) {
    if (!r.path || !PRELOAD.includes(r.path.replace(/^\//, '')) || typeof r.load !== 'function') continue;
    const out = r.load();
    loads.push(Promise.resolve(Array.isArray(out) ? out[0] : out));
  }
  // Marks the page once the door path works offline (the browser journeys wait for it).
  Promise.all(loads)
    .then(() => document.documentElement.setAttribute('data-offline-ready', '1'))
    .catch(() => undefined);
}

/**
 * App root: restores the persisted session before pages ask for it, and answers WeChat's privacy authorisation
 * (a page without a prompt hands the request to the privacy page, which always shows one), and hands warm starts
 * onto the door page to platform/doorArrival.
 */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void useSessionStore.getState().hydrate();
    installPrivacyAuthorization(() => void Taro.navigateTo({ url: `${ROUTES.privacy}?authorize=1` }));
    // A warm start (WeChat brings the app back without reloading it) may carry a new door code for the door
    // page that is still open; its onShow takes it from doorArrival. h5 opens a fresh page per link instead.
    if (process.env.TARO_ENV === 'weapp') Taro.onAppShow(noteAppShow);
    // h5 loads each page's code on first visit; a worker whose signal drops after the home page loaded could
    // then not reach "scan to open". Fetch the door path's pages once the first screen is up (weapp ships all).
    if (process.env.TARO_ENV === 'h5') setTimeout(preloadDoorPages, 1500);
  });
  return children;
}

export default App;
