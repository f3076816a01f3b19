/**
 * Errors of the WeChat adapter. They carry the endpoint path (never its query: code2Session's carries the
 * AppSecret) and WeChat's code and message, which hold no personal data. Services map them to their own
 * `AppException`s: e.g. 40029 on login is the user's problem, `WechatUnavailableError` is a 503.
 */

/** WeChat error codes the server reacts to (global return codes and the endpoints' own). */
export const WechatErrcode = {
  SystemBusy: -1,
  InvalidCredential: 40001,
  InvalidOpenid: 40003,
  InvalidAppid: 40013,
  InvalidAccessToken: 40014,
  InvalidCode: 40029,
  InvalidTemplateId: 40037,
  InvalidAppsecret: 40125,
  InvalidScene: 40129,
  CodeBeenUsed: 40163,
  CallerIpNotAllowed: 40164,
  InvalidSceneLength: 40169,
  CodeBlocked: 40226,
  InvalidPage: 41030,
  AccessTokenExpired: 42001,
  UserRefusedMessage: 43101,
  DailyQuotaReached: 45009,
  MinuteQuotaReached: 45011,
  DataFormatError: 47001,
  ArgumentInvalid: 47003,
  VisitExpired: 61010,
} as const;

/** The access token was refused (invalid, replaced or expired): get a fresh one and try once more. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([
  WechatErrcode.InvalidCredential,
  WechatErrcode.InvalidAccessToken,
  WechatErrcode.AccessTokenExpired,
]);

/** The configured AppID or AppSecret is wrong: an operator must fix the configuration. */
export const CREDENTIALS_REJECTED_ERRCODES: ReadonlySet<number> = new Set([WechatErrcode.InvalidAppid, WechatErrcode.InvalidAppsecret]);

export abstract class WechatError extends Error {
  protected constructor(
    message: string,
    /** The API path, e.g. `/sns/jscode2session`. */
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** WeChat answered with `{ errcode, errmsg }` and a non-zero code. */
export class WechatApiError extends WechatError {
  constructor(
    endpoint: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${endpoint} answered ${errcode}: ${errmsg}`, endpoint);
  }

  /** WeChat says "busy, try again later" (-1) or "too many calls this minute" (45011). */
  get transient(): boolean {
    return this.errcode === WechatErrcode.SystemBusy || this.errcode === WechatErrcode.MinuteQuotaReached;
  }
}

export type WechatUnavailableReason = 'timeout' | 'network' | 'http-status' | 'bad-response' | 'ip-not-allowed';

/** WeChat could not be reached or gave no usable answer: timeout, network failure, HTTP error status, garbage. */
export class WechatUnavailableError extends WechatError {
  constructor(
    endpoint: string,
    readonly reason: WechatUnavailableReason,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    const what = {
      timeout: 'timed out',
      network: 'could not be reached',
      'http-status': `answered HTTP ${status}`,
      'bad-response': 'gave an answer that cannot be read',
      'ip-not-allowed': "refuses this server's IP address (40164: not in the IP whitelist)",
    }[reason];
    super(`WeChat ${endpoint} ${what}`, endpoint, options);
  }
}

/** WECHAT_APP_ID / WECHAT_APP_SECRET are not set: check `WechatClient.isConfigured` before offering WeChat features. */
export class WechatNotConfiguredError extends WechatError {
  constructor(endpoint: string) {
    super(`WeChat is not configured (set WECHAT_APP_ID and WECHAT_APP_SECRET); cannot call ${endpoint}`, endpoint);
  }
}
