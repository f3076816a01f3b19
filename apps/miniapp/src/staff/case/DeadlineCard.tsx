import { Text, View } from '@tarojs/components';
import { CASE_CLOSE_KIND_LABELS, type CaseDetail } from '@hcp/contracts';
import { formatDeadline } from '../../services/format';
import { timeLeft, type DayExceptions } from '../services/time-left';

interface Line {
  label: string;
  at: string;
  /** The step is done: say so instead of the time left. */
  done: string | null;
  days: 'working' | 'calendar';
}

/** The deadlines the server computed for this case, each with how much time is left or that the step is done. */
export default function DeadlineCard({ detail, now, exceptions }: { detail: CaseDetail; now: number; exceptions: DayExceptions }) {
  if (detail.state === 'closed' || detail.state === 'cancelled') {
    const how = detail.state === 'cancelled' ? '已撤销' : `已办结${detail.closeKind ? `（${CASE_CLOSE_KIND_LABELS[detail.closeKind]}）` : ''}`;
    return (
      <View className='deadlines'>
        <Text className='deadlines__closed'>{how}</Text>
      </View>
    );
  }
  const { deadlines } = detail;
  const replied = detail.state === 'replied';
  const lines: Line[] = [
    { label: '回访期限', at: deadlines.callbackDueAt, done: detail.callback ? '已回访' : null, days: 'working' },
    { label: '答复期限', at: deadlines.replyDueAt, done: replied ? '已答复' : null, days: 'working' },
  ];
  if (replied && deadlines.confirmDueAt) lines.push({ label: '群众确认期限', at: deadlines.confirmDueAt, done: null, days: 'calendar' });
  return (
    <View className='deadlines'>
      {lines.map((line) => {
        const left = line.done ? null : timeLeft(line.at, now, exceptions, line.days);
        const tone = line.done ? 'done' : left?.overdue ? 'late' : left?.soon ? 'soon' : 'open';
        return (
          <View key={line.label} className='deadlines__line'>
            <Text className='deadlines__label'>{line.label}</Text>
            <Text className='deadlines__at'>{formatDeadline(line.at)}</Text>
            <Text className={`deadlines__left deadlines__left--${tone}`}>{line.done ?? left?.text}</Text>
          </View>
        );
      })}
      {replied && deadlines.confirmDueAt ? <Text className='deadlines__note'>群众逾期未确认的，工单默认办结。</Text> : null}
    </View>
  );
}
