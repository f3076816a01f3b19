import { View } from '@tarojs/components';
import type { RatingLevel } from '@hcp/contracts';
import './Face.scss';

/**
 * A face for a rating level, drawn with CSS (no emoji or icon font, which old Android WebViews may lack): the
 * mouth goes from a wide smile (5 非常满意) to a deep frown (1 非常不满意). Colour repeats what the shape says;
 * the level's words are always shown beside it, so a screen reader skips the drawing.
 */
export default function Face({ level, size = 'normal' }: { level: RatingLevel; size?: 'normal' | 'small' }) {
  return (
    <View className={`face face--${level} face--${size}`} aria-hidden='true'>
      <View className='face__eye face__eye--left' />
      <View className='face__eye face__eye--right' />
      <View className='face__mouth' />
    </View>
  );
}
