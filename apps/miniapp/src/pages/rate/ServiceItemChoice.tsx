import { Text, View } from '@tarojs/components';
import type { ScanResult } from '@hcp/contracts';
import { ariaChecked, keyboardOperable } from '../../components/a11y';

/** Which of the window's service items the citizen came for (optional; tap again to clear). */
export default function ServiceItemChoice({
  items,
  value,
  onChange,
}: {
  items: ScanResult['serviceItems'];
  value: string | null;
  onChange: (code: string | null) => void;
}) {
  return (
    <View className='chips' ariaRole='radiogroup' ariaLabel='办理的事项'>
      {items.map((item) => {
        const chosen = value === item.code;
        return (
          <View
            key={item.code}
            className={chosen ? 'chip item-chip chip--chosen' : 'chip item-chip'}
            ariaRole='radio'
            ariaLabel={item.name}
            aria-checked={ariaChecked(chosen)}
            onClick={() => onChange(chosen ? null : item.code)}
            {...keyboardOperable(() => onChange(chosen ? null : item.code))}
          >
            <View className='chip__check' />
            <Text className='chip__label'>{item.name}</Text>
          </View>
        );
      })}
    </View>
  );
}
