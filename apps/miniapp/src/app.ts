import { useEffect, type PropsWithChildren } from 'react';
import Taro, { useDidShow, usePageNotFound } from '@tarojs/taro';
import { onNetworkRestored } from './platform';
import { flushRatingQueue, keepFlushing } from './services/rating-queue';
import { flushSubscriptions } from './services/subscriptions';
import './app.scss';
import './main-pages';

/** The app shell; Taro renders the current page as `children`. */
function App({ children }: PropsWithChildren) {
  // An outdated QR code or a mistyped address lands on a page this version lacks: show home, not a blank screen.
  usePageNotFound(() => {
    void Taro.reLaunch({ url: '/pages/index/index' });
  });

  // Ratings saved while offline go out at launch, whenever the app comes back to the foreground, and when the
  // network returns; so are subscribe-message accepts that could not be recorded when they were given.
  useEffect(() => {
    void flushRatingQueue();
    void flushSubscriptions();
    const stopFlushing = keepFlushing();
    const stopListening = onNetworkRestored(() => void flushSubscriptions());
    return () => {
      stopFlushing();
      stopListening();
    };
  }, []);
  useDidShow(() => {
    void flushRatingQueue();
    void flushSubscriptions();
  });

  return children;
}

export default App;
