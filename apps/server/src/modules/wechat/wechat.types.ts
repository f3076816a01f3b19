/** What the rest of the server gives to and gets from WeChat, in our naming; the wire shapes stay in the client. */

/** code2Session: who logged in. `sessionKey` decrypts data from the mini-program: keep it on the server, never log it. */
export interface WechatSession {
  openid: string;
  sessionKey: string;
  /** Only when the mini-program is bound to a WeChat Open Platform account. */
  unionid?: string;
}

export type WxacodeEnvVersion = 'release' | 'trial' | 'develop';

/** getUnlimitedQRCode (小程序码). */
export interface UnlimitedQrCodeRequest {
  /** ≤ 32 characters of `0-9 A-Z a-z !#$&'()*+,/:;=?@-._~`; the page receives it URL-encoded as `query.scene`. */
  scene: string;
  /** e.g. `pages/index/index`: no leading slash, no query. Default: the home page. */
  page?: string;
  /** Default true: the page must exist in the released version. Use false before the first release. */
  checkPath?: boolean;
  /** Default `release`. */
  envVersion?: WxacodeEnvVersion;
  /** 280–1280 px, default 430. */
  width?: number;
  autoColor?: boolean;
  lineColor?: { r: number; g: number; b: number };
  /** Transparent background. */
  isHyaline?: boolean;
}

export type TextCheckSuggest = 'pass' | 'review' | 'risky';

/** msgSecCheck scenes: 1 资料 (profile), 2 评论 (comment), 3 论坛 (forum), 4 社交日志 (social log). */
export const TextCheckScene = { Profile: 1, Comment: 2, Forum: 3, SocialLog: 4 } as const;
export type TextCheckScene = (typeof TextCheckScene)[keyof typeof TextCheckScene];

export interface TextCheckRequest {
  /** A user who opened the mini-program in the last two hours (else WeChat answers 61010). */
  openid: string;
  /** ≤ 2500 characters. */
  content: string;
  /** Default {@link TextCheckScene.Comment}: a rating's comment. */
  scene?: TextCheckScene;
}

export type MiniprogramState = 'developer' | 'trial' | 'formal';
export type SubscribeMessageLang = 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';

export interface SubscribeMessageRequest {
  touser: string;
  templateId: string;
  /** The page a tap opens, query allowed (`pages/case/index?id=1`); omitted: the card opens nothing. */
  page?: string;
  /** Field key (`thing3`, `phrase2`…) → value. Each kind has limits (thing ≤ 20 characters, phrase ≤ 5 汉字…). */
  data: Record<string, string | number>;
  /** Default `formal`. */
  miniprogramState?: MiniprogramState;
  lang?: SubscribeMessageLang;
}

export interface SubscribeMessageResult {
  /**
   * WeChat's message id, as text: real ones are 19-digit numbers, beyond a safe JavaScript integer. WeChat documents
   * only `errcode`/`errmsg` for this call and sometimes sends no id: absent then.
   */
  msgid?: string;
}

/** A mini-program code image: WeChat sends JPEG or PNG (PNG when transparent), whatever it is asked. */
export interface WxacodeImage {
  bytes: Buffer;
  contentType: 'image/png' | 'image/jpeg';
  /** `png` or `jpg`, for a file name that matches. */
  extension: 'png' | 'jpg';
}

/** Injected with {@link WECHAT_CLIENT_OPTIONS}; all optional. */
export interface WechatClientOptions {
  /** Per call, including reading the answer. Default 5000 ms. */
  timeoutMs?: number;
  /** Milliseconds since the epoch; tests move it to exercise token expiry. */
  now?: () => number;
}

export const WECHAT_CLIENT_OPTIONS = Symbol('WECHAT_CLIENT_OPTIONS');
