import { MINUTE, type Clock } from './clock.js';
import { Errcode, WxFailure } from './errcodes.js';
import { newOpenid, newPhoneCode } from './ids.js';
import { isObject } from './util.js';

/**
 * getPhoneNumber: "每个code只能使用一次，code的有效期为5min". The five minutes run from when the code was issued (the user
 * tapped the button), not from when the user confirmed the number: developers report 40029 after a user left the
 * dialog open for over five minutes.
 */
export const PHONE_CODE_TTL_MS = 5 * MINUTE;

export interface PhoneCodeGrant {
  code: string;
  appId: string;
  /** The user the code belongs to (checked when the request names an `openid`). */
  openid: string;
  /** Milliseconds since the epoch (on the sandbox's clock). */
  expiresAt: number;
}

export interface IssuePhoneCodeOptions {
  appId?: string;
  /** Without the plus sign; default `86`. */
  countryCode?: string;
  /** The user who tapped the button; a new random openid when absent (every code belongs to some user). */
  openid?: string;
}

interface PendingPhone {
  appId: string;
  openid: string;
  purePhoneNumber: string;
  countryCode: string;
  expiresAt: number;
  used: boolean;
}

/** Codes from `<button open-type="getPhoneNumber">`, exchanged by POST /wxa/business/getuserphonenumber. */
export class PhoneNumbers {
  private readonly codes = new Map<string, PendingPhone>();

  constructor(private readonly clock: Clock) {}

  issue(appId: string, phoneNumber: string, countryCode = '86', openid = newOpenid()): PhoneCodeGrant {
    if (!/^\d{1,4}$/.test(countryCode)) throw new RangeError('countryCode is 1–4 digits without the plus sign, e.g. 86');
    const pure = phoneNumber.replace(/^\+86[\s-]?/, '');
    if (countryCode === '86' ? !/^1\d{10}$/.test(pure) : !/^\d{4,15}$/.test(pure)) {
      throw new RangeError('phoneNumber must be an 11-digit mainland mobile number such as 13800138000 (or 4–15 digits with another countryCode)');
    }
    const code = newPhoneCode();
    const expiresAt = this.clock.now() + PHONE_CODE_TTL_MS;
    this.codes.set(code, { appId, openid, purePhoneNumber: pure, countryCode, expiresAt, used: false });
    return { code, appId, openid, expiresAt };
  }

  exchange(appId: string, body: unknown): object {
    if (!isObject(body)) throw new WxFailure(Errcode.DataFormatError);
    if (typeof body.code !== 'string' || body.code === '') throw new WxFailure(Errcode.CodeMissing);
    const pending = this.codes.get(body.code);
    const now = this.clock.now();
    if (!pending || pending.used || pending.appId !== appId || pending.expiresAt <= now) throw new WxFailure(Errcode.InvalidCode);
    // "openid：用户openid，填入后会校验openid和code的绑定关系". WeChat documents no code for a mismatch; the sandbox
    // answers 40029 (the code is not valid for this user) and leaves the code unused, as for any refused code.
    if (body.openid !== undefined && body.openid !== '') {
      if (typeof body.openid !== 'string') throw new WxFailure(Errcode.DataFormatError);
      if (body.openid !== pending.openid) throw new WxFailure(Errcode.InvalidCode);
    }
    pending.used = true;
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        // "用户绑定的手机号（国外手机号会有区号）".
        phoneNumber: pending.countryCode === '86' ? pending.purePhoneNumber : `+${pending.countryCode}${pending.purePhoneNumber}`,
        purePhoneNumber: pending.purePhoneNumber,
        countryCode: pending.countryCode,
        watermark: { timestamp: Math.floor(now / 1000), appid: appId },
      },
    };
  }

  reset(): void {
    this.codes.clear();
  }
}
