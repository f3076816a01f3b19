import { Text, View } from '@tarojs/components';
import { CASE_STATE_LABELS, type CaseEvent } from '@hcp/contracts';
import { formatDateTime } from '../../services/format';
import { eventLabel } from '../services/labels';

const ACTORS = { citizen: '群众', staff: '工作人员', system: '系统' } as const;

/** 处理记录: every step, oldest first, with who did it and the state it led to. */
export default function Timeline({ events }: { events: CaseEvent[] }) {
  return (
    <View className='section'>
      <Text className='section__title'>处理记录</Text>
      <View className='timeline'>
        {events.map((event, i) => (
          <View key={`${event.at}-${i}`} className='timeline__item'>
            <View className='timeline__dot' />
            <View className='timeline__body'>
              <Text className='timeline__what'>
                {eventLabel(event.action)}
                {event.toState && event.toState !== event.fromState ? ` → ${CASE_STATE_LABELS[event.toState]}` : ''}
              </Text>
              <Text className='timeline__meta'>
                {formatDateTime(event.at)} · {event.actor.name ?? ACTORS[event.actor.kind]}
              </Text>
              {event.note ? <Text className='timeline__note'>{event.note}</Text> : null}
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
