import { Text, View } from '@tarojs/components';
import type { RatingTag } from '@hcp/contracts';
import { ariaChecked, keyboardOperable } from '../../components/a11y';

/** The chosen level's national tags; tick any number, or none. */
export default function TagChips({ tags, value, onChange }: { tags: RatingTag[]; value: number[]; onChange: (codes: number[]) => void }) {
  const toggle = (code: number) => {
    onChange(value.includes(code) ? value.filter((c) => c !== code) : [...value, code]);
  };
  return (
    <View className='chips' ariaRole='group' ariaLabel='具体情况'>
      {tags.map((tag) => {
        const chosen = value.includes(tag.code);
        return (
          <View
            key={tag.code}
            className={chosen ? 'chip tag-chip chip--chosen' : 'chip tag-chip'}
            ariaRole='checkbox'
            ariaLabel={tag.label}
            aria-checked={ariaChecked(chosen)}
            onClick={() => toggle(tag.code)}
            {...keyboardOperable(() => toggle(tag.code))}
          >
            <View className='chip__check' />
            <Text className='chip__label'>{tag.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
