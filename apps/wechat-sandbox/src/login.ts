import { HOUR, MINUTE, type Clock } from './clock.js';
import { Errcode, WxFailure } from './errcodes.js';
import { newLoginCode, newOpenid, newSessionKey } from './ids.js';

/** wx.login codes live five minutes and can be exchanged once. */
export const LOGIN_CODE_TTL_MS = 5 * MINUTE;
/** code2Session: "45011 频率限制，每个用户每分钟 100 次". */
export const DEFAULT_LOGINS_PER_MINUTE = 100;
/** msgSecCheck: "用户需在近两小时访问过小程序" (else 61010). */
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
  /** The last time the user opened the mini-program (a login is a visit: wx.login only runs inside it). */
  lastVisitAt: number;
  /** Times of the code exchanges in the last minute, for the per-user rate limit. */
  recentLogins: number[];
}

export interface Code2SessionReply {
  openid: string;
  session_key: string;
  unionid?: string;
}

/** When a user opened the mini-program, as recorded by {@link Logins.recordVisit} or a login. */
export interface VisitRecord {
  openid: string;
  appId: string;
  /** Milliseconds since the epoch (on the sandbox's clock). */
  visitedAt: number;
}

/**
 * wx.login codes, the users of each app (an openid WeChat has seen open the mini-program: by a login, or a visit the
 * test records), and blocked users. An openid belongs to one app, as in WeChat, where each app sees its own openids.
 */
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
    const user = this.users.get(key) ?? { lastVisitAt: 0, recentLogins: [] };
    user.recentLogins = user.recentLogins.filter((at) => at > now - MINUTE);
    // The code is left unused, so the client may retry it in the next minute (while it is still valid).
    if (user.recentLogins.length >= this.perMinute) throw new WxFailure(Errcode.MinuteQuotaReached);
    pending.used = true;
    user.recentLogins.push(now);
    user.lastVisitAt = now;
    user.unionid = pending.unionid ?? user.unionid;
    this.users.set(key, user);
    return { openid: pending.openid, session_key: newSessionKey(), ...(user.unionid ? { unionid: user.unionid } : {}) };
  }

  /** The user opened the mini-program now (without logging in): WeChat knows the openid from then on. */
  recordVisit(appId: string, openid: string): VisitRecord {
    const key = userKey(appId, openid);
    const user = this.users.get(key) ?? { lastVisitAt: 0, recentLogins: [] };
    user.lastVisitAt = this.clock.now();
    this.users.set(key, user);
    return { openid, appId, visitedAt: user.lastVisitAt };
  }

  /** True once the openid has opened this app: WeChat only knows users who opened the mini-program. */
  isKnown(appId: string, openid: string): boolean {
    return this.users.has(userKey(appId, openid));
  }

  /** True when the openid is a user of another app of the sandbox (and not of this one). */
  belongsToAnotherApp(appId: string, openid: string): boolean {
    if (this.isKnown(appId, openid)) return false;
    const suffix = `\u0000${openid}`;
    for (const key of this.users.keys()) if (key.endsWith(suffix)) return true;
    return false;
  }

  /** For msgSecCheck: 40003 for an openid never seen, 43104 for another app's, 61010 when the last visit is too old. */
  requireRecentVisitor(appId: string, openid: unknown): void {
    if (typeof openid !== 'string' || openid === '') throw new WxFailure(Errcode.InvalidOpenid);
    if (this.belongsToAnotherApp(appId, openid)) throw new WxFailure(Errcode.AppidOpenidMismatch);
    const user = this.users.get(userKey(appId, openid));
    if (!user) throw new WxFailure(Errcode.InvalidOpenid);
    if (user.lastVisitAt + RECENT_VISIT_MS <= this.clock.now()) throw new WxFailure(Errcode.VisitExpired);
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
