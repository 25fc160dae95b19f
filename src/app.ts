import { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { useSessionStore } from './stores/session';
import { useUnlockStore } from './stores/unlock';
import { installPrivacyAuthorization } from './platform/privacy';
import { ROUTES } from './platform/routes';
import './app.css';

/**
 * App root: restores the persisted session before pages ask for it, and answers WeChat's privacy authorisation
 * (a page without a prompt hands the request to the privacy page, which always shows one), and hands warm starts
 * onto the door page to the unlock store.
 */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void useSessionStore.getState().hydrate();
    installPrivacyAuthorization(() => void Taro.navigateTo({ url: `${ROUTES.privacy}?authorize=1` }));
    // A warm start (WeChat brings the app back without reloading it) may carry a new door code for the door
    // page that is still open; its onShow reads it from the store. h5 opens a fresh page per link instead.
    if (process.env.TARO_ENV === 'weapp') Taro.onAppShow((options) => useUnlockStore.getState().noteAppShow(options));
  });
  return children;
}

export default App;
