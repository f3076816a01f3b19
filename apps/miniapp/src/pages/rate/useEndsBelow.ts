import { useCallback, useEffect, useState } from 'react';
import { usePageScroll } from '@tarojs/taro';
import { measure } from '../../platform';

/**
 * Whether the element `target` ends below the top of `cover` (the fixed submit bar), measured after each render that
 * changes `layoutKey` and on every scroll. On a small screen, or in 大字模式, the last levels may lie below the fold:
 * the page must then say that more choices follow, or it nudges the citizen towards the top one.
 */
export function useEndsBelow(target: string, cover: string, layoutKey: string): boolean {
  const [below, setBelow] = useState(false);

  const check = useCallback(() => {
    measure([target, cover])
      .then(([end, bar]) => setBelow(!!end && !!bar && end.bottom > bar.top + 1))
      .catch(() => undefined);
  }, [target, cover]);

  useEffect(() => {
    // After the render is on the screen.
    const timer = setTimeout(check, 50);
    return () => clearTimeout(timer);
  }, [check, layoutKey]);
  usePageScroll(check);

  return below;
}
