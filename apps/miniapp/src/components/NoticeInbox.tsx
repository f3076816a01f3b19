import { useCallback, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { NoticeList, NoticeView } from '@hcp/contracts';
import { formatDateTime } from '../services/format';
import type { NoticeApi } from '../services/notices';
import { ApiError } from '../services/request';
import { keyboardOperable } from './a11y';
import StatusMessage from './StatusMessage';
import './NoticeInbox.scss';

const PAGE_SIZE = 20;

type Listing =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; items: NoticeView[]; total: number; unread: number; page: number };

interface Props {
  api: NoticeApi;
  /** Opens the case a notice is about (the citizen's case page, or the staff case page). */
  openCase: (caseId: string) => void;
  /** A staff page's way out when the session is gone; true when it took over. */
  leave?: (error: unknown) => boolean;
  /** Called with the unread count whenever it is known anew. */
  onUnread?: (unread: number) => void;
  /** What an empty inbox says (a citizen hears about their ratings, staff about their cases). */
  empty: { title: string; text: string };
}

const messageOf = (error: unknown) => (error instanceof ApiError ? error.message : '加载失败，请稍后再试');

/**
 * 我的消息: notices newest first, unread ones marked in words as well as colour; a tap marks one read and opens its
 * case; 全部已读; 加载更多. Loaded each time the page shows, so a notice read through its case shows as read.
 */
export default function NoticeInbox({ api, openCase, leave, onUnread, empty }: Props) {
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailed, setMoreFailed] = useState<string | null>(null);
  const [markingAll, setMarkingAll] = useState(false);
  // An answer to an earlier load may arrive after a later one's: only the latest may show.
  const latest = useRef(0);

  const setLoaded = useCallback(
    (next: Extract<Listing, { kind: 'loaded' }>) => {
      setListing(next);
      onUnread?.(next.unread);
    },
    [onUnread],
  );

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const list = await api.list(1, PAGE_SIZE);
      if (ticket !== latest.current) return;
      setMoreFailed(null);
      setLoaded({ kind: 'loaded', items: list.items, total: list.total, unread: list.unread, page: 1 });
    } catch (error) {
      if (ticket !== latest.current || leave?.(error)) return;
      // A refresh that fails keeps what is shown.
      setListing((current) => (current.kind === 'loaded' ? current : { kind: 'failed', message: messageOf(error) }));
    }
  }, [api, leave, setLoaded]);

  useDidShow(() => {
    void load();
  });

  if (listing.kind === 'loading') return <Text className='inbox__hint'>正在加载…</Text>;
  if (listing.kind === 'failed') {
    return (
      <StatusMessage tone='warning' title='暂时无法加载消息' text={listing.message}>
        <Button className='inbox__retry' hoverClass='hcp-pressed' onClick={() => void load()}>
          重试
        </Button>
      </StatusMessage>
    );
  }

  const loadMore = async () => {
    if (loadingMore) return;
    const ticket = latest.current;
    setLoadingMore(true);
    setMoreFailed(null);
    try {
      const next: NoticeList = await api.list(listing.page + 1, PAGE_SIZE);
      if (ticket !== latest.current) return;
      // Notices that arrived meanwhile push older ones onto the next page: show each once.
      const known = new Set(listing.items.map((n) => n.id));
      const items = [...listing.items, ...next.items.filter((n) => !known.has(n.id))];
      setLoaded({ kind: 'loaded', items, total: next.total, unread: next.unread, page: listing.page + 1 });
    } catch (error) {
      if (!leave?.(error)) setMoreFailed(messageOf(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const open = (notice: NoticeView) => {
    if (!notice.readAt) {
      // Shown as read at once; the server is told on the way (a failed call leaves it unread there, and the next
      // load shows it so).
      const items = listing.items.map((n) => (n.id === notice.id ? { ...n, readAt: new Date().toISOString() } : n));
      setLoaded({ ...listing, items, unread: Math.max(0, listing.unread - 1) });
      void api.read(notice.id).catch((error: unknown) => leave?.(error));
    }
    if (notice.caseId) openCase(notice.caseId);
  };

  const readAll = async () => {
    if (markingAll) return;
    setMarkingAll(true);
    try {
      const { unread } = await api.readAll();
      const now = new Date().toISOString();
      setLoaded({ ...listing, items: listing.items.map((n) => (n.readAt ? n : { ...n, readAt: now })), unread });
    } catch (error) {
      if (!leave?.(error)) void Taro.showToast({ title: '未能全部标为已读，请稍后重试', icon: 'none', duration: 2500 });
    } finally {
      setMarkingAll(false);
    }
  };

  const { items, total, unread, page } = listing;
  return (
    <View className='inbox'>
      {items.length > 0 ? (
        <View className='inbox__summary'>
          <Text className='inbox__count'>{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
          {unread > 0 ? (
            <Button className='inbox__read-all' hoverClass='hcp-pressed' disabled={markingAll || undefined} onClick={() => void readAll()}>
              全部已读
            </Button>
          ) : null}
        </View>
      ) : (
        <StatusMessage tone='info' title={empty.title} text={empty.text} />
      )}
      {items.map((notice) => (
        <NoticeCard key={notice.id} notice={notice} onOpen={() => open(notice)} />
      ))}

      {moreFailed ? (
        <View className='inbox__more-failed' ariaRole='alert'>
          <Text>{moreFailed}</Text>
        </View>
      ) : null}
      {/* By pages, not by count: notices arriving meanwhile shift the pages, and show on top at the next load. */}
      {items.length > 0 && page * PAGE_SIZE < total ? (
        <Button className='inbox__more' hoverClass='hcp-pressed' disabled={loadingMore || undefined} onClick={() => void loadMore()}>
          {loadingMore ? '正在加载…' : moreFailed ? '重试' : '加载更多'}
        </Button>
      ) : null}
    </View>
  );
}

/** One notice. Unread says so in words (未读), not only in colour; a notice about a case opens it. */
function NoticeCard({ notice, onOpen }: { notice: NoticeView; onOpen: () => void }) {
  const unread = !notice.readAt;
  return (
    <View className={unread ? 'notice-card notice-card--unread' : 'notice-card'} ariaRole='link' onClick={onOpen} {...keyboardOperable(onOpen)}>
      <View className='notice-card__head'>
        {unread ? <Text className='notice-card__flag'>未读</Text> : null}
        <Text className='notice-card__title'>{notice.title}</Text>
      </View>
      <Text className='notice-card__body'>{notice.body}</Text>
      <View className='notice-card__foot'>
        <View className='notice-card__meta'>
          {notice.caseNo ? <Text className='notice-card__case'>案件编号 {notice.caseNo}</Text> : null}
          <Text className='notice-card__time'>{formatDateTime(notice.createdAt)}</Text>
        </View>
        {notice.caseId ? <Text className='notice-card__open'>查看 ›</Text> : null}
      </View>
    </View>
  );
}
