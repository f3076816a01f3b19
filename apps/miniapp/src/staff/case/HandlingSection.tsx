import { Text, View } from '@tarojs/components';
import { APPEAL_KIND_LABELS, CALLBACK_CONTACT_LABELS, CASE_CLOSE_KIND_LABELS, CASE_VERIFICATION_LABELS, ratingLevelLabel, type CaseDetail } from '@hcp/contracts';
import { formatDateTime } from '../../services/format';
import { shortDate } from './action-forms';
import { Fact } from './RatingSection';

const APPEAL_STATES = { pending: '待裁定', upheld: '申诉成立', rejected: '申诉驳回' } as const;

/** 处理情况: each step's record so far (call-back, plan, reply, the citizen's answer, appeal, follow-up rating). */
export default function HandlingSection({ detail }: { detail: CaseDetail }) {
  const { callback, plan, reply, citizenAnswer, appeal, followUp } = detail;
  if (!callback && !plan && !reply && !citizenAnswer && !appeal && !followUp && !detail.closeKind && detail.reopenCount === 0) return null;
  return (
    <View className='section'>
      <Text className='section__title'>处理情况</Text>
      {callback ? (
        <Fact
          label='回访核实'
          value={[CALLBACK_CONTACT_LABELS[callback.contact], callback.verification ? CASE_VERIFICATION_LABELS[callback.verification] : null, callback.note]
            .filter(Boolean)
            .join('；')}
        />
      ) : null}
      {plan ? <Fact label='整改计划' value={`${plan.plan}（计划 ${shortDate(plan.dueDate)} 前完成）`} /> : null}
      {reply ? (
        <>
          <Fact label='答复群众' value={reply.reply} />
          <Fact label='整改结果' value={reply.result} />
        </>
      ) : null}
      {citizenAnswer ? (
        <Fact
          label='群众意见'
          value={`${citizenAnswer.resolved ? '已解决' : '未解决'}${citizenAnswer.comment ? `：${citizenAnswer.comment}` : ''}（${formatDateTime(citizenAnswer.at)}）`}
        />
      ) : null}
      {detail.reopenCount > 0 ? <Fact label='重新处理' value={`群众已表示未解决 ${detail.reopenCount} 次`} /> : null}
      {appeal ? (
        <Fact
          label='申诉'
          value={`${APPEAL_KIND_LABELS[appeal.kind]} · ${APPEAL_STATES[appeal.state]}：${appeal.evidence}${appeal.ruling ? `；裁定意见：${appeal.ruling}` : ''}`}
        />
      ) : null}
      {detail.closeKind ? <Fact label='办结方式' value={CASE_CLOSE_KIND_LABELS[detail.closeKind]} /> : null}
      {followUp ? <Fact label='群众追评' value={`${ratingLevelLabel(followUp.level)}${followUp.comment ? `：“${followUp.comment}”` : ''}`} /> : null}
    </View>
  );
}
