import { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { useSessionStore } from './stores/session';
import { noteAppShow } from './platform/doorArrival';
import { installPrivacyAuthorization } from './platform/privacy';
import { ROUTES } from './platform/routes';
import { loadPageCode } from './platform/pageCode';
import { applyTextModeToDocument } from './platform/textSize';
import { useTextSizeStore } from './stores/textSize';
import { removeShellOnFirstPage, whenFirstScreenDone } from './platform/shell';
import { registerServiceWorker } from './platform/serviceWorker';
import './app.css';
import './platform/h5Styles';

/** Pages a worker must reach offline once the app has loaded: scan, door, me. */
const PRELOAD = ['pages/scan/index', 'packages/unlock/pages/index/index', 'pages/me/index'];

/**
 * Fetches the code of the PRELOAD pages (platform/pageCode), then marks the page once the door path works
 * offline (the browser journeys wait for data-offline-ready), then installs the service worker (platform/
 * serviceWorker), whose precache then finds those files in the HTTP cache.
 */
function preloadDoorPages(): void {
  void Promise.all(PRELOAD.map(loadPageCode)).then((loaded) => {
    if (loaded.every(Boolean)) document.documentElement.setAttribute('data-offline-ready', '1');
    registerServiceWorker();
  });
}

/**
 * App root: restores the persisted session before pages ask for it, applies the text size, and answers WeChat's privacy authorisation
 * (a page without a prompt hands the request to the privacy page, which always shows one), and hands warm starts
 * onto the door page to platform/doorArrival.
 */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void useSessionStore.getState().hydrate();
    // Large text follows the worker's choice or WeChat's font setting (read again on each show: it may change
    // while the app is in the background); h5 marks <html> so the tab bar and dialogs follow too.
    applyTextModeToDocument(useTextSizeStore.getState().mode);
    useTextSizeStore.subscribe((s) => applyTextModeToDocument(s.mode));
    installPrivacyAuthorization(() => void Taro.navigateTo({ url: `${ROUTES.privacy}?authorize=1` }));
    // A warm start (WeChat brings the app back without reloading it) may carry a new door code for the door
    // page that is still open; its onShow takes it from doorArrival. h5 opens a fresh page per link instead.
    if (process.env.TARO_ENV === 'weapp') Taro.onAppShow(noteAppShow);
    if (process.env.TARO_ENV === 'weapp') Taro.onAppShow(() => useTextSizeStore.getState().load());
    // h5 loads each page's code on first visit; a worker whose signal drops after the home page loaded could
    // then not reach "scan to open". Fetch the door path's pages once the first screen is up (weapp ships all).
    // Not before the first screen is done: on a weak link these fetches would slow the station list down.
    if (process.env.TARO_ENV === 'h5') {
      removeShellOnFirstPage();
      whenFirstScreenDone(preloadDoorPages);
    }
  });
  return children;
}

export default App;
