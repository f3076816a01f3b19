export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BIGINT_MARK = '\u0000bigint:';
// JSON.stringify writes the mark's NUL as the escape \u0000 inside the quoted string it produces.
const BIGINT_TEXT = /"\\u0000bigint:(-?\d+)"/g;

/**
 * JSON text in which `bigint` values are written as plain numbers with every digit, as WeChat writes 64-bit ids
 * (a subscribe message's `msgid`). A client that reads them with `JSON.parse` gets a rounded number.
 */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v)).replace(BIGINT_TEXT, '$1');
}
