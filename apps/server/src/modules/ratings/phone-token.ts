import { decryptField, encryptField } from '../../common/privacy/field-cipher.js';

/**
 * A phone number WeChat gave, held for the rating that will carry it. getPhoneNumber codes are single use and die
 * five minutes after the tap, so the mini-program exchanges the code at once and keeps this token instead, in the
 * offline queue if need be. The token is the number encrypted with DATA_ENCRYPTION_KEY (the phone cannot read it),
 * bound to the citizen who exchanged it, and honoured as long as a queued rating is believed (7 days).
 */
export const PHONE_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;
const PREFIX = 'pt1.';

interface Sealed {
  /** citizen id */
  c: string;
  /** phone number */
  p: string;
  /** expiry, ms since the epoch */
  e: number;
}

export function sealPhoneToken(phone: string, citizenId: string, key: Buffer, now = Date.now()): { token: string; expiresAt: Date } {
  const expiresAt = new Date(now + PHONE_TOKEN_TTL_MS);
  const sealed: Sealed = { c: citizenId, p: phone, e: expiresAt.getTime() };
  return { token: `${PREFIX}${encryptField(JSON.stringify(sealed), key)}`, expiresAt };
}

/** The number, when the token is genuine, unexpired and belongs to one of `citizenIds`; otherwise null. */
export function openPhoneToken(token: string, citizenIds: readonly string[], key: Buffer, now = Date.now()): string | null {
  if (!token.startsWith(PREFIX)) return null;
  let sealed: Partial<Sealed>;
  try {
    sealed = JSON.parse(decryptField(token.slice(PREFIX.length), key)) as Partial<Sealed>;
  } catch {
    return null;
  }
  if (typeof sealed.p !== 'string' || typeof sealed.c !== 'string' || typeof sealed.e !== 'number') return null;
  if (sealed.e <= now || !citizenIds.includes(sealed.c)) return null;
  return sealed.p;
}
