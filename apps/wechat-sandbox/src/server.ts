import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxApp } from './apps.js';
import type { ActiveFault, FaultSpec } from './faults.js';
import type { IssueLoginCodeOptions, LoginCodeGrant, VisitRecord } from './login.js';
import type { SubscribeDecision, SubscribePromptFailure, SubscribePromptSuccess } from './miniprogram.js';
import type { IssuePhoneCodeOptions, PhoneCodeGrant } from './phone.js';
import { SandboxCore, type PromptSubscriptionOptions, type RequestRecord, type WechatSandboxOptions, type WxReply } from './sandbox.js';
import type { ContentWords } from './security.js';
import type { MsgidMode, SentMessage, TemplateDefinition, TemplateFieldType } from './subscribe.js';
import { isObject, stringifyJson } from './util.js';
import type { GeneratedCode } from './wxacode.js';

/** A running sandbox: its base URL (give it to the server as WECHAT_API_BASE_URL) and its control methods. */
export interface WechatSandbox {
  /** e.g. `http://127.0.0.1:4100`, without a trailing slash. */
  readonly url: string;
  /** The apps it accepts (AppID and AppSecret). */
  readonly apps: SandboxApp[];
  close(): Promise<void>;

  /** A wx.login code for this openid (a new random one when absent): single use, valid 5 minutes. */
  issueLoginCode(openid?: string, options?: IssueLoginCodeOptions): LoginCodeGrant;
  /** A getPhoneNumber code that exchanges for this number: single use, valid 5 minutes from now, bound to a user. */
  issuePhoneCode(phoneNumber: string, options?: IssuePhoneCodeOptions): PhoneCodeGrant;
  /** The user opened the mini-program now (msgSecCheck wants a visit in the last two hours; a login is one too). */
  recordVisit(openid: string, options?: { appId?: string }): VisitRecord;
  /** The user accepted this template `count` times: that many more pushes. Returns the pushes left. */
  grantSubscription(openid: string, templateId: string, count?: number, options?: { appId?: string }): number;
  remainingSubscriptions(openid: string, templateId: string, options?: { appId?: string }): number;
  /** wx.requestSubscribeMessage shown to the user: the client's answer, and one push granted per accepted template. */
  promptSubscription(openid: string, tmplIds: string[], options?: PromptSubscriptionOptions): SubscribePromptSuccess | SubscribePromptFailure;
  sentMessages(filter?: { touser?: string; templateId?: string }): SentMessage[];
  /** `enums`: for each `enum` field, the values it accepts. */
  registerTemplate(templateId: string, fields: Record<string, TemplateFieldType>, title?: string, enums?: Record<string, string[]>): TemplateDefinition;
  templates(): TemplateDefinition[];
  /** `phrase` values answered 47003 although valid (replaces the list). */
  setRefusedPhrases(phrases: string[]): string[];
  refusedPhrases(): string[];
  /** Which successful subscribe sends answer a `msgid`. */
  setMsgidMode(mode: MsgidMode): MsgidMode;
  msgidMode(): MsgidMode;
  /** Adds pages to the released mini-program. Returns all released pages. */
  registerPages(pages: string[]): string[];
  injectFault(fault: FaultSpec): ActiveFault;
  clearFaults(): void;
  faults(): ActiveFault[];
  /** Every access token issued so far expires now. */
  expireTokens(): void;
  forcedRefreshesToday(appId?: string): number;
  /** Marks an openid as a high-risk user: its login codes answer 40226. Returns the blocked openids. */
  blockUser(openid: string, blocked?: boolean): string[];
  blockedUsers(): string[];
  setContentWords(words: Partial<ContentWords>): ContentWords;
  contentWords(): ContentWords;
  /** Moves the sandbox's clock forward (code and token expiry, rate-limit windows). */
  advanceTime(ms: number): void;
  requests(): RequestRecord[];
  qrCodes(): GeneratedCode[];
  reset(): void;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Starts the sandbox on `host:port` (default 127.0.0.1 and a free port). */
export async function startWechatSandbox(options: WechatSandboxOptions = {}): Promise<WechatSandbox> {
  const core = new SandboxCore(options);
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    handle(core, timers, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `http://${shownHost}:${port}`,
    apps: core.apps.list(),
    close,
    issueLoginCode: (openid, o) => core.issueLoginCode(openid, o),
    issuePhoneCode: (phone, o) => core.issuePhoneCode(phone, o),
    recordVisit: (openid, o) => core.recordVisit(openid, o),
    grantSubscription: (openid, templateId, count, o) => core.grantSubscription(openid, templateId, count, o),
    remainingSubscriptions: (openid, templateId, o) => core.remainingSubscriptions(openid, templateId, o),
    promptSubscription: (openid, tmplIds, o) => core.promptSubscription(openid, tmplIds, o),
    sentMessages: (filter) => core.sentMessages(filter),
    registerTemplate: (id, fields, title, enums) => core.registerTemplate(id, fields, title, enums),
    templates: () => core.templates(),
    setRefusedPhrases: (phrases) => core.setRefusedPhrases(phrases),
    refusedPhrases: () => core.refusedPhrases(),
    setMsgidMode: (mode) => core.setMsgidMode(mode),
    msgidMode: () => core.msgidMode(),
    registerPages: (pages) => core.registerPages(pages),
    injectFault: (fault) => core.injectFault(fault),
    clearFaults: () => core.clearFaults(),
    faults: () => core.faults(),
    expireTokens: () => core.expireTokens(),
    forcedRefreshesToday: (appId) => core.forcedRefreshesToday(appId),
    blockUser: (openid, blocked) => core.blockUser(openid, blocked),
    blockedUsers: () => core.blockedUsers(),
    setContentWords: (words) => core.setContentWords(words),
    contentWords: () => core.contentWords(),
    advanceTime: (ms) => core.advanceTime(ms),
    requests: () => core.requests(),
    qrCodes: () => core.qrCodes(),
    reset: () => core.reset(),
  };
}

async function handle(core: SandboxCore, timers: Set<NodeJS.Timeout>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  if (body === undefined) return sendJson(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });

