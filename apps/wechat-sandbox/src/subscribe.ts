import { randomInt } from 'node:crypto';
import type { Clock } from './clock.js';
import { Errcode, WxFailure } from './errcodes.js';
import type { Logins } from './login.js';
import { isObject } from './util.js';
import type { MiniProgramCodes } from './wxacode.js';

/** The value kinds of subscribe-message fields (the key's prefix in WeChat: `thing1`, `phrase3`, `time4`…). */
export type TemplateFieldType = ValueFieldType | 'enum';

/** The kinds whose values follow a rule of their own; `enum` values are a list registered with the template. */
export type ValueFieldType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

export interface TemplateDefinition {
  templateId: string;
  title: string;
  /** Field key (e.g. `thing3`) → its kind. */
  fields: Record<string, TemplateFieldType>;
  /** For each `enum` field: the values registered with the template, the only ones WeChat accepts. */
  enums?: Record<string, string[]>;
}

/**
 * Whether a successful send answers a `msgid`. WeChat documents only `{ errcode, errmsg }`; real answers usually carry
 * a 19-digit `msgid`, but not always (developers report sends without one). `alternate` (the default): the 1st, 3rd,
 * 5th… successful send since the start or a reset carries one, the 2nd, 4th… none.
 */
export type MsgidMode = 'alternate' | 'always' | 'never';
export const MSGID_MODES: readonly MsgidMode[] = ['alternate', 'always', 'never'];

/**
 * `phrase` values WeChat refused with 47003 although they keep the documented rule (five Chinese characters or
 * fewer), as developers reported on WeChat's forum; a reset restores them.
 */
export const DEFAULT_REFUSED_PHRASES: readonly string[] = ['正常结束', '成功', '通过'];

export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;
export const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'] as const;

/** Templates registered at start and after a reset: the notices this product sends. */
export const DEFAULT_TEMPLATES: readonly TemplateDefinition[] = [
  {
    templateId: 'hcp_case_progress',
    title: '差评处理进度提醒',
    fields: { character_string1: 'character_string', phrase2: 'phrase', thing3: 'thing', time4: 'time', thing5: 'thing' },
  },
  {
    templateId: 'hcp_case_result',
    title: '差评办理结果通知',
    fields: { thing1: 'thing', phrase2: 'phrase', thing3: 'thing', date4: 'date' },
  },
  {
    templateId: 'hcp_staff_new_case',
    title: '新差评待处理提醒',
    fields: { character_string1: 'character_string', thing2: 'thing', phrase3: 'phrase', time4: 'time' },
  },
];

/** How the server fills one template (one entry of WECHAT_NOTICE_TEMPLATES): template field key → what goes in it. */
export interface NoticeTemplateFill {
  templateId: string;
  fields: Record<string, string>;
}

const PROGRESS_FILL: NoticeTemplateFill = { templateId: 'hcp_case_progress', fields: { character_string1: 'caseNo', phrase2: 'status', thing3: 'unit', time4: 'time', thing5: 'body' } };
const RESULT_FILL: NoticeTemplateFill = { templateId: 'hcp_case_result', fields: { thing1: 'title', phrase2: 'status', thing3: 'body', date4: 'date' } };
const STAFF_FILL: NoticeTemplateFill = { templateId: 'hcp_staff_new_case', fields: { character_string1: 'caseNo', thing2: 'body', phrase3: 'status', time4: 'time' } };

/**
 * WECHAT_NOTICE_TEMPLATES for the templates above, as an operator would configure them (docs/notices.md): each notice
 * kind → its template, each field filled with what its label names. The demo, the tests and the benchmarks use it.
 */
export const SANDBOX_NOTICE_TEMPLATES: Readonly<Record<string, NoticeTemplateFill>> = {
  citizen_case_accepted: PROGRESS_FILL,
  citizen_called_back: PROGRESS_FILL,
  citizen_replied: PROGRESS_FILL,
  citizen_closed: RESULT_FILL,
  citizen_escalated: RESULT_FILL,
  citizen_appeal_ruled: RESULT_FILL,
  staff_case_new: STAFF_FILL,
  staff_deadline_near: STAFF_FILL,
  staff_overdue: STAFF_FILL,
  staff_reopened: STAFF_FILL,
  staff_appeal_ruled: STAFF_FILL,
};

