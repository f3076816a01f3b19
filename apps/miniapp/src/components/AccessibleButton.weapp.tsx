import { Button } from '@tarojs/components';
import type { AccessibleButtonProps } from './AccessibleButton';

/**
 * In WeChat, the real button as it is: WeChat's own button is already a button to its screen reader, and a phone has
 * no Tab key. (The browser's version is `AccessibleButton.tsx`; Taro picks this file for weapp builds.)
 */
export default function AccessibleButton({ onClick, ...rest }: AccessibleButtonProps) {
  return <Button {...rest} onClick={() => onClick()} />;
}
