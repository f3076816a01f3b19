import { Text, View } from '@tarojs/components';
import { ariaChecked, keyboardOperable } from '../../components/a11y';
import './FilterChips.scss';

export interface FilterChip {
  key: string;
  label: string;
  count?: number;
  chosen: boolean;
  onChoose: () => void;
}

/** A wrapping row of large filter chips, each a toggle button (pressed when chosen); a count, when known, follows the words. */
export default function FilterChips({ chips, label }: { chips: FilterChip[]; label: string }) {
  return (
    <View className='filter-chips' ariaLabel={label}>
      {chips.map((chip) => (
        <View
          key={chip.key}
          className={chip.chosen ? 'filter-chip filter-chip--chosen' : 'filter-chip'}
          ariaRole='button'
          ariaLabel={`${chip.label}${chip.count === undefined ? '' : ` ${chip.count}`}`}
          aria-pressed={ariaChecked(chip.chosen)}
          onClick={chip.onChoose}
          {...keyboardOperable(chip.onChoose)}
        >
          <Text className='filter-chip__label'>{chip.label}</Text>
          {chip.count === undefined ? null : <Text className='filter-chip__count'>{chip.count}</Text>}
        </View>
      ))}
    </View>
  );
}
