import type { ImportRowError } from '@hcp/contracts';

/** At most this many problems go back, and no more than `REPORT_MAX_BYTES` of them: the first ones by line. */
export const REPORT_MAX_ERRORS = 100;
const REPORT_MAX_BYTES = 10 * 1024;
/** Longest `field` and `message` of a problem: both may echo what the file holds (a header, a reference). */
export const REPORT_FIELD_CHARS = 40;
export const REPORT_MESSAGE_CHARS = 120;

/**
 * The problems to send back, sorted by line, each shortened, the list cut at `REPORT_MAX_ERRORS` or
 * `REPORT_MAX_BYTES`, whichever comes first; `errorCount` says how many there were when the list was cut: `total`,
 * when `errors` is itself a first part of them.
 */
export function shortErrorList(errors: ImportRowError[], total = errors.length): { errors: ImportRowError[]; errorCount?: number } {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const kept: ImportRowError[] = [];
  let bytes = 0;
  for (const error of sorted) {
    const short = { line: error.line, field: error.field === null ? null : shorten(error.field, REPORT_FIELD_CHARS), message: shorten(error.message, REPORT_MESSAGE_CHARS) };
    bytes += Buffer.byteLength(JSON.stringify(short));
    if (kept.length === REPORT_MAX_ERRORS || bytes > REPORT_MAX_BYTES) break;
    kept.push(short);
  }
  return kept.length < total ? { errors: kept, errorCount: total } : { errors: kept };
}

/** The text cut to `max` characters, the last one an ellipsis; a surrogate pair is never split. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1])) end -= 1;
  return `${text.slice(0, end)}…`;
}
