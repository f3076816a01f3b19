import Taro from '@tarojs/taro';
import { FIRST_SCREEN_ID, LARGE_TEXT_COOKIE, PAGE_DATA_ID } from '@hcp/contracts';
import type { Platform } from './types';

export type { LoginProof, PhoneInputProps, PhoneNumberMode, Platform, ScreenRect, SubscribeDecision } from './types';

const DEVICE_ID_KEY = 'hcp.device.id';

function browserDeviceId(): string {
  const stored: unknown = Taro.getStorageSync(DEVICE_ID_KEY);
  if (typeof stored === 'string' && stored !== '') return stored;
  const id = randomId();
  Taro.setStorageSync(DEVICE_ID_KEY, id);
  return id;
}

export const deviceId: Platform['deviceId'] = browserDeviceId;

export const login: Platform['login'] = async () => ({ kind: 'device', deviceId: browserDeviceId() });

export const scanWindowCode: Platform['scanWindowCode'] = async () => {
  // A browser page cannot open a scanner without WeChat's JS-SDK; the phone's own camera app reads the window's
  // QR code and opens the rating page directly.
  await Taro.showModal({
    title: '请用手机扫码',
    content: '请用手机相机或微信“扫一扫”扫描办事窗口上的二维码，即可打开评价页面。',
    showCancel: false,
    confirmText: '知道了',
    confirmColor: '#0052d9',
  });
  return null;
};

// A browser cannot receive WeChat subscribe messages: nothing is asked, so no template has an answer.
export const requestSubscribe: Platform['requestSubscribe'] = async () => ({});

export const canSubscribe: Platform['canSubscribe'] = () => false;

export const phoneNumberMode: Platform['phoneNumberMode'] = () => 'typed';

export const takePageData: Platform['takePageData'] = () => {
  if (typeof document === 'undefined') return null;
  const block = document.getElementById(PAGE_DATA_ID);
  if (!block) return null;
  // Once: a later visit to another page (client-side navigation) must not find this page's data.
  block.remove();
  try {
    return JSON.parse(block.textContent ?? '') as unknown;
  } catch {
    return null;
  }
};

export const dropFirstScreen: Platform['dropFirstScreen'] = () => {
  if (typeof document === 'undefined') return;
  const drawn = document.getElementById(FIRST_SCREEN_ID);
  if (!drawn) return;
  const scrolled = drawn.scrollTop;
  drawn.remove();
  // Taro's page scrolls inside its own element, as the first screen did.
  const page = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).find((p) => p.getClientRects().length > 0);
  if (page && scrolled > 0) page.scrollTop = scrolled;
};

const LARGE_TEXT_IN_COOKIE = new RegExp(`(?:^|;)\\s*${LARGE_TEXT_COOKIE}=([01])\\s*(?:;|$)`);
/** A year, as the server sets it when 大字模式 is switched on its first screen. */
const LARGE_TEXT_MAX_AGE_S = 365 * 24 * 60 * 60;

export const largeTextPreference: Platform['largeTextPreference'] = () => {
  if (typeof document === 'undefined') return null;
  const value = LARGE_TEXT_IN_COOKIE.exec(document.cookie)?.[1];
  return value === undefined ? null : value === '1';
};

export const rememberLargeText: Platform['rememberLargeText'] = (on) => {
  if (typeof document === 'undefined') return;
  document.cookie = `${LARGE_TEXT_COOKIE}=${on ? 1 : 0}; Path=/; Max-Age=${LARGE_TEXT_MAX_AGE_S}; SameSite=Lax`;
};

export const phoneInputProps: Platform['phoneInputProps'] = () => ({
  type: 'text',
  nativeProps: { type: 'tel', inputMode: 'tel', autocomplete: 'tel-national' },
});

export const measure: Platform['measure'] = async (selectors) =>
  selectors.map((selector) => {
    // Taro keeps the pages below the current one in the document, hidden: the one on screen has a box.
    const shown = Array.from(document.querySelectorAll(selector)).find((element) => element.getClientRects().length > 0);
    if (!shown) return null;
    const { top, bottom } = shown.getBoundingClientRect();
    return { top, bottom };
  });

export const onNetworkRestored: Platform['onNetworkRestored'] = (callback) => {
  if (typeof window === 'undefined') return () => undefined;
  const listener = () => callback();
  window.addEventListener('online', listener);
  return () => window.removeEventListener('online', listener);
};

/** 128 random bits as hex; an anonymous device marker, not a secret. */
function randomId(): string {
  const bytes = new Uint8Array(16);
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') {
    crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
