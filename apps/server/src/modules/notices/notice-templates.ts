import { NOTICE_KINDS, type NoticeKind } from '@hcp/contracts';
import { NOTICE_TEXT } from './notice-kinds.js';

/** What a template field is filled with. */
export type TemplateSource = 'caseNo' | 'status' | 'title' | 'body' | 'unit' | 'time' | 'date';
const SOURCES: readonly TemplateSource[] = ['caseNo', 'status', 'title', 'body', 'unit', 'time', 'date'];

/** The value kinds of subscribe-message fields this server fills (the key's prefix: `thing3`, `phrase2`…). */
type FieldType = 'thing' | 'phrase' | 'character_string' | 'time' | 'date';
const FIELD_KEY = /^(thing|phrase|character_string|time|date)\d{1,2}$/;

/** Which sources fit which field kind (a phrase takes only the status word; a character_string only the case number). */
const FITS: Readonly<Record<FieldType, readonly TemplateSource[]>> = {
  thing: ['title', 'body', 'unit', 'caseNo', 'status'],
  phrase: ['status'],
  character_string: ['caseNo'],
  time: ['time'],
  date: ['date', 'time'],
};

/** WeChat's limits ("参数值内容限制说明"): thing ≤ 20 characters, phrase ≤ 5 Chinese characters, character_string ≤ 32. */
export const THING_MAX = 20;
export const PHRASE_MAX = 5;
export const CHARACTER_STRING_MAX = 32;

export interface NoticeTemplate {
  templateId: string;
  /** Field key (as in the template's details on the WeChat console) → what fills it. */
  fields: Record<string, TemplateSource>;
}

export type NoticeTemplates = Partial<Record<NoticeKind, NoticeTemplate>>;

/**
 * Reads WECHAT_NOTICE_TEMPLATES: a JSON object from notice kind to `{ "templateId": "…", "fields": { "<key>":
 * "<source>" } }`. Kinds left out send no WeChat message (the in-app notice still appears). Returns the problems
 * found, each naming the kind and field, so that a wrong configuration stops the server at boot.
 */
export function parseNoticeTemplates(raw: string | undefined): { templates: NoticeTemplates; problems: string[] } {
  const problems: string[] = [];
  const templates: NoticeTemplates = {};
  if (raw === undefined) return { templates, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { templates, problems: ['WECHAT_NOTICE_TEMPLATES must be JSON: {"citizen_replied":{"templateId":"…","fields":{"thing1":"title"}}, …}'] };
  }
  if (!isObject(parsed)) return { templates, problems: ['WECHAT_NOTICE_TEMPLATES must be a JSON object from notice kind to template'] };
  for (const [kind, value] of Object.entries(parsed)) {
    const where = `WECHAT_NOTICE_TEMPLATES.${kind}`;
    if (!(NOTICE_KINDS as readonly string[]).includes(kind)) {
      problems.push(`${where}: unknown notice kind; kinds: ${NOTICE_KINDS.join(', ')}`);
      continue;
    }
    if (!isObject(value) || typeof value.templateId !== 'string' || !/^[\w-]{1,64}$/.test(value.templateId) || !isObject(value.fields)) {
      problems.push(`${where} must be {"templateId":"<id of up to 64 letters, digits, - or _>","fields":{"<key>":"<source>"}}`);
      continue;
    }
    const fields: Record<string, TemplateSource> = {};
    for (const [key, source] of Object.entries(value.fields)) {
      const type = FIELD_KEY.exec(key)?.[1] as FieldType | undefined;
      if (!type) problems.push(`${where}.fields.${key}: the key must be thing, phrase, character_string, time or date followed by its number`);
      else if (typeof source !== 'string' || !(SOURCES as readonly string[]).includes(source)) problems.push(`${where}.fields.${key}: the source is one of ${SOURCES.join(', ')}`);
      else if (!FITS[type].includes(source as TemplateSource)) problems.push(`${where}.fields.${key}: a ${type} field takes ${FITS[type].join(' or ')}`);
      else fields[key] = source as TemplateSource;
    }
    if (Object.keys(value.fields).length === 0) problems.push(`${where}.fields: name at least one field`);
    templates[kind as NoticeKind] = { templateId: value.templateId, fields };
  }
  return { templates, problems };
}

/** The distinct template ids of one audience's kinds, in the order of NOTICE_KINDS. */
export function templateIdsFor(templates: NoticeTemplates, audience: 'citizen' | 'staff'): string[] {
  const ids = NOTICE_KINDS.filter((k) => NOTICE_TEXT[k].audience === audience).map((k) => templates[k]?.templateId);
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

export interface NoticeContent {
  kind: NoticeKind;
  title: string;
  body: string;
  caseNo: string;
  unitName: string;
  createdAt: Date;
}

/** The `data` of the subscribe message for this notice: every field filled, within WeChat's limits. */
export function subscribeData(template: NoticeTemplate, notice: NoticeContent): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, source] of Object.entries(template.fields)) {
    const type = FIELD_KEY.exec(key)![1] as FieldType;
    data[key] = fit(type, valueOf(source, notice));
  }
  return data;
}

function valueOf(source: TemplateSource, n: NoticeContent): string {
  switch (source) {
    case 'caseNo':
      return n.caseNo;
    case 'status':
      return NOTICE_TEXT[n.kind].phrase;
    case 'title':
      return n.title;
    case 'body':
      return n.body;
    case 'unit':
      return n.unitName;
    case 'time':
      return chinaTime(n.createdAt);
    case 'date':
      return chinaTime(n.createdAt).slice(0, chinaTime(n.createdAt).indexOf(' '));
  }
}

function fit(type: FieldType, value: string): string {
  switch (type) {
    case 'thing':
      // One line: WeChat shows a thing on one line, and a blank one is refused.
      return truncate(value.replace(/\s+/g, ' ').trim(), THING_MAX) || '—';
    case 'phrase':
      return truncate(value, PHRASE_MAX, '');
    case 'character_string':
      return value.replace(/[^\x21-\x7e]/g, '').slice(0, CHARACTER_STRING_MAX) || '-';
    default:
      return value;
  }
}

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/**
 * `text` in at most `max` characters as WeChat counts them (Unicode code points), cut between characters as a reader
 * sees them (never inside a surrogate pair, nor between an emoji and its modifiers), ending with `ellipsis` when cut.
 */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if ([...text].length <= max) return text;
  const room = max - [...ellipsis].length;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = [...segment].length;
    if (used + size > room) break;
    out += segment;
    used += size;
  }
  return out + ellipsis;
}

/** `2026年11月30日 18:05`, China time (UTC+8): a `time` field's value. */
export function chinaTime(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
