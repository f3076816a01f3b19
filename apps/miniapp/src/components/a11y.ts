/**
 * What makes a View that acts as a control (a level, a chip, the 大字模式 switch) usable with a screen reader and a
 * keyboard in a browser. Taro's JSX names its ARIA props (`ariaRole`, `ariaLabel`) itself; these complete them.
 * WeChat's templates carry none of them.
 */

/** `aria-checked` as a string: Taro's H5 components drop an attribute whose value is the boolean false. */
export const ariaChecked = (on: boolean): 'true' | 'false' => (on ? 'true' : 'false');

/** Reachable with Tab and operated with Enter or Space, as a native control would be. */
export function keyboardOperable(activate: () => void): Record<string, unknown> {
  return {
    tabIndex: 0,
    onKeyDown: (event: { key?: string; preventDefault?: () => void }) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault?.();
      activate();
    },
  };
}
