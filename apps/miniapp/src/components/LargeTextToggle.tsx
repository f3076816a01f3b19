import { Text, View } from '@tarojs/components';
import './LargeTextToggle.scss';

/** The 大字模式 switch (适老化). A text label with a drawn switch: older raters read the word, not an icon. */
export default function LargeTextToggle({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  return (
    <View
      className={on ? 'large-toggle large-toggle--on' : 'large-toggle'}
      onClick={onToggle}
      ariaRole='switch'
      ariaLabel={on ? '大字模式，已开启' : '大字模式，已关闭'}
    >
      <Text className='large-toggle__label'>大字模式</Text>
      <View className='large-toggle__track'>
        <View className='large-toggle__thumb' />
      </View>
    </View>
  );
}
