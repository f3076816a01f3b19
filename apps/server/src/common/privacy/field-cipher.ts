import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Personal data at rest (a rater's call-back number): AES-256-GCM with a random IV per value, stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). The version prefix lets the key or scheme change later.
 */
export function encryptField(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptField(stored: string, key: Buffer): string {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown field encryption format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** A keyed hash: equal inputs match, but the input cannot be recovered or guessed from a list without the key. */
export function keyedHash(value: string, key: Buffer): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

/** 138****8000: how a phone number appears wherever the whole number is not needed. */
export function maskPhone(phone: string | null): string | null {
  return phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : null;
}

/** How a phone number is kept: encrypted, masked for display, and a keyed hash for matching. */
export interface SealedPhone {
  enc: string | null;
  masked: string | null;
  hash: string | null;
}

export function sealPhone(phone: string | null, key: Buffer): SealedPhone {
  if (!phone) return { enc: null, masked: null, hash: null };
  return { enc: encryptField(phone, key), masked: maskPhone(phone), hash: keyedHash(phone, key) };
}
