import { Button, type ButtonProps } from '@tarojs/components';
import { keyboardOperable } from './a11y';

/** Written onto the element as they are (Taro's Button names no ARIA props of its own). */
function buttonRole(disabled: boolean | undefined): Record<string, unknown> {
  return disabled ? { role: 'button', 'aria-disabled': 'true' } : { role: 'button' };
}

type Props = Omit<ButtonProps, 'onClick'> & { onClick: () => void };

/**
 * Taro's Button, also usable with a keyboard and a screen reader in a browser: Taro's H5 button is a plain element,
 * which Tab never reaches and a screen reader reads as text. Here it is a `button` to both, reached with Tab and
 * pressed with Enter or Space; a disabled one is announced as such and is not reached. (WeChat's own button needs
 * none of this.)
 */
export default function AccessibleButton({ onClick, disabled, ...rest }: Props) {
  return (
    <Button
      {...rest}
      disabled={disabled}
      onClick={() => onClick()}
      {...buttonRole(disabled)}
      {...(disabled ? {} : keyboardOperable(onClick))}
    />
  );
}
