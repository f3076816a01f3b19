import { ExportErrors } from './exports.errors.js';

/**
 * Where a reader of the national export stands: every rating line at or before (`txid`, `ratingId`) in commit order
 * has been sent. It travels as opaque base64url JSON and carries the period it was issued for, so a reader cannot
 * move one period's position onto another. A forged cursor only moves the reader within data it may read anyway.
 */
export interface NationalCursor {
  txid: bigint;
  ratingId: string;
  from: string | null;
  to: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Below every rating id (none is the nil uuid): a position before a transaction's first line. */
export const FIRST_UUID = '00000000-0000-0000-0000-000000000000';
/** The largest transaction id a cursor may carry (PostgreSQL's are 64-bit, far below this for ages). */
const MAX_TXID = (1n << 62n) - 1n;

export function startCursor(from: string | null, to: string | null): NationalCursor {
  return { txid: 0n, ratingId: FIRST_UUID, from, to };
}

export function encodeCursor(c: NationalCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, t: c.txid.toString(), r: c.ratingId, f: c.from, u: c.to }), 'utf8').toString('base64url');
}

/** The cursor in `text`, or a 400 EXPORT_CURSOR_INVALID for anything this server did not issue. */
export function decodeCursor(text: string): NationalCursor {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(text)) throw ExportErrors.cursorInvalid();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw ExportErrors.cursorInvalid();
  }
  if (typeof raw !== 'object' || raw === null) throw ExportErrors.cursorInvalid();
  const { v, t, r, f, u } = raw as Record<string, unknown>;
  const day = (d: unknown) => d === null || (typeof d === 'string' && DAY.test(d));
  if (v !== 1 || typeof t !== 'string' || !/^\d{1,19}$/.test(t) || typeof r !== 'string' || !UUID.test(r) || !day(f) || !day(u)) throw ExportErrors.cursorInvalid();
  const txid = BigInt(t);
  if (txid > MAX_TXID) throw ExportErrors.cursorInvalid();
  return { txid, ratingId: r, from: f as string | null, to: u as string | null };
}
