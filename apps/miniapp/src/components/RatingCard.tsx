import { Text, View } from '@tarojs/components';
import AccessibleButton from './AccessibleButton';
import Taro from '@tarojs/taro';
import { CASE_STATE_LABELS, findTag, ratingLevelLabel, type MyRating, type RatingLevel } from '@hcp/contracts';
import { formatDateTime, formatDeadline, windowTitle } from '../services/format';
import type { PendingRating } from '../services/rating-queue';
import Face from './Face';
import './RatingCard.scss';

/** One rating as 我的评价 (and the duplicate notice) shows it, whether the server has it yet or not. */
export interface RatingCardData {
  key: string;
  level: RatingLevel;
  dateText: string;
  hallName: string;
  windowText: string;
  unitName: string;
  serviceItemName?: string;
  tagLabels: string[];
  comment?: string;
  /** `callbackDue` only while the call-back is still to come. */
  caseInfo?: { id: string; caseNo: string; stateLabel: string; callbackDue: string | null; replyDue: string };
  /** Still in the phone's offline queue. */
  pending?: boolean;
}

export function cardFromMyRating(rating: MyRating): RatingCardData {
  return {
    key: rating.id,
    level: rating.level,
    dateText: formatDateTime(rating.createdAt),
    hallName: rating.hall.name,
    windowText: windowTitle(rating.window),
    unitName: rating.unit.name,
    serviceItemName: rating.serviceItem?.name,
    // Labels of the table the rating was made under: old ratings keep their old tags.
    tagLabels: rating.tagCodes.map((code) => findTag(code, rating.tagVersion)?.label ?? `标签${code}`),
    comment: rating.comment ?? undefined,
    caseInfo: rating.case
      ? {
          id: rating.case.id,
          caseNo: rating.case.caseNo,
          stateLabel: CASE_STATE_LABELS[rating.case.state] ?? '处理中',
          callbackDue: rating.case.state === 'awaiting_callback' ? formatDeadline(rating.case.callbackDueAt) : null,
          replyDue: formatDeadline(rating.case.replyDueAt),
        }
      : undefined,
  };
}

export function cardFromPending(pending: PendingRating): RatingCardData {
  return {
    key: pending.request.clientId,
    level: pending.request.level,
    dateText: formatDateTime(pending.request.ratedAt),
    hallName: pending.place.hall.name,
    windowText: windowTitle(pending.place.window),
    unitName: pending.place.unit.name,
    serviceItemName: pending.serviceItemName,
    tagLabels: pending.tagLabels,
    comment: pending.request.comment,
    pending: true,
  };
}

export default function RatingCard({ data }: { data: RatingCardData }) {
  const { caseInfo } = data;
  return (
    <View className={data.pending ? 'rating-card rating-card--pending' : 'rating-card'}>
      {data.pending ? <Text className='rating-card__pending'>待提交（联网后自动提交）</Text> : null}
      <View className='rating-card__head'>
        <Face level={data.level} size='small' />
        <Text className='rating-card__level'>{ratingLevelLabel(data.level)}</Text>
        <Text className='rating-card__date'>{data.dateText}</Text>
      </View>
      <Text className='rating-card__place'>
        {data.hallName} {data.windowText}
      </Text>
      <Text className='rating-card__unit'>{data.unitName}</Text>
      {data.serviceItemName ? <Text className='rating-card__line'>办理事项：{data.serviceItemName}</Text> : null}
      {data.tagLabels.length > 0 ? (
        <View className='rating-card__tags'>
          {data.tagLabels.map((label) => (
            <Text key={label} className='rating-card__tag'>
              {label}
            </Text>
          ))}
        </View>
      ) : null}
      {data.comment ? <Text className='rating-card__comment'>“{data.comment}”</Text> : null}
      {caseInfo ? (
        <View className='rating-card__case'>
          <View className='rating-card__case-head'>
            <Text className='rating-card__case-no'>案件编号 {caseInfo.caseNo}</Text>
            <Text className='rating-card__state'>{caseInfo.stateLabel}</Text>
          </View>
          {caseInfo.callbackDue ? <Text className='rating-card__line'>回访期限：{caseInfo.callbackDue}</Text> : null}
          <Text className='rating-card__line'>答复期限：{caseInfo.replyDue}</Text>
          {/* The case page is in the `citizen` subpackage: off the scan path, so the main package does not carry it. */}
          <AccessibleButton className='rating-card__open' hoverClass='hcp-pressed' onClick={() => void Taro.navigateTo({ url: `/citizen/case/index?id=${caseInfo.id}` })}>
            查看处理进展
          </AccessibleButton>
        </View>
      ) : null}
    </View>
  );
}
