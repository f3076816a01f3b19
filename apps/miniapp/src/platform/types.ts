/**
 * What pages need from the host platform. `index.weapp.ts` implements it with WeChat APIs, `index.h5.ts` for a
 * phone browser; Taro picks the file per build, so neither bundle carries the other's code and pages never
 * branch on the platform.
 */

/** Proof of who is rating, exchanged with the server for a session token. */
export type LoginProof =
  /** `wx.login` code, valid 5 minutes; the server trades it for the openid. */
  | { kind: 'wechat'; code: string }
  /** A random id this browser keeps; anonymous, but lets the server spot repeated ratings from one device. */
  | { kind: 'device'; deviceId: string };

/** The citizen's answer per subscribe-message template; each 'accept' allows exactly one push. */
export type SubscribeDecision = 'accept' | 'reject' | 'ban' | 'filter';

/** How a real-name rater gives a phone number: WeChat's getPhoneNumber button, or typing it. */
export type PhoneNumberMode = 'wechat-button' | 'typed';

/**
 * Props of Taro's Input for a typed phone number: a telephone keypad, no spinners, the digits kept as typed (leading
 * zeros too). WeChat's `number` keypad is its phone pad and gives a string; a browser needs `type="tel"`, which
 * Taro's Input types do not name, so it goes as a native attribute.
 */
export interface PhoneInputProps {
  type: 'number' | 'text';
  nativeProps?: Record<string, unknown>;
}

/** Where an element lies on the screen, in px from the top of the viewport. */
export interface ScreenRect {
  top: number;
  bottom: number;
}

export interface Platform {
  login(): Promise<LoginProof>;
  /**
   * This browser's device id (the one `login` proves), sent with a staff sign-in so the server can spot staff
   * rating their own windows; null in WeChat, where the openid serves.
   */
  deviceId(): string | null;
  /**
   * Scans a window's QR code and resolves with what it carries (the mini-program path, or the URL of a plain
   * QR code), or null when nothing was scanned; the platform has already told the citizen why.
   */
  scanWindowCode(): Promise<string | null>;
  /** Must be called inside a tap handler (a WeChat rule). Template ids the platform could not ask about are absent. */
  requestSubscribe(templateIds: string[]): Promise<Record<string, SubscribeDecision>>;
  /** Whether requestSubscribe can ask at all (WeChat); a browser gets no notices and says where to look instead. */
  canSubscribe(): boolean;
  phoneNumberMode(): PhoneNumberMode;
  /**
   * What the server wrote into the page it served (a window's rating page carries the scan's answer), taken once;
   * null when there is none (always in WeChat, which loads no page from the server).
   */
  takePageData(): unknown;
  /**
   * Takes away the first screen the server drew into the page (a window's rating page), now that the app's own page is
   * on the screen, keeping where the citizen had scrolled to. Nothing to do in WeChat.
   */
  dropFirstScreen(): void;
  /**
   * 大字模式 as the platform keeps it beside the app's storage (a browser: a cookie the server reads, so the page it
   * sends is already in that size); null when it keeps none.
   */
  largeTextPreference(): boolean | null;
  rememberLargeText(on: boolean): void;
  phoneInputProps(): PhoneInputProps;
  /** Where the first element of the page on screen matching each selector lies; null for one that is not shown. */
  measure(selectors: string[]): Promise<(ScreenRect | null)[]>;
  /**
   * Calls `callback` each time the phone gets a network connection back (the offline rating queue listens);
   * returns a function that stops listening.
   */
  onNetworkRestored(callback: () => void): () => void;
}
