import { Text, Textarea, View } from '@tarojs/components';
import { RATING_COMMENT_MAX } from '@hcp/contracts';

/** Free text (national rule: at most 150 characters), with a counter that stops at the limit. */
export default function CommentField({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  return (
    <View className='comment'>
      <Textarea
        className='comment__input'
        value={value}
        maxlength={RATING_COMMENT_MAX}
        placeholder='请写下您的意见或建议（选填）'
        placeholderClass='comment__placeholder'
        onInput={(event) => onChange(event.detail.value.slice(0, RATING_COMMENT_MAX))}
      />
      <Text className='comment__count'>
        {value.length}/{RATING_COMMENT_MAX}
      </Text>
    </View>
  );
}
