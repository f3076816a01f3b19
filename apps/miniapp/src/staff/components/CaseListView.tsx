import { Text } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import Taro from '@tarojs/taro';
import StatusMessage from '../../components/StatusMessage';
import type { useCaseList } from '../services/use-case-list';
import CaseCard from './CaseCard';
import './CaseListView.scss';

/** A case list as it loads, fails (with 重新加载), shows its cards, and offers 加载更多; a card opens its case. */
export default function CaseListView({ list, empty }: { list: ReturnType<typeof useCaseList>; empty: string }) {
  const { listing, exceptions, reload, loadMore, loadingMore } = list;
  const open = (id: string) => void Taro.navigateTo({ url: `/staff/case/index?id=${encodeURIComponent(id)}` });
  if (listing.kind === 'loading') return <Text className='case-list__hint'>正在加载…</Text>;
  if (listing.kind === 'failed') {
    return (
      <StatusMessage tone='warning' title='暂时无法加载工单' text={listing.message}>
        <AccessibleButton className='case-list__retry' hoverClass='hcp-pressed' onClick={() => void reload()}>
          重新加载
        </AccessibleButton>
      </StatusMessage>
    );
  }
  const { items, total } = listing.list;
  return (
    <>
      {items.map((item) => (
        <CaseCard key={item.id} item={item} now={listing.now} exceptions={exceptions} onOpen={() => open(item.id)} />
      ))}
      {items.length === 0 ? <StatusMessage tone='success' title={empty} /> : null}
      {total > items.length ? (
        <AccessibleButton className='case-list__more' hoverClass='hcp-pressed' disabled={loadingMore || undefined} onClick={() => void loadMore()}>
          {loadingMore ? '正在加载…' : `加载更多（共 ${total} 件）`}
        </AccessibleButton>
      ) : null}
    </>
  );
}
