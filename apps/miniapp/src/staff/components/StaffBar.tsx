import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import InboxEntry from './InboxEntry';
import './StaffBar.scss';

/**
 * The top of a staff page: where to go back to (a browser shows no navigation bar), the page's name, 消息 with its
 * unread count (on the pages of a signed-in member of staff: `inbox`), and the page's own control on the right.
 */
export default function StaffBar(props: { title: string; back?: { label: string; onBack: () => void }; inbox?: boolean; children?: ReactNode }) {
  return (
    <View className='staff-bar'>
      {props.back ? (
        <View className='staff-bar__back' ariaRole='link' onClick={props.back.onBack}>
          <Text className='staff-bar__back-text'>‹ {props.back.label}</Text>
        </View>
      ) : null}
      <View className='staff-bar__row'>
        <Text className='staff-bar__title'>{props.title}</Text>
        {props.inbox || props.children ? (
          <View className='staff-bar__side'>
            {props.inbox ? <InboxEntry /> : null}
            {props.children}
          </View>
        ) : null}
      </View>
    </View>
  );
}
