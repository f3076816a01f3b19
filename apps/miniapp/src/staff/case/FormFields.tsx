import { Text, Textarea, View } from '@tarojs/components';
import { ariaChecked, keyboardOperable } from '../../components/a11y';

/** A labelled multi-line field with a counter: the notes, replies and reasons of the action forms. */
export function TextField(props: { name: string; label: string; value: string; placeholder: string; max: number; onChange: (value: string) => void }) {
  return (
    <View className={`form-field form-field--${props.name}`}>
      <Text className='form-field__label'>{props.label}</Text>
      <Textarea
        className='form-field__text'
        value={props.value}
        maxlength={props.max}
        placeholder={props.placeholder}
        placeholderClass='form-field__placeholder'
        onInput={(event) => props.onChange(event.detail.value.slice(0, props.max))}
      />
      <Text className='form-field__count'>
        {props.value.length}/{props.max}
      </Text>
    </View>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** One of a few choices as large chips (a thumb's width each), the chosen one filled. */
export function ChoiceField(props: { name: string; label: string; options: Option[]; value: string; onChange: (value: string) => void }) {
  return (
    <View className={`form-field form-field--${props.name}`}>
      <Text className='form-field__label'>{props.label}</Text>
      <View className='choice' ariaRole='radiogroup' ariaLabel={props.label}>
        {props.options.map((option) => {
          const chosen = option.value === props.value;
          return (
            <View
              key={option.value}
              className={chosen ? 'choice__item choice__item--chosen' : 'choice__item'}
              ariaRole='radio'
              ariaLabel={option.label}
              aria-checked={ariaChecked(chosen)}
              onClick={() => props.onChange(option.value)}
              {...keyboardOperable(() => props.onChange(option.value))}
            >
              <Text className='choice__label'>{option.label}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
