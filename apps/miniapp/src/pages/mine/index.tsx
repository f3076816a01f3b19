import { useCallback, useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { MyRating } from '@hcp/contracts';
import NavButton from '../../components/NavButton';
import PageShell from '../../components/PageShell';
import PageToolbar from '../../components/PageToolbar';
import RatingCard, { cardFromMyRating, cardFromPending } from '../../components/RatingCard';
import StatusMessage from '../../components/StatusMessage';
import { useLargeText } from '../../services/large-text';
import { flushRatingQueue, onQueueEvent, pendingRatings, type PendingRating } from '../../services/rating-queue';
import { citizenUnreadCount } from '../../services/notices';
import { listMyRatings } from '../../services/ratings';
import { ApiError } from '../../services/request';
import './index.scss';

type Listing = { kind: 'loading' } | { kind: 'loaded'; items: MyRating[]; total: number } | { kind: 'failed'; message: string };

/**
 * 我的评价: the citizen's ratings, newest first, with the case number, state and deadlines of each 差评; ratings
 * still waiting on the phone come first. Opening the page also sends those.
 */
export default function MinePage() {
  const [large, toggleLarge] = useLargeText();
  const [pending, setPending] = useState<PendingRating[]>(pendingRatings);
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      const page = await listMyRatings();
      setListing({ kind: 'loaded', items: page.items, total: page.total });
    } catch (error) {
      const message = error instanceof ApiError ? error.message : '加载失败，请稍后再试';
      // Keep what is already shown when a refresh fails.
      setListing((current) => (current.kind === 'loaded' ? current : { kind: 'failed', message }));
    }
  }, []);

  /** Unread notices about the citizen's cases, for the badge on 我的消息. */
  const [unread, setUnread] = useState<number | null>(null);

  useDidShow(() => {
    setPending(pendingRatings());
    void flushRatingQueue();
    // After the list: its call signs the citizen in when needed, and the badge asks as that citizen.
    void load().then(() => citizenUnreadCount().then(setUnread));
  });

  useEffect(
    () =>
      onQueueEvent((event) => {
        setPending(pendingRatings());
        if (event.type === 'sent') void load();
      }),
    [load],
  );

  const nothing = listing.kind === 'loaded' && listing.items.length === 0 && pending.length === 0;

  return (
    <PageShell large={large}>
      <View className='mine'>
        <PageToolbar large={large} onToggleLarge={toggleLarge} />
        <Text className='mine__title'>我的评价</Text>
        <NavButton to='inbox' className='mine__inbox' unread={unread}>
          我的消息
        </NavButton>

        {pending.map((item) => (
          <RatingCard key={item.request.clientId} data={cardFromPending(item)} />
        ))}

        {listing.kind === 'loading' ? <Text className='mine__hint'>正在加载…</Text> : null}
        {listing.kind === 'failed' ? (
          <StatusMessage tone='warning' title='暂时无法加载评价记录' text={listing.message}>
            <Button className='mine__retry' hoverClass='hcp-pressed' onClick={() => void load()}>
              重新加载
            </Button>
          </StatusMessage>
        ) : null}
        {listing.kind === 'loaded'
          ? listing.items.map((rating) => <RatingCard key={rating.id} data={cardFromMyRating(rating)} />)
          : null}
        {listing.kind === 'loaded' && listing.total > listing.items.length ? (
          <Text className='mine__hint'>仅显示最近 {listing.items.length} 条评价</Text>
        ) : null}

        {listing.kind === 'loaded' && !nothing ? (
          <NavButton to='home' className='mine__home mine__home--end'>
            返回首页
          </NavButton>
        ) : null}

        {nothing ? (
          <StatusMessage tone='info' title='您还没有评价记录' text='在办事窗口扫描二维码，即可评价服务。'>
            <NavButton to='home' className='mine__home'>
              返回首页
            </NavButton>
          </StatusMessage>
        ) : null}
      </View>
    </PageShell>
  );
}
