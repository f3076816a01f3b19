import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';

/** 适老化: larger text and touch targets for older citizens, remembered on the phone. */
const LARGE_TEXT_KEY = 'hcp.pref.large-text';

export function isLargeText(): boolean {
  return Taro.getStorageSync(LARGE_TEXT_KEY) === true;
}

export function setLargeText(on: boolean): void {
  Taro.setStorageSync(LARGE_TEXT_KEY, on);
}

/** The page's large-text switch; re-read when the page shows again, as another page may have changed it. */
export function useLargeText(): [boolean, () => void] {
  const [large, setLarge] = useState(isLargeText);
  useDidShow(() => setLarge(isLargeText()));
  const toggle = useCallback(() => {
    const next = !isLargeText();
    setLargeText(next);
    setLarge(next);
  }, []);
  return [large, toggle];
}
