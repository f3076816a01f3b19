import type { PropsWithChildren } from 'react';
import Taro, { usePageNotFound } from '@tarojs/taro';
import './app.scss';

/** The app shell; Taro renders the current page as `children`. */
function App({ children }: PropsWithChildren) {
  // An outdated QR code or a mistyped address lands on a page this version lacks: show home, not a blank screen.
  usePageNotFound(() => {
    void Taro.reLaunch({ url: '/pages/index/index' });
  });

  return children;
}

export default App;
