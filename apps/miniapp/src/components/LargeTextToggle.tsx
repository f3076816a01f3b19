import { Text, View } from '@tarojs/components';
import { ariaChecked, keyboardOperable } from './a11y';
import './LargeTextToggle.scss';

/** The 大字模式 switch (适老化). A text label with a drawn switch: older raters read the word, not an icon. */
export default function LargeTextToggle({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  return (
    <View
      className={on ? 'large-toggle large-toggle--on' : 'large-toggle'}
      onClick={onToggle}
      ariaRole='switch'
      ariaLabel='大字模式'
      aria-checked={ariaChecked(on)}
      {...keyboardOperable(onToggle)}
    >
      <Text className='large-toggle__label'>大字模式</Text>
      <View className='large-toggle__track'>
        <View className='large-toggle__thumb' />
      </View>
    </View>
  );
}