/** One message WeChat accepted, as listed by GET /__sandbox/messages. */
export interface SentMessage {
  /** 19 digits, as text: a JavaScript number cannot hold it. */
  msgid: string;
  /** False when the answer to the send carried no `msgid`. */
  msgidReturned: boolean;
  appId: string;
  touser: string;
  templateId: string;
  page?: string;
  /** Field key → value, as the user would read it. */
  data: Record<string, string>;
  miniprogramState: (typeof MINIPROGRAM_STATES)[number];
  lang: (typeof LANGS)[number];
  /** ISO time on the sandbox's clock. */
  sentAt: string;
}

const HAN = /\p{Script=Han}/u;
const DATE = String.raw`(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const TIME_POINT = new RegExp(String.raw`^(?:${DATE}\s*)?${CLOCK}$`);
const DATE_POINT = new RegExp(String.raw`^${DATE}(?:\s*${CLOCK})?$`);

const chars = (s: string): number => [...s].length;

/** A range is two points joined by "~" ("支持填时间段，两个时间点之间用“~”符号连接"). */
const pointOrRange = (pattern: RegExp) => (s: string) => s.split('~').length <= 2 && s.split('~').every((part) => pattern.test(part.trim()));

/**
 * The documented limits per kind ("参数值内容限制说明"): thing ≤ 20 characters; number ≤ 32 digits; letter ≤ 32 letters;
 * symbol ≤ 5 symbols; character_string ≤ 32 digits, letters or symbols; time and date in 24-hour format; amount a
 * currency sign and ≤ 10 digits; phone_number ≤ 17 digits and symbols; car_number ≤ 8; name ≤ 10 Chinese characters or
 * ≤ 20 letters; phrase ≤ 5 Chinese characters only; enum "只能上传枚举值范围内的字段值" (checked against the template).
 */
export const FIELD_RULES: Readonly<Record<ValueFieldType, (value: string) => boolean>> = {
  thing: (s) => chars(s) <= 20,
  // "只能数字，可带小数": no sign.
  number: (s) => /^\d+(?:\.\d+)?$/.test(s) && s.replace(/\D/g, '').length <= 32,
  letter: (s) => /^[A-Za-z]{1,32}$/.test(s),
  symbol: (s) => /^[^\p{L}\p{N}\s]{1,5}$/u.test(s),
  character_string: (s) => /^[\x21-\x7e]{1,32}$/.test(s),
  time: pointOrRange(TIME_POINT),
  date: pointOrRange(DATE_POINT),
  amount: (s) => /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(s),
  phone_number: (s) => /^[0-9+\-() ]{1,17}$/.test(s) && /\d/.test(s),
  car_number: (s) => chars(s) <= 8 && /^[\p{Script=Han}A-Z0-9][A-Z0-9]*[\p{Script=Han}A-Z0-9]?$/u.test(s),
  name: (s) => (HAN.test(s) ? chars(s) <= 10 && !/\d/.test(s) : /^[A-Za-z .·'-]{1,20}$/.test(s)),
  phrase: (s) => /^\p{Script=Han}{1,5}$/u.test(s),
};

/**
 * Subscribe messages: templates, the one-push-per-accept quota ("用户每次订阅，开发者可下发一条消息"), and
 * POST /cgi-bin/message/subscribe/send.
 */
export class SubscribeMessages {
  private readonly templates = new Map<string, TemplateDefinition>();
  private readonly grants = new Map<string, number>();
  private readonly sent: SentMessage[] = [];
  private refused: string[];
  private mode: MsgidMode;
  private successfulSends = 0;
  /** WeChat's msgids are 64-bit numbers of 19 digits (e.g. 3248682510344192008). */
  private nextMsgid = 3_000_000_000_000_000_000n + BigInt(randomInt(0, 2 ** 47)) * 1000n + BigInt(randomInt(1, 100));

  constructor(
    private readonly clock: Clock,
    private readonly logins: Logins,
    private readonly codes: MiniProgramCodes,
    private readonly defaults: { templates: readonly TemplateDefinition[]; refusedPhrases: readonly string[]; msgidMode: MsgidMode },
  ) {
    for (const template of defaults.templates) this.register(template);
    this.refused = [...defaults.refusedPhrases];
    this.mode = defaults.msgidMode;
  }

  register(template: TemplateDefinition): TemplateDefinition {
    if (typeof template.templateId !== 'string' || template.templateId.trim() === '') throw new RangeError('templateId is required');
    if (!isObject(template.fields) || Object.keys(template.fields).length === 0) throw new RangeError('a template needs at least one field');
    const kinds = [...Object.keys(FIELD_RULES), 'enum'];
    const enums = template.enums ?? {};
    if (!isObject(enums)) throw new RangeError('enums is an object: field key → its values');
    for (const [key, type] of Object.entries(template.fields)) {
      if (!kinds.includes(type)) throw new RangeError(`field ${key} has unknown kind "${String(type)}"; kinds: ${kinds.join(', ')}`);
      const values: unknown = enums[key];
      if (type === 'enum' && (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string' || v === ''))) {
        throw new RangeError(`enum field ${key} needs its values: enums: { "${key}": ["…", …] }`);
      }
    }
    for (const key of Object.keys(enums)) {
      if (template.fields[key] !== 'enum') throw new RangeError(`enums.${key} is given but ${key} is not an enum field`);
    }
    const copy: TemplateDefinition = {
      templateId: template.templateId,
      title: template.title || template.templateId,
      fields: { ...template.fields },
      ...(Object.keys(enums).length ? { enums: copyEnums(enums) } : {}),
    };
    this.templates.set(copy.templateId, copy);
    return copyTemplate(copy);
  }

  list(): TemplateDefinition[] {
    return [...this.templates.values()].map(copyTemplate);
  }

  setRefusedPhrases(phrases: readonly string[]): string[] {
    if (!Array.isArray(phrases) || phrases.some((p) => typeof p !== 'string' || p === '')) throw new RangeError('refused phrases are a list of non-empty texts');
    this.refused = [...phrases];
    return this.refusedPhrases();
  }

  refusedPhrases(): string[] {
    return [...this.refused];
  }

  setMsgidMode(mode: MsgidMode): MsgidMode {
    if (!MSGID_MODES.includes(mode)) throw new RangeError(`msgid mode is one of ${MSGID_MODES.join(', ')}`);
    this.mode = mode;
    return mode;
  }

  msgidMode(): MsgidMode {
    return this.mode;
  }

  /** The user tapped "accept" `count` times for this template: `count` more pushes are allowed. */
  grant(appId: string, openid: string, templateId: string, count: number): number {
    if (!openid) throw new RangeError('openid is required');
    if (!this.templates.has(templateId)) throw new RangeError(`template ${templateId} is not registered`);
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a whole number of at least 1');
    const key = grantKey(appId, openid, templateId);
    const remaining = (this.grants.get(key) ?? 0) + count;
    this.grants.set(key, remaining);
    return remaining;
  }

  remaining(appId: string, openid: string, templateId: string): number {
    return this.grants.get(grantKey(appId, openid, templateId)) ?? 0;
  }

  messages(filter: { touser?: string; templateId?: string } = {}): SentMessage[] {
    return this.sent
      .filter((m) => (filter.touser === undefined || m.touser === filter.touser) && (filter.templateId === undefined || m.templateId === filter.templateId))
      .map((m) => ({ ...m, data: { ...m.data } }));
  }

  reset(): void {
    this.templates.clear();
    for (const template of this.defaults.templates) this.register(template);
    this.grants.clear();
    this.sent.length = 0;
    this.refused = [...this.defaults.refusedPhrases];
    this.mode = this.defaults.msgidMode;
    this.successfulSends = 0;
  }

  send(appId: string, body: unknown): object {
    if (!isObject(body)) throw new WxFailure(Errcode.DataFormatError);
    const { touser, template_id: templateId, page } = body;
    if (typeof touser !== 'string' || !this.logins.isKnown(appId, touser)) throw new WxFailure(Errcode.InvalidOpenid);
    const template = typeof templateId === 'string' ? this.templates.get(templateId) : undefined;
    if (!template) throw new WxFailure(Errcode.InvalidTemplateId);

    const state = body.miniprogram_state ?? 'formal';
    if (!(MINIPROGRAM_STATES as readonly unknown[]).includes(state)) throw argumentInvalid('miniprogram_state invalid');
    const lang = body.lang ?? 'zh_CN';
    if (!(LANGS as readonly unknown[]).includes(lang)) throw argumentInvalid('lang invalid');
    if (page !== undefined && page !== '') {
      if (typeof page !== 'string') throw argumentInvalid('page invalid');
      // "41030 page 路径不正确，需要保证在现网版本小程序中存在": checked against the released pages for formal.
      const path = page.split('?')[0].replace(/^\//, '');
      if (state === 'formal' && !this.codes.isReleased(path)) throw new WxFailure(Errcode.InvalidPage);
    }
    const data = readData(template, body.data, this.refused);

    const key = grantKey(appId, touser, template.templateId);
    const remaining = this.grants.get(key) ?? 0;
    if (remaining <= 0) throw new WxFailure(Errcode.UserRefusedMessage);
    this.grants.set(key, remaining - 1);

    const msgid = this.nextMsgid++;
    // A double holds at most 17 significant digits, so a 19-digit id not ending in 00 never survives JSON.parse.
    if (this.nextMsgid % 100n === 0n) this.nextMsgid++;
    this.successfulSends += 1;
    const returned = this.mode === 'always' || (this.mode === 'alternate' && this.successfulSends % 2 === 1);
    this.sent.push({
      msgid: msgid.toString(),
      msgidReturned: returned,
      appId,
      touser,
      templateId: template.templateId,
      ...(typeof page === 'string' && page !== '' ? { page } : {}),
      data,
      miniprogramState: state as SentMessage['miniprogramState'],
      lang: lang as SentMessage['lang'],
      sentAt: new Date(this.clock.now()).toISOString(),
    });
    // A bigint: the answer is written with all 19 digits (see stringifyJson).
    return returned ? { errcode: 0, errmsg: 'ok', msgid } : { errcode: 0, errmsg: 'ok' };
  }
}

/**
 * `data` is `{ key: { value } }`; every field of the template must be there, valid for its kind. WeChat's messages
 * are kept word for word, its misspelling "is emtpy" included ("argument invalid! data.thing3.value is emtpy").
 */
function readData(template: TemplateDefinition, data: unknown, refusedPhrases: readonly string[]): Record<string, string> {
  if (!isObject(data)) throw argumentInvalid('data is empty');
  for (const key of Object.keys(data)) {
    if (!(key in template.fields)) throw argumentInvalid(`data.${key} is not a field of the template`);
  }
  const values: Record<string, string> = {};
  for (const [key, type] of Object.entries(template.fields)) {
    const entry = data[key];
    const raw = isObject(entry) ? entry.value : undefined;
    if (raw === undefined || raw === null || raw === '') throw argumentInvalid(`data.${key}.value is emtpy`);
    if (typeof raw !== 'string' && typeof raw !== 'number') throw argumentInvalid(`data.${key}.value invalid`);
    const value = String(raw);
    const valid =
      type === 'enum'
        ? (template.enums?.[key] ?? []).includes(value)
        : FIELD_RULES[type](value) && !(type === 'phrase' && refusedPhrases.includes(value));
    if (!valid) throw argumentInvalid(`data.${key}.value invalid`);
    values[key] = value;
  }
  return values;
}

const copyEnums = (enums: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(enums).map(([key, values]) => [key, [...values]]));
const copyTemplate = (t: TemplateDefinition): TemplateDefinition => ({ ...t, fields: { ...t.fields }, ...(t.enums ? { enums: copyEnums(t.enums) } : {}) });
const argumentInvalid = (what: string) => new WxFailure(Errcode.ArgumentInvalid, `argument invalid! ${what}`);
const grantKey = (appId: string, openid: string, templateId: string): string => `${appId}\u0000${openid}\u0000${templateId}`;
