import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ErrorCode, MOBILE_NUMBER, type PhoneNumberExchange } from '@hcp/contracts';
import { APP_CONFIG, APP_LOGGER } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { maskPhone } from '../../common/privacy/field-cipher.js';
import { CitizenEntity } from '../identity/entities/citizen.entity.js';
import type { CitizenPrincipal } from '../../common/authz/principal.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import { openPhoneToken, sealPhoneToken } from './phone-token.js';
import { RatingErrors } from './ratings.errors.js';

/**
 * Exchanges WeChat answers for one citizen in an hour: each answered call costs the product's daily quota. Calls WeChat
 * did not answer (busy, over its minute quota, down, timed out) are not counted: the citizen was told to tap again.
 */
export const PHONE_EXCHANGES_PER_CITIZEN_HOUR = 10;
const LIMIT_WINDOW_MS = 3600_000;
const LIMITER_MAX_ENTRIES = 10_000;

/**
 * The call-back number of a 差评 from WeChat's getPhoneNumber button. The code is exchanged the moment the citizen
 * taps (it is single use and dies after five minutes); the rating then carries the server's phone token, which
 * survives the offline queue. A number that cannot be had never costs the rating: it is stored without one.
 */
@Injectable()
export class PhoneNumbersService {
  private readonly exchanges = new Map<string, { since: number; count: number }>();
  private readonly log: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) logger: Logger,
    @InjectDataSource() private readonly db: DataSource,
    private readonly wechat: WechatClient,
  ) {
    this.log = logger.child({ module: 'phone-numbers' });
  }

  /** `POST /ratings/phone-number`: WeChat's number for this code, as a token for the rating and a masked copy. */
  async exchange(principal: CitizenPrincipal, code: string): Promise<PhoneNumberExchange> {
    const citizen = await this.db.getRepository(CitizenEntity).findOneByOrFail({ id: principal.citizenId });
    const { openid } = citizen;
    if (!openid || !this.wechat.isConfigured) throw RatingErrors.phoneCodeInvalid('请直接填写手机号');
    const phone = await this.counted(citizen.id, () => this.fromWechat(code, openid));
    if (!MOBILE_NUMBER.test(phone)) throw RatingErrors.phoneCodeInvalid('该手机号不是中国大陆手机号，暂不能用于回访，请不留手机号直接提交');
    const { token, expiresAt } = sealPhoneToken(phone, citizen.id, this.config.privacy.dataKey);
    return { phoneToken: token, maskedPhone: maskPhone(phone)!, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The number a rating names through a phone token (or, from older app versions, a raw code), or null when it
   * cannot be had (expired, another citizen's, refused by WeChat, WeChat unavailable): the rating goes on without it.
   */
  async fromRating(refs: { phoneToken?: string; phoneCode?: string }, citizen: CitizenEntity, citizenIds: readonly string[]): Promise<string | null> {
    if (refs.phoneToken) {
      const phone = openPhoneToken(refs.phoneToken, citizenIds, this.config.privacy.dataKey);
      if (!phone) this.log.info('a rating came with a phone token that is expired or not its own; stored without the number');
      return phone;
    }
    if (!refs.phoneCode || !citizen.openid || !this.wechat.isConfigured) return null;
    try {
      const phone = await this.fromWechat(refs.phoneCode, citizen.openid);
      return MOBILE_NUMBER.test(phone) ? phone : null;
    } catch {
      this.log.info('a rating came with a phone code WeChat did not exchange; stored without the number');
      return null;
    }
  }

  /** WeChat's -1 and 45011, timeouts and outages are "try again later" (503), anything else "this code is no good". */
  private async fromWechat(code: string, openid: string): Promise<string> {
    try {
      return await this.wechat.getPhoneNumber(code, openid);
    } catch (error) {
      if (error instanceof WechatApiError && !error.transient) throw RatingErrors.phoneCodeInvalid();
      throw RatingErrors.phoneUnavailable();
    }
  }

  /**
   * Runs one exchange within the citizen's hourly allowance (per server instance, the map bounded). The call takes its
   * place in the count before it is made, so parallel taps cannot pass the limit together, and gives it back when
   * WeChat did not answer.
   */
  private async counted<T>(citizenId: string, exchange: () => Promise<T>): Promise<T> {
    const now = Date.now();
    let entry = this.exchanges.get(citizenId);
    if (!entry || now - entry.since > LIMIT_WINDOW_MS) {
      if (this.exchanges.size >= LIMITER_MAX_ENTRIES) this.exchanges.clear();
      entry = { since: now, count: 0 };
      this.exchanges.set(citizenId, entry);
    }
    if (entry.count >= PHONE_EXCHANGES_PER_CITIZEN_HOUR) throw RatingErrors.phoneExchangeLimited(Math.max(1, Math.ceil((entry.since + LIMIT_WINDOW_MS - now) / 1000)));
    entry.count += 1;
    try {
      return await exchange();
    } catch (error) {
      // RATING_PHONE_UNAVAILABLE is `fromWechat`'s answer when WeChat gave none.
      const unanswered = error instanceof AppException && error.code === ErrorCode.RatingPhoneUnavailable;
      if (unanswered) entry.count -= 1;
      throw error;
    }
  }
}
