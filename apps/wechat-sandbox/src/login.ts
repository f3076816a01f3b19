import { HOUR, MINUTE, type Clock } from './clock.js';
import { Errcode, WxFailure } from './errcodes.js';
import { newLoginCode, newOpenid, newSessionKey } from './ids.js';

/** wx.login codes live five minutes and can be exchanged once. */
export const LOGIN_CODE_TTL_MS = 5 * MINUTE;
/** code2Session: "45011 频率限制，每个用户每分钟 100 次". */
export const DEFAULT_LOGINS_PER_MINUTE = 100;
/** msgSecCheck wants an openid that visited the mini-program in the last two hours (else 61010). */
export const RECENT_VISIT_MS = 2 * HOUR;

export interface LoginCodeGrant {
  code: string;
  openid: string;
  appId: string;
  /** Milliseconds since the epoch (on the sandbox's clock). */
  expiresAt: number;
}

export interface IssueLoginCodeOptions {
  appId?: string;
  /** Returned by code2Session, as when the mini-program is bound to an Open Platform account. */
  unionid?: string;
}

interface PendingCode {
  openid: string;
  appId: string;
  unionid?: string;
  expiresAt: number;
  used: boolean;
}

interface UserRecord {
  unionid?: string;
  lastLoginAt: number;
  /** Times of the code exchanges in the last minute, for the per-user rate limit. */
  recentLogins: number[];
}

export interface Code2SessionReply {
  openid: string;
  session_key: string;
  unionid?: string;
}

/** wx.login codes, the users who exchanged one, and blocked users. */
export class Logins {
  private readonly codes = new Map<string, PendingCode>();
  private readonly users = new Map<string, UserRecord>();
  private readonly blocked = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {}

  issue(appId: string, openid: string | undefined, unionid: string | undefined): LoginCodeGrant {
    this.prune();
    const code = newLoginCode();
    const grant = { code, openid: openid ?? newOpenid(), appId, expiresAt: this.clock.now() + LOGIN_CODE_TTL_MS };
    this.codes.set(code, { openid: grant.openid, appId, unionid, expiresAt: grant.expiresAt, used: false });
    return grant;
  }

  /** GET /sns/jscode2session, after the app's credentials were checked. */
  exchange(appId: string, code: unknown): Code2SessionReply {
    if (typeof code !== 'string' || code === '') throw new WxFailure(Errcode.CodeMissing);
    const pending = this.codes.get(code);
    const now = this.clock.now();
    // A code from another app, an unknown code and an expired code all read "invalid code" in WeChat.
    if (!pending || pending.appId !== appId || pending.expiresAt <= now) throw new WxFailure(Errcode.InvalidCode);
    if (pending.used) throw new WxFailure(Errcode.CodeBeenUsed);
    if (this.blocked.has(pending.openid)) {
      pending.used = true;
      throw new WxFailure(Errcode.CodeBlocked);
    }
    const key = userKey(appId, pending.openid);
    const user = this.users.get(key) ?? { lastLoginAt: 0, recentLogins: [] };
    user.recentLogins = user.recentLogins.filter((at) => at > now - MINUTE);
    // The code is left unused, so the client may retry it in the next minute (while it is still valid).
    if (user.recentLogins.length >= this.perMinute) throw new WxFailure(Errcode.MinuteQuotaReached);
    pending.used = true;
    user.recentLogins.push(now);
    user.lastLoginAt = now;
    user.unionid = pending.unionid ?? user.unionid;
    this.users.set(key, user);
    return { openid: pending.openid, session_key: newSessionKey(), ...(user.unionid ? { unionid: user.unionid } : {}) };
  }

  /** True once the openid has logged in to this app: WeChat only knows users who opened the mini-program. */
  isKnown(appId: string, openid: string): boolean {
    return this.users.has(userKey(appId, openid));
  }

  /** For msgSecCheck: 40003 for a stranger, 61010 when the last visit is too old. */
  requireRecentVisitor(appId: string, openid: unknown): void {
    if (typeof openid !== 'string' || openid === '') throw new WxFailure(Errcode.InvalidOpenid);
    const user = this.users.get(userKey(appId, openid));
    if (!user) throw new WxFailure(Errcode.InvalidOpenid);
    if (user.lastLoginAt + RECENT_VISIT_MS <= this.clock.now()) throw new WxFailure(Errcode.VisitExpired);
  }

  setBlocked(openid: string, blocked: boolean): void {
    if (blocked) this.blocked.add(openid);
    else this.blocked.delete(openid);
  }

  blockedUsers(): string[] {
    return [...this.blocked];
  }

  reset(): void {
    this.codes.clear();
    this.users.clear();
    this.blocked.clear();
  }

  private prune(): void {
    const cutoff = this.clock.now() - LOGIN_CODE_TTL_MS;
    for (const [code, pending] of this.codes) if (pending.expiresAt < cutoff) this.codes.delete(code);
  }
}

const userKey = (appId: string, openid: string): string => `${appId}\u0000${openid}`;
