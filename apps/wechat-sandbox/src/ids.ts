import { randomBytes } from 'node:crypto';

const URL_SAFE = /[^A-Za-z0-9_-]/g;

/** `length` random characters of `[A-Za-z0-9_-]`. */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) out += randomBytes(length).toString('base64url').replace(URL_SAFE, '');
  return out.slice(0, length);
}

/** Shaped like WeChat's: 28 characters starting with `o` (e.g. `oB_hN41zbT1OvATDONK5LccFIwwA`). */
export const newOpenid = (): string => `o${randomToken(27)}`;
export const newUnionid = (): string => `o${randomToken(27)}`;
/** wx.login codes are 32 characters (e.g. `023MVZhy15eDoa0Et4iy1SLVhy1MVZhS`). */
export const newLoginCode = (): string => randomToken(32);
/** Phone-number codes are 64 hex digits. */
export const newPhoneCode = (): string => randomBytes(32).toString('hex');
/** session_key is 16 random bytes in base64. */
export const newSessionKey = (): string => randomBytes(16).toString('base64');
/** Access tokens look like `85_TyshEoLz…`: a number, an underscore, and a long opaque string. */
export const newAccessToken = (serial: number): string => `${serial}_${randomToken(120)}`;
export const ACCESS_TOKEN_SHAPE = /^\d+_[A-Za-z0-9_-]{20,}$/;
export const newTraceId = (nowMs: number): string =>
  `${Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
