import { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { useSessionStore } from './stores/session';
import './app.css';

/** App root: restores the persisted session before pages ask for it. */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void useSessionStore.getState().hydrate();
  });
  return children;
}

export default App;
