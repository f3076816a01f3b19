import { Text, View } from '@tarojs/components';
import { findTag, ratingLevelLabel, type CaseDetail } from '@hcp/contracts';
import Face from '../../components/Face';
import { formatDateTime, windowTitle } from '../../services/format';

/** 评价内容: what the citizen said, where and when, about whom. */
export default function RatingSection({ detail }: { detail: CaseDetail }) {
  const { rating, window } = detail;
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
