import { Text, View } from '@tarojs/components';
import { findTag, ratingLevelLabel, type CaseDetail } from '@hcp/contracts';
import Face from '../../components/Face';
import { formatDateTime, windowTitle } from '../../services/format';

/** 评价内容: what the citizen said, where and when, about whom (诉求内容 for a request sent through Open311). */
export default function RatingSection({ detail }: { detail: CaseDetail }) {
  const { rating, window, request } = detail;
  if (!rating || !window) {
    return (
      <View className='section'>
        <Text className='section__title'>诉求内容</Text>
        <Text className='rating__comment'>{request ? `“${request.description}”` : '（无内容）'}</Text>
        <Fact label='来源' value='Open311 接口' />
        <Fact label='单位' value={detail.unit.name} />
        <Fact label='办理事项' value={request?.serviceItem.name ?? '未选择'} />
        <Fact label='地址' value={request?.address ?? (request?.lat != null && request.long != null ? `${request.lat}, ${request.long}` : '未提供')} />
        <Fact label='提交人' value={request?.reporterName ?? '未提供'} />
      </View>
    );
  }
  const tags = rating.tagCodes.map((code) => findTag(code, rating.tagVersion)?.label ?? `标签${code}`);
  return (
    <View className='section'>
      <Text className='section__title'>评价内容</Text>
      <View className='rating'>
        <Face level={rating.level} size='small' />
        <View className='rating__head'>
          <Text className='rating__level'>{ratingLevelLabel(rating.level)}</Text>
          <Text className='rating__time'>{formatDateTime(rating.ratedAt)}</Text>
        </View>
      </View>
      {rating.invalid ? <Text className='rating__invalid'>该评价已认定无效（申诉成立），不计入统计。</Text> : null}
      {tags.length > 0 ? (
        <View className='rating__tags'>
          {tags.map((label) => (
            <Text key={label} className='rating__tag'>
              {label}
            </Text>
          ))}
        </View>
      ) : null}
      <Text className='rating__comment'>{rating.comment ? `“${rating.comment}”` : '（未填写文字意见）'}</Text>
      <Fact label='窗口' value={`${window.hallName} ${windowTitle(window)}`} />
      <Fact label='单位' value={detail.unit.name} />
      <Fact label='当班人员' value={rating.staffOnDuty ? `${rating.staffOnDuty.name}（工号 ${rating.staffOnDuty.staffNumber}）` : '未登记'} />
      <Fact label='办理事项' value={rating.serviceItem?.name ?? '未选择'} />
    </View>
  );
}

export function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className='fact'>
      <Text className='fact__label'>{label}</Text>
      <Text className='fact__value'>{value}</Text>
    </View>
  );
}
