import { Text, View } from '@tarojs/components';
import type { MyRating } from '@hcp/contracts';
import RatingCard, { cardFromMyRating } from './RatingCard';
import StatusMessage from './StatusMessage';
import './EarlierRating.scss';

/**
 * 一次一评: this window was rated by the citizen moments ago. Said on the rating page before anything is written
 * (when the citizen is known), or on the thank-you page when the server refused a second rating.
 */
export default function EarlierRating({ rating, againAt }: { rating: MyRating | null; againAt?: string }) {
  return (
    <>
      <StatusMessage
        tone='info'
        title='您刚刚已评价过该窗口'
        text={`同一窗口的同一次服务，评价一次即可。${againAt ? `如有新的办事经历，请于 ${againAt} 后再评价。` : ''}`}
      />
      {rating ? (
        <View className='earlier'>
          <Text className='earlier__label'>您刚才的评价</Text>
          <RatingCard data={cardFromMyRating(rating)} />
        </View>
      ) : null}
    </>
  );
}
