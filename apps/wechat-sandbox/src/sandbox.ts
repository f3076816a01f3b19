import { AppRegistry, DEFAULT_APP, type SandboxApp } from './apps.js';
import { Clock } from './clock.js';
import { Errcode, WxFailure, errorBody } from './errcodes.js';
import { Faults, WECHAT_PATHS, type ActiveFault, type FaultSpec, type WechatPath } from './faults.js';
import { DEFAULT_LOGINS_PER_MINUTE, Logins, type IssueLoginCodeOptions, type LoginCodeGrant, type VisitRecord } from './login.js';
import { isSubscribePromptFailure, subscribePrompt, type SubscribePromptFailure, type SubscribePromptOptions, type SubscribePromptSuccess } from './miniprogram.js';
import { PhoneNumbers, type IssuePhoneCodeOptions, type PhoneCodeGrant } from './phone.js';
import { ContentCheck, DEFAULT_REVIEW_WORDS, DEFAULT_RISKY_WORDS, type ContentWords } from './security.js';
import {
  DEFAULT_REFUSED_PHRASES,
  DEFAULT_TEMPLATES,
  SubscribeMessages,
  type MsgidMode,
  type SentMessage,
  type TemplateDefinition,
  type TemplateFieldType,
} from './subscribe.js';
import { DEFAULT_TOKEN_TTL_SECONDS, Tokens } from './tokens.js';
import { isObject } from './util.js';
import { DEFAULT_PAGES, MiniProgramCodes, type GeneratedCode } from './wxacode.js';

export interface WechatSandboxOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The mini-programs it accepts; default one app, {@link DEFAULT_APP}. */
  apps?: SandboxApp[];
  /** Pages of the released mini-program (check_path, message links); default `pages/index/index`. */
  pages?: string[];
  /** Templates registered at start and after a reset; default {@link DEFAULT_TEMPLATES}. */
  templates?: TemplateDefinition[];
  /** Words answered `risky` / `review` by msg_sec_check, at start and after a reset. */
  contentWords?: Partial<ContentWords>;
  /** Lifetime of access tokens; default 7200 s as in WeChat. */
  tokenTtlSeconds?: number;
  /** code2Session calls allowed per user and minute before 45011; default 100 as documented. */
  loginsPerMinute?: number;
  /** `phrase` values refused with 47003 although valid, at start and after a reset; default {@link DEFAULT_REFUSED_PHRASES}. */
  refusedPhrases?: string[];
  /** Which successful subscribe sends answer a `msgid`; default `alternate`. */
  msgidMode?: MsgidMode;
}

/** Options of {@link SandboxCore.promptSubscription}: those of `subscribePrompt`, and the app. */
export interface PromptSubscriptionOptions extends Omit<SubscribePromptOptions, 'knownTemplateIds'> {
  appId?: string;
}

/** One call to a WeChat endpoint, as listed by GET /__sandbox/requests. Secrets, codes and tokens are left out. */
export interface RequestRecord {
  at: string;
  method: string;
  path: string;
  /** 0 for success, else the WeChat error code answered. */
  errcode?: number;
  /** Set when a fault answered with an HTTP error or dropped the connection. */
  httpStatus?: number;
  /** For /cgi-bin/stable_token. */
  forceRefresh?: boolean;
  faulted?: boolean;
}

export type WxReply =
  /** `contentType` when WeChat labels the JSON otherwise (jscode2session: `text/plain`). */
  | { kind: 'json'; status: number; body: unknown; contentType?: string }
  | { kind: 'binary'; status: number; contentType: string; body: Buffer }
  | { kind: 'text'; status: number; body: string }
  | { kind: 'drop' };

export interface WxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

const MAX_LOGGED_REQUESTS = 1000;