  if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
    res.setHeader('access-control-allow-headers', 'content-type');
    if (method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    return control(core, method, url, body, res);
  }

  const fault = core.takeFault(url.pathname);
  if (fault?.delayMs) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, fault.delayMs);
      timers.add(timer);
    });
    // The caller gave up (timeout) while we waited: nobody to answer.
    if (!res.socket || res.socket.destroyed) return;
  }
  send(res, core.respond({ method, path: url.pathname, query: url.searchParams, body }, fault));
}

function send(res: ServerResponse, reply: WxReply): void {
  switch (reply.kind) {
    case 'drop':
      res.socket?.destroy();
      return;
    case 'binary':
      res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': reply.body.length }).end(reply.body);
      return;
    case 'text':
      res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8' }).end(reply.body);
      return;
    case 'json':
      // WeChat's own content type for JSON answers; 64-bit ids keep all their digits.
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json; encoding=utf-8' }).end(stringifyJson(reply.body));
      return;
  }
}

function control(core: SandboxCore, method: string, url: URL, text: string, res: ServerResponse): void {
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  const q = url.searchParams;
  let body: Record<string, unknown> = {};
  if (text.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    if (!isObject(parsed)) return sendJson(res, 400, { error: 'the body must be a JSON object' });
    body = parsed;
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const appIdOf = { appId: str(body.appId) ?? str(q.get('appId')) };

  try {
    switch (route) {
      case 'GET /__sandbox':
        return sendJson(res, 200, {
          apps: core.apps.list().map((a) => ({ appId: a.appId })),
          pages: core.releasedPages(),
          templates: core.templates().map((t) => t.templateId),
          faults: core.faults().length,
          messages: core.sentMessages().length,
          msgidMode: core.msgidMode(),
          now: new Date(core.clock.now()).toISOString(),
        });
      case 'POST /__sandbox/login-codes':
        return sendJson(res, 201, core.issueLoginCode(str(body.openid), { ...appIdOf, unionid: str(body.unionid) }));
      case 'POST /__sandbox/phone-codes':
        return sendJson(res, 201, core.issuePhoneCode(body.phoneNumber as string, { ...appIdOf, countryCode: str(body.countryCode), openid: str(body.openid) }));
      case 'POST /__sandbox/visits':
        return sendJson(res, 201, core.recordVisit(body.openid as string, appIdOf));
      case 'POST /__sandbox/subscriptions': {
        const openid = body.openid as string;
        const templateId = body.templateId as string;
        const remaining = core.grantSubscription(openid, templateId, body.count === undefined ? 1 : (body.count as number), appIdOf);
        return sendJson(res, 201, { openid, templateId, remaining });
      }
      case 'GET /__sandbox/subscriptions': {
        const openid = q.get('openid') ?? '';
        const templateId = q.get('templateId') ?? '';
        return sendJson(res, 200, { openid, templateId, remaining: core.remainingSubscriptions(openid, templateId, appIdOf) });
      }
      case 'POST /__sandbox/subscribe-prompts':
        return sendJson(
          res,
          200,
          core.promptSubscription(body.openid as string, body.tmplIds as string[], {
            ...appIdOf,
            ...(body.max !== undefined ? { max: body.max as number } : {}),
            ...(body.decisions !== undefined ? { decisions: body.decisions as SubscribeDecision | Record<string, SubscribeDecision> } : {}),
            ...(body.switchedOff !== undefined ? { switchedOff: body.switchedOff === true } : {}),
          }),
        );
      case 'GET /__sandbox/refused-phrases':
        return sendJson(res, 200, { phrases: core.refusedPhrases() });
      case 'POST /__sandbox/refused-phrases':
        return sendJson(res, 200, { phrases: core.setRefusedPhrases(body.phrases as string[]) });
      case 'GET /__sandbox/msgid-mode':
        return sendJson(res, 200, { mode: core.msgidMode() });
      case 'POST /__sandbox/msgid-mode':
        return sendJson(res, 200, { mode: core.setMsgidMode(body.mode as MsgidMode) });
      case 'GET /__sandbox/messages':
        return sendJson(res, 200, core.sentMessages({ touser: q.get('touser') ?? undefined, templateId: q.get('templateId') ?? undefined }));
      case 'GET /__sandbox/templates':
        return sendJson(res, 200, core.templates());
      case 'POST /__sandbox/templates':
        return sendJson(
          res,
          201,
          core.registerTemplate(body.templateId as string, body.fields as Record<string, TemplateFieldType>, str(body.title), body.enums as Record<string, string[]> | undefined),
        );
      case 'GET /__sandbox/pages':
        return sendJson(res, 200, { pages: core.releasedPages() });
      case 'POST /__sandbox/pages':
        return sendJson(res, 200, { pages: core.registerPages(body.pages as string[]) });
      case 'GET /__sandbox/faults':
        return sendJson(res, 200, core.faults());
      case 'POST /__sandbox/faults':
        return sendJson(res, 201, core.injectFault(body as unknown as FaultSpec));
      case 'DELETE /__sandbox/faults':
        core.clearFaults();
        return sendJson(res, 200, { faults: [] });
      case 'POST /__sandbox/expire-tokens':
        core.expireTokens();
        return sendJson(res, 200, { expired: true });
      case 'GET /__sandbox/blocked-users':
        return sendJson(res, 200, { blocked: core.blockedUsers() });
      case 'POST /__sandbox/blocked-users':
        return sendJson(res, 200, { blocked: core.blockUser(body.openid as string, body.blocked !== false) });
      case 'GET /__sandbox/content-words':
        return sendJson(res, 200, core.contentWords());
      case 'POST /__sandbox/content-words':
        return sendJson(res, 200, core.setContentWords({ risky: body.risky as string[] | undefined, review: body.review as string[] | undefined }));
      case 'POST /__sandbox/advance-time':
        core.advanceTime(typeof body.ms === 'number' ? body.ms : typeof body.seconds === 'number' ? body.seconds * 1000 : Number.NaN);
        return sendJson(res, 200, { now: new Date(core.clock.now()).toISOString() });
      case 'GET /__sandbox/requests':
        return sendJson(res, 200, core.requests());
      case 'GET /__sandbox/qrcodes':
        return sendJson(res, 200, core.qrCodes());
      case 'POST /__sandbox/reset':
        core.reset();
        return sendJson(res, 200, { reset: true });
      default:
        return sendJson(res, 404, { error: `no control endpoint ${route}` });
    }
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** The request body as text, or undefined when it is too large. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
