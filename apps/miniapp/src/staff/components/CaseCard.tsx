import { Text, View } from '@tarojs/components';
import { CASE_STATE_LABELS, ratingLevelLabel, type CaseSummary } from '@hcp/contracts';
import { keyboardOperable } from '../../components/a11y';
import Face from '../../components/Face';
import { formatDeadline, windowTitle } from '../../services/format';
import { nextDeadline } from '../services/labels';
import { timeLeft, type DayExceptions } from '../services/time-left';
import './CaseCard.scss';

/** One case in a list: what it is, where it stands, and how long the unit has for its next step. The whole card opens it. */
export default function CaseCard({ item, now, exceptions, onOpen }: { item: CaseSummary; now: number; exceptions: DayExceptions; onOpen: () => void }) {
  const due = nextDeadline(item);
  const left = due ? timeLeft(due.at, now, exceptions) : null;
  const late = item.overdue || !!left?.overdue;
  return (
    <View className={late ? 'case-card case-card--overdue' : 'case-card'} ariaRole='link' onClick={onOpen} {...keyboardOperable(onOpen)}>
      <View className='case-card__head'>
        <Text className='case-card__no'>{item.caseNo}</Text>
        {late ? <Text className='case-card__late'>超期</Text> : null}
        <Text className={`case-card__state case-card__state--${item.state}`}>{CASE_STATE_LABELS[item.state]}</Text>
      </View>
      <View className='case-card__what'>
        {item.level !== null ? <Face level={item.level} size='small' /> : null}
        <View className='case-card__what-text'>
          <Text className='case-card__level'>{item.level !== null ? ratingLevelLabel(item.level) : 'Open311 诉求'}</Text>
          <Text className='case-card__window'>{item.window ? `${item.window.hallName} ${windowTitle(item.window)}` : item.unit.name}</Text>
        </View>
      </View>
      {due && left ? (
        <Text className={left.overdue ? 'case-card__due case-card__due--late' : left.soon ? 'case-card__due case-card__due--soon' : 'case-card__due'}>
          {due.label} {formatDeadline(due.at)} · {left.text}
        </Text>
      ) : null}
      <Text className='case-card__who'>
        {item.assignee ? `处理人：${item.assignee.name}` : '未指派（单位待办）'} · {item.unit.name}
      </Text>
    </View>
  );
}
