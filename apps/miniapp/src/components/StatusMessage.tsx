import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './StatusMessage.scss';

export type StatusTone = 'success' | 'warning' | 'error' | 'info';

/**
 * A whole-page statement in plain words: an icon drawn in CSS, a title, an explanation and what to do next
 * (the page passes its buttons as children).
 */
export default function StatusMessage(props: { tone: StatusTone; title: string; text?: ReactNode; children?: ReactNode }) {
  return (
    <View className={`status status--${props.tone}`}>
      <View className='status__icon'>
        <View className='status__glyph' />
      </View>
      <Text className='status__title'>{props.title}</Text>
      {props.text ? <View className='status__text'>{props.text}</View> : null}
      {props.children ? <View className='status__actions'>{props.children}</View> : null}
    </View>
  );
}
