import { Text, View } from '@tarojs/components';
import { RATING_LEVELS, type RatingLevel } from '@hcp/contracts';
import { ariaChecked, keyboardOperable } from '../../components/a11y';
import Face from '../../components/Face';

/**
 * The five national levels as large rows, best first, a face and the words on each. Nothing is chosen until the
 * citizen taps: rating is voluntary and must never be pre-filled.
 */
export default function LevelChoices({ value, onChange }: { value: RatingLevel | null; onChange: (level: RatingLevel) => void }) {
  return (
    <View className='levels' ariaRole='radiogroup' ariaLabel='满意程度'>
      {RATING_LEVELS.map(({ level, label }) => {
        const chosen = value === level;
        return (
          <View
            key={level}
            className={`level-choice level-choice--${level}${chosen ? ' level-choice--chosen' : ''}`}
            ariaRole='radio'
            ariaLabel={label}
            aria-checked={ariaChecked(chosen)}
            onClick={() => onChange(level)}
            {...keyboardOperable(() => onChange(level))}
          >
            <Face level={level} />
            <Text className='level-choice__label'>{label}</Text>
            <View className='level-choice__mark' />
          </View>
        );
      })}
    </View>
  );
}
