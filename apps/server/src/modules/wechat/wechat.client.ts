import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import {
  CREDENTIALS_REJECTED_ERRCODES,
  TOKEN_REJECTED_ERRCODES,
  WechatApiError,
  WechatNotConfiguredError,
  WechatUnavailableError,
  type WechatUnavailableReason,
} from './wechat.errors.js';
import {
  TextCheckScene,
  WECHAT_CLIENT_OPTIONS,
  type SubscribeMessageRequest,
  type SubscribeMessageResult,
  type TextCheckRequest,
  type TextCheckSuggest,
  type UnlimitedQrCodeRequest,
  type WechatClientOptions,
  type WechatSession,
  type WxacodeImage,
} from './wechat.types.js';

export const DEFAULT_TIMEOUT_MS = 5000;
/** Refresh the cached token once it has less than this left (WeChat itself renews stable tokens 5 min early). */
export const TOKEN_EARLY_REFRESH_MS = 5 * 60_000;
/**
 * getStableAccessToken's forced refresh: "强制刷新模式每天限用20次且需间隔30秒" — one sooner than 30 s after the last does
 * not refresh at all. The client keeps below both limits (the day is China's).
 */
export const FORCED_REFRESHES_PER_DAY = 20;
export const FORCED_REFRESH_SPACING_MS = 30_000;

const Endpoint = {
  code2Session: '/sns/jscode2session',
  stableToken: '/cgi-bin/stable_token',
  unlimitedQrCode: '/wxa/getwxacodeunlimit',
  msgSecCheck: '/wxa/msg_sec_check',
  phoneNumber: '/wxa/business/getuserphonenumber',
  subscribeSend: '/cgi-bin/message/subscribe/send',
} as const;

type Json = Record<string, unknown>;

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * The only way the server talks to WeChat's server API, at `AppConfig.wechat.apiBaseUrl` (WeChat itself, or the
 * sandbox in tests and the demo). Every call has a timeout; failures become {@link WechatApiError} (WeChat said
 * no) or {@link WechatUnavailableError} (no usable answer). The access token is cached in memory, refreshed in its
 * last five minutes, fetched once for concurrent callers, and renewed once when WeChat rejects it mid-call.
 *
 * Nothing personal or secret is logged: no AppSecret, code, session_key, openid, phone number or token.
 */
