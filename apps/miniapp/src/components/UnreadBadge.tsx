import { Text } from '@tarojs/components';
import './UnreadBadge.scss';

/** More than this shows as "99+": the exact number no longer tells anyone anything. */
const MAX_SHOWN = 99;

/**
 * The number of unread notices beside an entry's words (我的评价, 消息). Nothing at all when there are none. The words
 * after the number are for screen readers only, so the entry reads "我的评价 3 条新消息" rather than "我的评价 3".
 */
export default function UnreadBadge({ count }: { count: number | null | undefined }) {
  if (!count || count <= 0) return null;
  return (
    <>
      <Text className='unread-badge'>{count > MAX_SHOWN ? `${MAX_SHOWN}+` : String(count)}</Text>
      <Text className='hcp-sr-only'>条新消息</Text>
    </>
  );
}
