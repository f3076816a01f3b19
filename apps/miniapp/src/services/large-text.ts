import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { largeTextPreference, rememberLargeText } from '../platform';

/** 适老化: larger text and touch targets for older citizens, remembered on the phone. */
const LARGE_TEXT_KEY = 'hcp.pref.large-text';

/**
 * In a browser the platform keeps it too (a cookie), so the server sends the rating page's first screen in that size;
 * switched there, before the scripts arrived, only the platform knows it.
 */
export function isLargeText(): boolean {
  const kept = largeTextPreference();
  if (kept !== null) return kept;
  const stored = Taro.getStorageSync(LARGE_TEXT_KEY) === true;
  // Chosen before the platform kept it: tell it now, for the next first screen.
  if (stored) rememberLargeText(true);
  return stored;
}

export function setLargeText(on: boolean): void {
  Taro.setStorageSync(LARGE_TEXT_KEY, on);
  rememberLargeText(on);
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