@Injectable()
export class WechatClient {
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private token: CachedToken | undefined;
  /** The refresh in flight, normal or forced: a forced one must never quietly join a normal one, nor the reverse. */
  private tokenRequest: { forced: boolean; promise: Promise<string> } | undefined;
  private forcedRefreshes: { day: string; count: number; lastAt: number } = { day: '', count: 0, lastAt: -Infinity };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) logger: Logger,
    @Optional() @Inject(WECHAT_CLIENT_OPTIONS) options?: WechatClientOptions,
  ) {
    this.log = logger.child({ module: 'wechat' });
    this.timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options?.now ?? Date.now;
  }

  /** False when WECHAT_APP_ID / WECHAT_APP_SECRET are unset: WeChat features are then unavailable. */
  get isConfigured(): boolean {
    return this.config.wechat.appId !== undefined && this.config.wechat.appSecret !== undefined;
  }

  /** 登录凭证校验: a wx.login code (single use, 5 minutes) → the user's openid. */
  async code2Session(code: string): Promise<WechatSession> {
    const { appId, appSecret } = this.credentials(Endpoint.code2Session);
    const res = await this.fetch(Endpoint.code2Session, 'GET', { appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' });
    const body = await this.readJson(Endpoint.code2Session, res);
    if (typeof body.openid !== 'string' || body.openid === '' || typeof body.session_key !== 'string') {
      throw new WechatUnavailableError(Endpoint.code2Session, 'bad-response');
    }
    return {
      openid: body.openid,
      sessionKey: body.session_key,
      ...(typeof body.unionid === 'string' && body.unionid !== '' ? { unionid: body.unionid } : {}),
    };
  }

  /** A valid access token: the cached one, or one fresh from getStableAccessToken (normal mode). */
  async getAccessToken(): Promise<string> {
    this.credentials(Endpoint.stableToken);
    const cached = this.token;
    if (cached && cached.expiresAt - this.now() > TOKEN_EARLY_REFRESH_MS) return cached.value;
    try {
      return await this.refreshToken(false);
    } catch (error) {
      // In its last five minutes the old token still works: keep using it while WeChat is unreachable.
      if (cached && cached.expiresAt > this.now() && error instanceof WechatUnavailableError) {
        this.log.warn({ reason: error.reason }, 'could not renew the WeChat access token; using the current one until it expires');
        return cached.value;
      }
      throw error;
    }
  }

  /** getUnlimitedQRCode: the image of a mini-program code, JPEG or PNG as WeChat sends it, told by its first bytes. */
  async getUnlimitedQrCode(request: UnlimitedQrCodeRequest): Promise<WxacodeImage> {
    const body = omitUndefined({
      scene: request.scene,
      page: request.page,
      check_path: request.checkPath,
      env_version: request.envVersion,
      width: request.width,
      auto_color: request.autoColor,
      line_color: request.lineColor,
      is_hyaline: request.isHyaline,
    });
    return this.withToken(Endpoint.unlimitedQrCode, async (token) => {
      const res = await this.fetch(Endpoint.unlimitedQrCode, 'POST', { access_token: token }, body);
      const bytes = await this.readBytes(Endpoint.unlimitedQrCode, res);
      // "如果调用成功，会直接返回图片二进制内容，如果请求失败，会返回 JSON 格式的数据".
      const type = res.headers.get('content-type') ?? '';
      if (type.includes('json') || type.startsWith('text/') || bytes[0] === 0x7b /* { */) {
        this.parseJson(Endpoint.unlimitedQrCode, bytes); // throws the WeChat error
        throw new WechatUnavailableError(Endpoint.unlimitedQrCode, 'bad-response');
      }
      const image = imageOf(bytes);
      if (!image) throw this.unavailable(Endpoint.unlimitedQrCode, 'bad-response');
      return image;
    });
  }

  /** msgSecCheck (version 2): WeChat's verdict on a text a user wrote. */
  async checkText(request: TextCheckRequest): Promise<TextCheckSuggest> {
    const body = await this.postJson(Endpoint.msgSecCheck, {
      version: 2,
      openid: request.openid,
      scene: request.scene ?? TextCheckScene.Comment,
      content: request.content,
    });
    const suggest = isJson(body.result) ? body.result.suggest : undefined;
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') throw new WechatUnavailableError(Endpoint.msgSecCheck, 'bad-response');
    return suggest;
  }

  /**
   * getPhoneNumber: a code from `<button open-type="getPhoneNumber">` → the user's phone number. With `openid`, WeChat
   * also checks that the code was given to that user.
   */
  async getPhoneNumber(code: string, openid?: string): Promise<string> {
    const body = await this.postJson(Endpoint.phoneNumber, omitUndefined({ code, openid }));
    const phone = isJson(body.phone_info) ? body.phone_info.phoneNumber : undefined;
    if (typeof phone !== 'string' || phone === '') throw new WechatUnavailableError(Endpoint.phoneNumber, 'bad-response');
    return phone;
  }

  /** subscribeMessage.send: uses one of the user's accepts for the template (43101 when none is left). */
  async sendSubscribeMessage(request: SubscribeMessageRequest): Promise<SubscribeMessageResult> {
    const data = Object.fromEntries(Object.entries(request.data).map(([key, value]) => [key, { value: String(value) }]));
    const { text } = await this.postJsonWithText(
      Endpoint.subscribeSend,
      omitUndefined({
        touser: request.touser,
        template_id: request.templateId,
        page: request.page,
        data,
        miniprogram_state: request.miniprogramState,
        lang: request.lang,
      }),
    );
    // errcode 0 is success, with or without an id. The id is read from the text: JSON.parse would round its 19 digits.
    const msgid = /"msgid"\s*:\s*"?(\d+)"?/.exec(text)?.[1];
    return msgid ? { msgid } : {};
  }

  // ---- access token ----

  /** Calls `call` with a token; when WeChat rejects that token, renews it and calls once more. */
  private async withToken<T>(endpoint: string, call: (token: string) => Promise<T>): Promise<T> {
    this.credentials(endpoint);
    const token = await this.getAccessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WechatApiError) || !TOKEN_REJECTED_ERRCODES.has(error.errcode)) throw error;
      this.log.info({ endpoint, errcode: error.errcode }, 'WeChat rejected the access token; renewing it and retrying once');
      return call(await this.renewRejected(token));
    }
  }

  /** A token other than `rejected`: normal mode first; forced refresh only if WeChat hands back the same one. */
  private async renewRejected(rejected: string): Promise<string> {
    if (this.token?.value === rejected) this.token = undefined;
    const fresh = await this.refreshToken(false);
    if (fresh !== rejected) return fresh;
    this.token = undefined;
    // Forced refreshes are limited to 20 a day, 30 s apart, so they are the last resort.
    return this.refreshToken(true);
  }

  /**
   * One request at a time: concurrent callers share it. A forced refresh never joins a normal one in flight (that
   * would hand back the very token WeChat just refused): it waits for it, then makes its own.
   */
  private async refreshToken(forceRefresh: boolean): Promise<string> {
    for (;;) {
      const inFlight = this.tokenRequest;
      if (!inFlight) break;
      if (inFlight.forced || !forceRefresh) return inFlight.promise;
      await inFlight.promise.catch(() => undefined);
    }
    if (forceRefresh) this.takeForcedRefresh();
    const promise = this.requestToken(forceRefresh).finally(() => {
      if (this.tokenRequest?.promise === promise) this.tokenRequest = undefined;
    });
    this.tokenRequest = { forced: forceRefresh, promise };
    return promise;
  }

  /** Counts a forced refresh against WeChat's limits, or refuses it (as unavailable) when it would break one. */
  private takeForcedRefresh(): void {
    const now = this.now();
    const day = chinaDay(now);
    if (this.forcedRefreshes.day !== day) this.forcedRefreshes = { day, count: 0, lastAt: this.forcedRefreshes.lastAt };
    const tooSoon = now - this.forcedRefreshes.lastAt < FORCED_REFRESH_SPACING_MS;
    const spent = this.forcedRefreshes.count >= FORCED_REFRESHES_PER_DAY;
    if (tooSoon || spent) {
      this.log.error({ forcedToday: this.forcedRefreshes.count, tooSoon }, 'WeChat keeps refusing the access token, and no forced refresh may be made now');
      throw new WechatUnavailableError(Endpoint.stableToken, 'bad-response');
    }
    this.forcedRefreshes = { day, count: this.forcedRefreshes.count + 1, lastAt: now };
  }

  private async requestToken(forceRefresh: boolean): Promise<string> {
    const { appId, appSecret } = this.credentials(Endpoint.stableToken);
    const requestedAt = this.now();
    let body: Json;
    try {
      body = await this.postJsonRaw(Endpoint.stableToken, {}, {
        grant_type: 'client_credential',
        appid: appId,
        secret: appSecret,
        force_refresh: forceRefresh,
      });
    } catch (error) {
      // No token means no call: whatever WeChat said (-1 busy, 45009 quota, 40125 a wrong secret, logged as such),
      // the caller's request cannot be made now. Callers read an endpoint's own errcodes as "this input is no good",
      // so a token's errcode must not reach them as one: WeChat is unavailable (a 503, never a 500 or a 400).
      if (error instanceof WechatApiError) throw new WechatUnavailableError(Endpoint.stableToken, 'bad-response', undefined, { cause: error });
      throw error;
    }
    const value = body.access_token;
    const expiresIn = body.expires_in;
    if (typeof value !== 'string' || value === '' || typeof expiresIn !== 'number' || expiresIn <= 0) {
      throw new WechatUnavailableError(Endpoint.stableToken, 'bad-response');
    }
    this.token = { value, expiresAt: requestedAt + expiresIn * 1000 };
    this.log.debug({ expiresInSeconds: expiresIn, forceRefresh }, 'WeChat access token renewed');
    return value;
  }

  // ---- HTTP ----

  private credentials(endpoint: string): { appId: string; appSecret: string } {
    const { appId, appSecret } = this.config.wechat;
    if (appId === undefined || appSecret === undefined) throw new WechatNotConfiguredError(endpoint);
    return { appId, appSecret };
  }

  /** POST with the access token (renewed once if rejected) → the JSON answer, errcode 0. */
  private async postJson(endpoint: string, body: Json): Promise<Json> {
    return (await this.postJsonWithText(endpoint, body)).json;
  }

  /** As postJson, with the answer's text too (for numbers JSON.parse would round). */
  private postJsonWithText(endpoint: string, body: Json): Promise<{ json: Json; text: string }> {
    return this.withToken(endpoint, async (token) => {
      const bytes = await this.readBytes(endpoint, await this.fetch(endpoint, 'POST', { access_token: token }, body));
      return { json: this.parseJson(endpoint, bytes), text: bytes.toString('utf8') };
    });
  }

  private async postJsonRaw(endpoint: string, query: Record<string, string>, body: Json): Promise<Json> {
    const res = await this.fetch(endpoint, 'POST', query, body);
    return this.readJson(endpoint, res);
  }

  private async fetch(endpoint: string, method: 'GET' | 'POST', query: Record<string, string>, body?: Json): Promise<Response> {
    const url = new URL(`${this.config.wechat.apiBaseUrl}${endpoint}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.unavailable(endpoint, isTimeout(error) ? 'timeout' : 'network', undefined, error);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw this.unavailable(endpoint, 'http-status', res.status);
    }
    return res;
  }

  private async readBytes(endpoint: string, res: Response): Promise<Buffer> {
    try {
      return Buffer.from(await res.arrayBuffer());
    } catch (error) {
      throw this.unavailable(endpoint, isTimeout(error) ? 'timeout' : 'network', undefined, error);
    }
  }

  private async readJson(endpoint: string, res: Response): Promise<Json> {
    return this.parseJson(endpoint, await this.readBytes(endpoint, res));
  }

  /** The answer as JSON; a non-zero `errcode` becomes a {@link WechatApiError}. */
  private parseJson(endpoint: string, bytes: Buffer): Json {
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw this.unavailable(endpoint, 'bad-response');
    }
    if (!isJson(body)) throw this.unavailable(endpoint, 'bad-response');
    if (typeof body.errcode === 'number' && body.errcode !== 0) {
      const error = new WechatApiError(endpoint, body.errcode, typeof body.errmsg === 'string' ? body.errmsg : '');
      if (CREDENTIALS_REJECTED_ERRCODES.has(error.errcode)) {
        this.log.error({ endpoint, errcode: error.errcode }, 'WeChat rejected WECHAT_APP_ID / WECHAT_APP_SECRET: check the configuration');
      } else {
        this.log.debug({ endpoint, errcode: error.errcode }, 'WeChat answered with an error');
      }
      throw error;
    }
    return body;
  }

  private unavailable(endpoint: string, reason: WechatUnavailableReason, status?: number, cause?: unknown): WechatUnavailableError {
    this.log.warn({ endpoint, reason, status }, 'WeChat is unavailable');
    return new WechatUnavailableError(endpoint, reason, status, cause === undefined ? undefined : { cause });
  }
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The abort reason of `AbortSignal.timeout` is a DOMException named TimeoutError (not always `instanceof Error`). */
function isTimeout(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** JPEG and PNG by their signatures; anything else is not a picture WeChat would send. */
function imageOf(bytes: Buffer): WxacodeImage | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { bytes, contentType: 'image/jpeg', extension: 'jpg' };
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return { bytes, contentType: 'image/png', extension: 'png' };
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The calendar day in China (UTC+8, no daylight saving): WeChat's daily quotas reset at its midnight. */
function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

function omitUndefined(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
