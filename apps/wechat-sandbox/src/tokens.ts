import { MINUTE, chinaDay, type Clock } from './clock.js';
import { Errcode, WxFailure } from './errcodes.js';
import { ACCESS_TOKEN_SHAPE, newAccessToken } from './ids.js';

export const DEFAULT_TOKEN_TTL_SECONDS = 7200;
/** getStableAccessToken: "强制刷新模式每天限用 20 次且需间隔 30 秒". */
export const FORCE_REFRESH_PER_DAY = 20;
/** "连续使用该模式时，请保证调用时间隔至少为 30s，否则不会刷新". */
export const FORCE_REFRESH_SPACING_MS = 30_000;
/** getStableAccessToken: "普通模式下平台会提前 5 分钟更新 access_token". */
export const EARLY_RENEWAL_MS = 5 * MINUTE;

interface TokenRecord {
  appId: string;
  expiresAt: number;
  /** Replaced by a forced refresh: rejected at once with 40001 even before it expires. */
  revoked: boolean;
}

export interface StableTokenReply {
  access_token: string;
  expires_in: number;
}

/**
 * Stable access tokens (POST /cgi-bin/stable_token). In normal mode the same token comes back while it is valid; in
 * its last five minutes a new one is handed out while the old one keeps working until it expires. A forced refresh
 * revokes every earlier token of the app at once and is limited to 20 a day (China time). A forced refresh within
 * 30 seconds of the previous one does not refresh: it answers as normal mode would (the current token) and is not
 * counted against the 20.
 */
export class Tokens {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly current = new Map<string, string>();
  private readonly forced = new Map<string, { day: string; count: number; lastAt: number }>();
  private serial = 90;

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  stable(appId: string, forceRefresh: boolean): StableTokenReply {
    const now = this.clock.now();
    const used = this.forced.get(appId);
    if (forceRefresh && !(used && now - used.lastAt < FORCE_REFRESH_SPACING_MS)) {
      const day = chinaDay(now);
      const count = used?.day === day ? used.count : 0;
      if (count >= FORCE_REFRESH_PER_DAY) throw new WxFailure(Errcode.DailyQuotaReached);
      this.forced.set(appId, { day, count: count + 1, lastAt: now });
      for (const record of this.tokens.values()) if (record.appId === appId) record.revoked = true;
      return this.mint(appId, now);
    }
    const token = this.current.get(appId);
    const record = token ? this.tokens.get(token) : undefined;
    if (token && record && !record.revoked && record.expiresAt - now > EARLY_RENEWAL_MS) {
      return { access_token: token, expires_in: Math.floor((record.expiresAt - now) / 1000) };
    }
    return this.mint(appId, now);
  }

  /** The app a token belongs to, or the WeChat error for a missing, malformed, unknown, revoked or expired one. */
  verify(token: string | null): string {
    if (token === null || token === '') throw new WxFailure(Errcode.AccessTokenMissing);
    if (!ACCESS_TOKEN_SHAPE.test(token)) throw new WxFailure(Errcode.InvalidAccessToken);
    const record = this.tokens.get(token);
    if (!record || record.revoked) throw new WxFailure(Errcode.InvalidCredential);
    if (record.expiresAt <= this.clock.now()) throw new WxFailure(Errcode.AccessTokenExpired);
    return record.appId;
  }

  /** Every token issued so far expires now (its next use answers 42001). */
  expireAll(): void {
    const now = this.clock.now();
    for (const record of this.tokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  forcedRefreshesToday(appId: string): number {
    const used = this.forced.get(appId);
    return used?.day === chinaDay(this.clock.now()) ? used.count : 0;
  }

  reset(): void {
    this.tokens.clear();
    this.current.clear();
    this.forced.clear();
  }

  private mint(appId: string, now: number): StableTokenReply {
    // Forget tokens that expired long ago (their use would read "invalid" instead of "expired" afterwards).
    for (const [token, record] of this.tokens) if (record.expiresAt < now - 24 * 60 * MINUTE) this.tokens.delete(token);
    const token = newAccessToken(this.serial++);
    this.tokens.set(token, { appId, expiresAt: now + this.ttlSeconds * 1000, revoked: false });
    this.current.set(appId, token);
    return { access_token: token, expires_in: this.ttlSeconds };
  }
}
