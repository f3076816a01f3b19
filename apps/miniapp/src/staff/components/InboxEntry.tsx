import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { keyboardOperable } from '../../components/a11y';
import UnreadBadge from '../../components/UnreadBadge';
import { STAFF_INBOX_URL, staffUnreadCount } from '../services/notices';
import './InboxEntry.scss';

/** 消息 on the staff bar, with the number of unread notices, asked again each time the page shows. */
export default function InboxEntry() {
  const [unread, setUnread] = useState<number | null>(null);
  useDidShow(() => {
    void staffUnreadCount().then(setUnread);
  });
  const open = () => void Taro.navigateTo({ url: STAFF_INBOX_URL });
  return (
    <View className='inbox-entry' ariaRole='link' onClick={open} {...keyboardOperable(open)}>
      <Text className='inbox-entry__text'>消息</Text>
      <UnreadBadge count={unread} />
    </View>
  );
}
