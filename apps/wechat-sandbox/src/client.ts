import type { ActiveFault, FaultSpec } from './faults.js';
import type { IssueLoginCodeOptions, LoginCodeGrant, VisitRecord } from './login.js';
import type { SubscribePromptFailure, SubscribePromptSuccess } from './miniprogram.js';
import type { IssuePhoneCodeOptions, PhoneCodeGrant } from './phone.js';
import type { PromptSubscriptionOptions, RequestRecord } from './sandbox.js';
import type { ContentWords } from './security.js';
import type { MsgidMode, SentMessage, TemplateDefinition, TemplateFieldType } from './subscribe.js';
import type { GeneratedCode } from './wxacode.js';

/** The control API of a sandbox running in another process, over its `/__sandbox/…` endpoints. */
export interface WechatSandboxControl {
  readonly url: string;
  issueLoginCode(openid?: string, options?: IssueLoginCodeOptions): Promise<LoginCodeGrant>;
  issuePhoneCode(phoneNumber: string, options?: IssuePhoneCodeOptions): Promise<PhoneCodeGrant>;
  recordVisit(openid: string, options?: { appId?: string }): Promise<VisitRecord>;
  grantSubscription(openid: string, templateId: string, count?: number, options?: { appId?: string }): Promise<number>;
  remainingSubscriptions(openid: string, templateId: string, options?: { appId?: string }): Promise<number>;
  promptSubscription(openid: string, tmplIds: string[], options?: PromptSubscriptionOptions): Promise<SubscribePromptSuccess | SubscribePromptFailure>;
  sentMessages(filter?: { touser?: string; templateId?: string }): Promise<SentMessage[]>;
  registerTemplate(templateId: string, fields: Record<string, TemplateFieldType>, title?: string, enums?: Record<string, string[]>): Promise<TemplateDefinition>;
  setRefusedPhrases(phrases: string[]): Promise<string[]>;
  setMsgidMode(mode: MsgidMode): Promise<MsgidMode>;
  registerPages(pages: string[]): Promise<string[]>;
  injectFault(fault: FaultSpec): Promise<ActiveFault>;
  clearFaults(): Promise<void>;
  expireTokens(): Promise<void>;
  blockUser(openid: string, blocked?: boolean): Promise<string[]>;
  setContentWords(words: Partial<ContentWords>): Promise<ContentWords>;
  advanceTime(ms: number): Promise<void>;
  requests(): Promise<RequestRecord[]>;
  qrCodes(): Promise<GeneratedCode[]>;
  reset(): Promise<void>;
}

/** Drives a sandbox at `url` (e.g. one started with the CLI by the demo script). */
export function connectWechatSandbox(url: string): WechatSandboxControl {
  const base = url.replace(/\/+$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/__sandbox${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${payload.error ?? res.status}`);
    return payload;
  };
  const query = (params: Record<string, string | undefined>): string => {
    const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    return q.size ? `?${q}` : '';
  };

  return {
    url: base,
    issueLoginCode: (openid, options = {}) => call('POST', '/login-codes', { openid, ...options }),
    issuePhoneCode: (phoneNumber, options = {}) => call('POST', '/phone-codes', { phoneNumber, ...options }),
    recordVisit: (openid, options = {}) => call('POST', '/visits', { openid, ...options }),
    grantSubscription: async (openid, templateId, count = 1, options = {}) =>
      (await call<{ remaining: number }>('POST', '/subscriptions', { openid, templateId, count, ...options })).remaining,
    remainingSubscriptions: async (openid, templateId, options = {}) =>
      (await call<{ remaining: number }>('GET', `/subscriptions${query({ openid, templateId, appId: options.appId })}`)).remaining,
    promptSubscription: (openid, tmplIds, options = {}) => call('POST', '/subscribe-prompts', { openid, tmplIds, ...options }),
    sentMessages: (filter = {}) => call('GET', `/messages${query(filter)}`),
    registerTemplate: (templateId, fields, title, enums) => call('POST', '/templates', { templateId, fields, title, enums }),
    setRefusedPhrases: async (phrases) => (await call<{ phrases: string[] }>('POST', '/refused-phrases', { phrases })).phrases,
    setMsgidMode: async (mode) => (await call<{ mode: MsgidMode }>('POST', '/msgid-mode', { mode })).mode,
    registerPages: async (pages) => (await call<{ pages: string[] }>('POST', '/pages', { pages })).pages,
    injectFault: (fault) => call('POST', '/faults', fault),
    clearFaults: async () => void (await call('DELETE', '/faults')),
    expireTokens: async () => void (await call('POST', '/expire-tokens')),
    blockUser: async (openid, blocked = true) => (await call<{ blocked: string[] }>('POST', '/blocked-users', { openid, blocked })).blocked,
    setContentWords: (words) => call('POST', '/content-words', words),
    advanceTime: async (ms) => void (await call('POST', '/advance-time', { ms })),
    requests: () => call('GET', '/requests'),
    qrCodes: () => call('GET', '/qrcodes'),
    reset: async () => void (await call('POST', '/reset')),
  };
}
