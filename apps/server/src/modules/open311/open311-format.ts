/**
 * The two formats of GeoReport v2. JSON: arrays of flat objects. XML: a root element holding one element per item
 * (`services`/`service`, `service_requests`/`request`, `service_request_updates`/`request_update`, `errors`/`error`),
 * each field a child element, empty when there is no value.
 */
export type Open311Format = 'json' | 'xml';

export type Open311Value = string | number | boolean | null | undefined | readonly string[] | Open311Record | readonly Open311Record[];
export interface Open311Record {
  [field: string]: Open311Value;
}

/** Element and list names for XML: a list field's items are wrapped in the singular (`formats`/`format`). */
const XML_ITEM_NAMES: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** XML 1.0 admits no control characters but tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function xmlElement(name: string, value: Open311Value): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = XML_ITEM_NAMES[name] ?? 'item';
    return `<${name}>${(value as readonly (string | Open311Record)[]).map((v) => (typeof v === 'string' ? xmlElement(item, v) : xmlRecord(item, v))).join('')}</${name}>`;
  }
  if (typeof value === 'object') return xmlRecord(name, value as Open311Record);
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function xmlRecord(name: string, record: Open311Record): string {
  return `<${name}>${Object.entries(record)
    .map(([field, value]) => xmlElement(field, value))
    .join('')}</${name}>`;
}

/** A list of items under a root element, e.g. `<services><service>…</service></services>`. */
export function xmlList(root: string, item: string, records: readonly Open311Record[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${records.map((r) => xmlRecord(item, r)).join('')}</${root}>`;
}

/** One document, e.g. `<discovery>…</discovery>` or `<service_definition>…</service_definition>`. */
export function xmlDocument(root: string, record: Open311Record): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlRecord(root, record)}`;
}

/** China time (UTC+8, no daylight saving) in W3C date-time form with its offset: 2026-11-30T21:05:00+08:00. */
export function w3cDateTime(at: Date | null | undefined): string | null {
  if (!at) return null;
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const W3C_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * A W3C date-time as clients send it (`2026-11-30T08:00:00+08:00`, `…Z`, `…+0800`), or a bare date (the start of
 * that day, China time). Null when it is not one, or not a real instant.
 */
export function parseW3cDateTime(text: string): Date | null {
  const m = W3C_INPUT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone = '+08:00'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const fraction = /\.(\d{1,3})/.exec(text.slice(19))?.[1] ?? '0';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction.padEnd(3, '0')}${offset}`);
  if (Number.isNaN(date.getTime()) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  // Date() rolls 31 February into March: a date that does not exist is refused.
  const local = new Date(date.getTime() + (offset === 'Z' ? 0 : offsetMinutes(offset)) * 60_000);
  if (local.getUTCDate() !== Number(d)) return null;
  return date;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}
