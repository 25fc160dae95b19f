import { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { useSessionStore } from './stores/session';
import { installPrivacyAuthorization } from './platform/privacy';
import { ROUTES } from './platform/routes';
import './app.css';

/**
 * App root: restores the persisted session before pages ask for it, and answers WeChat's privacy authorisation
 * (a page without a prompt hands the request to the privacy page, which always shows one).
 */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void useSessionStore.getState().hydrate();
    installPrivacyAuthorization(() => void Taro.navigateTo({ url: `${ROUTES.privacy}?authorize=1` }));
  });
  return children;
}

export default App;
