import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';

/**
 * The outermost view of a citizen page: carries the 大字模式 class, so every rule written with the `large` mixin
 * (styles/_theme.scss) applies below it.
 */
export default function PageShell({ large, children }: PropsWithChildren<{ large: boolean }>) {
  return <View className={large ? 'hcp-page hcp-large' : 'hcp-page'}>{children}</View>;
}
