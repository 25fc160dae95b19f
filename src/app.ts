import { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { useSessionStore } from './stores/session';
import { noteAppShow } from './platform/doorArrival';
import { installPrivacyAuthorization } from './platform/privacy';
import { ROUTES } from './platform/routes';
import './app.css';

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
  });
  return children;
}

export default App;