/** The sandbox's state and rules, without HTTP: the server and the in-process control methods both drive this. */
export class SandboxCore {
  readonly clock = new Clock();
  readonly apps: AppRegistry;
  private readonly logins: Logins;
  private readonly tokens: Tokens;
  private readonly codes: MiniProgramCodes;
  private readonly content: ContentCheck;
  private readonly phones: PhoneNumbers;
  private readonly subscribe: SubscribeMessages;
  private readonly faultList = new Faults();
  private readonly log: RequestRecord[] = [];

  constructor(options: WechatSandboxOptions = {}) {
    this.apps = new AppRegistry(options.apps?.length ? options.apps : [DEFAULT_APP]);
    this.logins = new Logins(this.clock, options.loginsPerMinute ?? DEFAULT_LOGINS_PER_MINUTE);
    this.tokens = new Tokens(this.clock, options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
    this.codes = new MiniProgramCodes(this.clock, options.pages ?? DEFAULT_PAGES);
    this.content = new ContentCheck(this.clock, this.logins, {
      risky: [...(options.contentWords?.risky ?? DEFAULT_RISKY_WORDS)],
      review: [...(options.contentWords?.review ?? DEFAULT_REVIEW_WORDS)],
    });
    this.phones = new PhoneNumbers(this.clock);
    this.subscribe = new SubscribeMessages(this.clock, this.logins, this.codes, {
      templates: options.templates ?? DEFAULT_TEMPLATES,
      refusedPhrases: options.refusedPhrases ?? DEFAULT_REFUSED_PHRASES,
      msgidMode: options.msgidMode ?? 'alternate',
    });
  }

  // ---- control ----

  issueLoginCode(openid?: string, options: IssueLoginCodeOptions = {}): LoginCodeGrant {
    if (openid !== undefined) checkOpenid(openid);
    return this.logins.issue(this.apps.resolve(options.appId), openid, options.unionid);
  }

  issuePhoneCode(phoneNumber: string, options: IssuePhoneCodeOptions = {}): PhoneCodeGrant {
    if (typeof phoneNumber !== 'string') throw new RangeError('phoneNumber is required');
    if (options.openid !== undefined) checkOpenid(options.openid);
    return this.phones.issue(this.apps.resolve(options.appId), phoneNumber, options.countryCode, options.openid);
  }

  recordVisit(openid: string, options: { appId?: string } = {}): VisitRecord {
    checkOpenid(openid);
    return this.logins.recordVisit(this.apps.resolve(options.appId), openid);
  }

  grantSubscription(openid: string, templateId: string, count = 1, options: { appId?: string } = {}): number {
    return this.subscribe.grant(this.apps.resolve(options.appId), openid, templateId, count);
  }

  remainingSubscriptions(openid: string, templateId: string, options: { appId?: string } = {}): number {
    return this.subscribe.remaining(this.apps.resolve(options.appId), openid, templateId);
  }

  sentMessages(filter?: { touser?: string; templateId?: string }): SentMessage[] {
    return this.subscribe.messages(filter);
  }

  registerTemplate(templateId: string, fields: Record<string, TemplateFieldType>, title?: string, enums?: Record<string, string[]>): TemplateDefinition {
    return this.subscribe.register({ templateId, fields, title: title ?? templateId, ...(enums ? { enums } : {}) });
  }

  /**
   * The user is shown wx.requestSubscribeMessage for these templates: answers what the client answers (see
   * `subscribePrompt`; a template not registered here fails with 20001) and grants one push per accepted template.
   */
  promptSubscription(openid: string, tmplIds: string[], options: PromptSubscriptionOptions = {}): SubscribePromptSuccess | SubscribePromptFailure {
    checkOpenid(openid);
    if (options.max !== undefined && (!Number.isInteger(options.max) || options.max < 1)) throw new RangeError('max must be a whole number of at least 1');
    const appId = this.apps.resolve(options.appId);
    const known = this.subscribe.list().map((t) => t.templateId);
    const answer = subscribePrompt(tmplIds, { ...options, knownTemplateIds: known });
    if (!isSubscribePromptFailure(answer)) {
      for (const id of new Set(tmplIds)) if (answer[id] === 'accept') this.subscribe.grant(appId, openid, id, 1);
    }
    return answer;
  }

  setRefusedPhrases(phrases: string[]): string[] {
    return this.subscribe.setRefusedPhrases(phrases);
  }

  refusedPhrases(): string[] {
    return this.subscribe.refusedPhrases();
  }

  setMsgidMode(mode: MsgidMode): MsgidMode {
    return this.subscribe.setMsgidMode(mode);
  }

  msgidMode(): MsgidMode {
    return this.subscribe.msgidMode();
  }

  templates(): TemplateDefinition[] {
    return this.subscribe.list();
  }

  registerPages(pages: string[]): string[] {
    if (!Array.isArray(pages)) throw new RangeError('pages must be a list of page paths');
    this.codes.registerPages(pages);
    return this.codes.releasedPages();
  }

  releasedPages(): string[] {
    return this.codes.releasedPages();
  }

  injectFault(fault: FaultSpec): ActiveFault {
    return this.faultList.add(fault);
  }

  clearFaults(): void {
    this.faultList.clear();
  }

  faults(): ActiveFault[] {
    return this.faultList.list();
  }

  expireTokens(): void {
    this.tokens.expireAll();
  }

  forcedRefreshesToday(appId?: string): number {
    return this.tokens.forcedRefreshesToday(this.apps.resolve(appId));
  }

  blockUser(openid: string, blocked = true): string[] {
    if (typeof openid !== 'string' || openid === '') throw new RangeError('openid is required');
    this.logins.setBlocked(openid, blocked);
    return this.logins.blockedUsers();
  }

  blockedUsers(): string[] {
    return this.logins.blockedUsers();
  }

  setContentWords(words: Partial<ContentWords>): ContentWords {
    return this.content.setWords(words);
  }

  contentWords(): ContentWords {
    return this.content.getWords();
  }

  advanceTime(ms: number): void {
    this.clock.advance(ms);
  }

  requests(): RequestRecord[] {
    return this.log.map((r) => ({ ...r }));
  }

  qrCodes(): GeneratedCode[] {
    return this.codes.list();
  }

  /** Back to the state at start: no codes, users, tokens, quotas, messages or faults; default lists; real time. */
  reset(): void {
    this.logins.reset();
    this.tokens.reset();
    this.codes.reset();
    this.content.reset();
    this.phones.reset();
    this.subscribe.reset();
    this.faultList.clear();
    this.log.length = 0;
    this.clock.reset();
  }

  // ---- WeChat endpoints ----

  /** The fault that applies to this call (counted as used), if any. */
  takeFault(path: string): ActiveFault | undefined {
    return (WECHAT_PATHS as readonly string[]).includes(path) ? this.faultList.take(path) : undefined;
  }

  /** Answers one WeChat call, honouring the fault taken for it (after its delay, which the caller waited). */
  respond(request: WxRequest, fault: ActiveFault | undefined): WxReply {
    const record: RequestRecord = { at: new Date(this.clock.now()).toISOString(), method: request.method, path: request.path };
    const answered = this.answer(request, fault, record);
    // jscode2session's answers, success or error, come as `Content-Type: text/plain` (developers report it on WeChat's
    // forum); the other endpoints' as JSON.
    const reply: WxReply = answered.kind === 'json' && request.path === '/sns/jscode2session' ? { ...answered, contentType: 'text/plain' } : answered;
    if (reply.kind === 'json' && isObject(reply.body)) record.errcode = typeof reply.body.errcode === 'number' ? reply.body.errcode : 0;
    if (reply.kind === 'binary') record.errcode = 0;
    if (reply.kind === 'text') record.httpStatus = reply.status;
    this.log.push(record);
    if (this.log.length > MAX_LOGGED_REQUESTS) this.log.shift();
    return reply;
  }

  private answer(request: WxRequest, fault: ActiveFault | undefined, record: RequestRecord): WxReply {
    const known = (WECHAT_PATHS as readonly string[]).includes(request.path);
    if (!known) return { kind: 'json', status: 404, body: errorBody(Errcode.InvalidUrl, this.clock.now()) };
    if (fault) {
      record.faulted = true;
      if (fault.dropConnection) return { kind: 'drop' };
      if (fault.httpStatus !== undefined) return { kind: 'text', status: fault.httpStatus, body: `<html><body><h1>${fault.httpStatus}</h1>sandbox fault</body></html>` };
      if (fault.errcode !== undefined) {
        return { kind: 'json', status: 200, body: errorBody(fault.errcode, this.clock.now(), fault.errmsg) };
      }
    }
    try {
      return this.route(request.path as WechatPath, request, record);
    } catch (error) {
      if (error instanceof WxFailure) return { kind: 'json', status: 200, body: errorBody(error.errcode, this.clock.now(), error.detail) };
      throw error;
    }
  }

  private route(path: WechatPath, request: WxRequest, record: RequestRecord): WxReply {
    const ok = (body: unknown): WxReply => ({ kind: 'json', status: 200, body });
    if (path === '/sns/jscode2session') {
      if (request.method !== 'GET') throw new WxFailure(Errcode.RequireGetMethod);
      const q = request.query;
      const appId = this.apps.authenticate(q.get('appid'), q.get('secret'));
      if (q.get('grant_type') !== 'authorization_code') throw new WxFailure(Errcode.InvalidGrantType);
      return ok(this.logins.exchange(appId, q.get('js_code')));
    }
    if (request.method !== 'POST') throw new WxFailure(Errcode.RequirePostMethod);
    if (path === '/cgi-bin/stable_token') {
      const body = parseBody(request.body, Errcode.DataFormatError);
      if (!isObject(body)) throw new WxFailure(Errcode.DataFormatError);
      if (body.force_refresh !== undefined && typeof body.force_refresh !== 'boolean') throw new WxFailure(Errcode.DataFormatError);
      record.forceRefresh = body.force_refresh === true;
      if (body.grant_type !== 'client_credential') throw new WxFailure(Errcode.InvalidGrantType);
      const appId = this.apps.authenticate(body.appid, body.secret);
      return ok(this.tokens.stable(appId, body.force_refresh === true));
    }
    const appId = this.tokens.verify(request.query.get('access_token'));
    switch (path) {
      case '/wxa/getwxacodeunlimit': {
        // WeChat answers "invalid length for scene, or the data is not json string" to a body it cannot read.
        const image = this.codes.generate(appId, parseBody(request.body, Errcode.InvalidSceneLength));
        return { kind: 'binary', status: 200, contentType: image.contentType, body: image.body };
      }
      case '/wxa/msg_sec_check':
        return ok(this.content.check(appId, parseBody(request.body, Errcode.DataFormatError)));
      case '/wxa/business/getuserphonenumber':
        return ok(this.phones.exchange(appId, parseBody(request.body, Errcode.DataFormatError)));
      case '/cgi-bin/message/subscribe/send':
        return ok(this.subscribe.send(appId, parseBody(request.body, Errcode.DataFormatError)));
    }
  }
}

function checkOpenid(openid: unknown): void {
  if (typeof openid !== 'string' || !/^[A-Za-z0-9_-]{6,64}$/.test(openid)) throw new RangeError('openid must be 6–64 characters of letters, digits, _ and -');
}

/** WeChat takes POST bodies as JSON only ("POST 参数需要转成 JSON 字符串，不支持 form 表单提交"). */
function parseBody(text: string, errcode: number): unknown {
  if (text.trim() === '') throw new WxFailure(Errcode.EmptyPostData);
  try {
    return JSON.parse(text);
  } catch {
    throw new WxFailure(errcode);
  }
}
