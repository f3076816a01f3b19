import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CURRENT_TAG_TABLE, RatingChannel, isBadRating, type MyRating, type Paged, type RatingReceipt, type RecentRating } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { keyedHash, sealPhone } from '../../common/privacy/field-cipher.js';
import { ScanService } from '../catalog/scan.service.js';
import { CasesService, type CaseBrief } from '../cases/cases.service.js';

import { DutyService } from '../duty/duty.service.js';
import { CitizenEntity } from '../identity/entities/citizen.entity.js';
import type { CitizenPrincipal } from '../../common/authz/principal.js';
import { WechatClient } from '../wechat/wechat.client.js';
import type { CreateRatingDto } from './dto/create-rating.dto.js';
import { RatingEntity, type CommentCheck } from './entities/rating.entity.js';
import { PhoneNumbersService } from './phone-numbers.service.js';
import { fraudSignals, type RatingFlag } from './rating-signals.js';
import { RatingErrors } from './ratings.errors.js';

/**
 * Rating time. `ratedAt` comes from the phone, so it is believed only as far as it is plausible:
 * - within CLOCK_TOLERANCE_MS of receipt (clocks differ a little): the rating's time;
 * - earlier, from the phone's offline queue (`queued`), up to QUEUE_PLAUSIBLE_MS: the rating's time (kept offline);
 * - earlier from the offline queue than that: stored, flagged `late_upload`, nobody credited (who served is unknown);
 * - earlier without the queue: stored, flagged `backdated`; the staff member on duty at receipt is credited.
 * The one-rating rule is applied by both clocks, so a backdated time never opens room for another rating.
 */
const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;
const QUEUE_PLAUSIBLE_MS = 7 * 24 * 3600 * 1000;

interface RatingTime {
  ratedAt: Date;
  /** Whose shift the rating is credited to, or null when that cannot be told. */
  dutyAt: Date | null;
  flags: RatingFlag[];
}

export interface RatingOutcome {
  receipt: RatingReceipt;
  /** False when the clientId had been seen: the same rating is returned, nothing new stored. */
  created: boolean;
}

@Injectable()
export class RatingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly duty: DutyService,
    private readonly scan: ScanService,
    private readonly cases: CasesService,
    private readonly wechat: WechatClient,
    private readonly phones: PhoneNumbersService,
  ) {}

  async create(principal: CitizenPrincipal, dto: CreateRatingDto, clientIp: string | undefined): Promise<RatingOutcome> {
    const citizen = await this.db.getRepository(CitizenEntity).findOneByOrFail({ id: principal.citizenId });
    const seen = await this.existing(dto.clientId, citizen.id);
    if (seen) return { receipt: seen, created: false };

    // Only the code hanging at the window now can be rated: a rotated code's scene is refused (SCAN_UNKNOWN, retired).
    const { window } = await this.scan.rateableWindow({ scene: dto.scene });
    const tagsOfOtherLevels = dto.tagCodes.filter((code) => !CURRENT_TAG_TABLE.tags.some((t) => t.code === code && t.level === dto.level));
    if (tagsOfOtherLevels.length) throw RatingErrors.tagInvalid(tagsOfOtherLevels);
    const serviceItem = dto.serviceItemCode ? window.serviceItems?.find((s) => s.code === dto.serviceItemCode && s.active) : undefined;
    if (dto.serviceItemCode && !serviceItem) throw RatingErrors.serviceItemInvalid();
    const bad = isBadRating(dto.level);
    if ((dto.contactPhone || dto.phoneToken || dto.phoneCode) && !bad) throw RatingErrors.contactNotAllowed();
    const time = this.ratingTime(dto.ratedAt, dto.queued === true);
    const key = this.config.privacy.dataKey;
    const ipHash = clientIp ? keyedHash(clientIp, key) : null;
    // Checked again, authoritatively, inside the transaction; this early look spares WeChat the calls below.
    await this.enforceRateLimits(this.db.manager, await this.citizenIds(citizen.id), ipHash);
    const contactPhone = dto.contactPhone ?? (await this.phones.fromRating(dto, citizen, await this.citizenIds(citizen.id)));
    const phone = sealPhone(contactPhone, key);
    const comment = dto.comment?.trim() || null;
    const commentCheck = comment ? await this.checkComment(citizen, comment) : 'none';

    const outcome = await this.db.transaction(async (m) => {
      // One citizen's ratings one at a time: the rate limit and the one-rating rule cannot be raced.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rating:${citizen.id}`]);
      const again = await this.existing(dto.clientId, citizen.id, m);
      if (again) return { receipt: again, created: false };
      const ids = await this.citizenIds(citizen.id, m);
      await this.enforceRateLimits(m, ids, ipHash);
      await this.refuseDuplicate(m, ids, window.id, time.ratedAt);

      const onDuty = time.dutyAt ? await this.duty.onDutyAt(window.id, time.dutyAt, m) : null;
      const flags: RatingFlag[] = await fraudSignals(m, {
        citizenId: citizen.id,
        deviceId: citizen.deviceId,
        windowId: window.id,
        level: dto.level,
        ratedAt: time.ratedAt,
        onDuty,
        contactPhoneHash: phone.hash,
      });
      if (commentCheck === 'risky') flags.push('risky_comment');
      if (commentCheck === 'review') flags.push('review_comment');
      flags.push(...time.flags);

      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(RatingEntity)
        .values({
          clientId: dto.clientId,
          citizenId: citizen.id,
          windowId: window.id,
          hallId: window.hallId,
          unitId: window.unitId,
          staffId: onDuty?.staffId ?? null,
          serviceItemId: serviceItem?.id ?? null,
          level: dto.level,
          tagCodes: dto.tagCodes,
          tagVersion: CURRENT_TAG_TABLE.version,
          comment,
          commentCheck,
          commentHidden: commentCheck === 'risky',
          channel: dto.channel ?? RatingChannel.QrCode,
          ratedAt: time.ratedAt,
          queued: dto.queued === true,
          contactPhoneEnc: phone.enc,
          contactPhoneMasked: phone.masked,
          ipHash,
          flags,
          flagStatus: flags.length ? 'pending' : 'none',
        })
        .orIgnore()
        .returning(['id', 'receivedAt'])
        .execute();
      const row = inserted.raw[0] as { id: string; received_at: Date } | undefined;
      if (!row) return null; // the same clientId committed by a concurrent request: answer with that one

      const opened = bad
        ? await this.cases.openForRating(m, {
            id: row.id,
            windowUnitId: window.unitId,
            windowId: window.id,
            hallId: window.hallId,
            serviceItemCode: serviceItem?.code ?? null,
            citizenId: citizen.id,
            receivedAt: row.received_at,
            hasContact: contactPhone !== null,
          })
        : null;
      return { receipt: toReceipt(row.id, dto.level, opened), created: true };
    });
    if (outcome) return outcome;
    const winner = await this.existing(dto.clientId, citizen.id);
    if (!winner) throw RatingErrors.clientIdReused();
    return { receipt: winner, created: false };
  }

  /** The citizen's own ratings (including those made as a browser device later linked to WeChat), newest first. */
  async mine(principal: CitizenPrincipal, page = 1, pageSize = 20): Promise<Paged<MyRating>> {
    const ids = await this.citizenIds(principal.citizenId);
    const [rows, total] = await this.db.getRepository(RatingEntity).findAndCount({
      where: { citizenId: In(ids) },
      relations: MY_RATING_RELATIONS,
      order: { ratedAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const cases = await this.cases.briefsForRatings(this.db.manager, rows.map((r) => r.id));
    return { total, items: rows.map((r) => toMyRating(r, cases.get(r.id))) };
  }

  /**
   * The citizen's rating of the window with this scene that a new rating now would be refused for (一次一评), so the
   * rating page can say so before the citizen writes anything. A scene that names no window has none.
   */
  async recentAtWindow(principal: CitizenPrincipal, scene: string): Promise<RecentRating> {
    const minutes = this.config.ratings.duplicateMinutes;
    const none: RecentRating = { rating: null, periodMinutes: minutes, ratableAgainAt: null };
    if (minutes === 0) return none;
    const windowId = await this.scan.windowIdForScene(scene);
    if (!windowId) return none;
    const earlier = await this.earlierWithinPeriod(this.db.manager, await this.citizenIds(principal.citizenId), windowId, new Date());
    if (!earlier) return none;
    const row = await this.db.getRepository(RatingEntity).findOneOrFail({ where: { id: earlier.id }, relations: MY_RATING_RELATIONS });
    const brief = (await this.cases.briefsForRatings(this.db.manager, [row.id])).get(row.id);
    const blockedFrom = Math.max(row.ratedAt.getTime(), row.receivedAt.getTime());
    return { rating: toMyRating(row, brief), periodMinutes: minutes, ratableAgainAt: new Date(blockedFrom + minutes * 60_000).toISOString() };
  }

  /** Inside a transaction pass its manager: a second pooled connection per request could exhaust the pool. */
  private async citizenIds(citizenId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const merged = await m.find(CitizenEntity, { where: { mergedIntoId: citizenId }, select: { id: true } });
    return [citizenId, ...merged.map((c) => c.id)];
  }

  /** The receipt of the rating with this clientId, if the citizen made it; 409 if someone else did. */
  private async existing(clientId: string, citizenId: string, m: EntityManager = this.db.manager): Promise<RatingReceipt | null> {
    const rating = await m.findOne(RatingEntity, { where: { clientId } });
    if (!rating) return null;
    if (!(await this.citizenIds(citizenId, m)).includes(rating.citizenId)) throw RatingErrors.clientIdReused();
    const c = (await this.cases.briefsForRatings(m, [rating.id])).get(rating.id) ?? null;
    return toReceipt(rating.id, rating.level, c);
  }

  private ratingTime(claimed: string | undefined, queued: boolean): RatingTime {
    const now = Date.now();
    if (!claimed) return { ratedAt: new Date(now), dutyAt: new Date(now), flags: [] };
    const t = Date.parse(claimed);
    if (Number.isNaN(t) || t > now + CLOCK_TOLERANCE_MS) throw RatingErrors.ratedAtInvalid();
    const ratedAt = new Date(Math.min(t, now));
    const delay = now - ratedAt.getTime();
    if (delay <= CLOCK_TOLERANCE_MS) return { ratedAt, dutyAt: ratedAt, flags: [] };
    if (!queued) return { ratedAt, dutyAt: new Date(now), flags: ['backdated'] };
    if (delay <= QUEUE_PLAUSIBLE_MS) return { ratedAt, dutyAt: ratedAt, flags: [] };
    return { ratedAt, dutyAt: null, flags: ['late_upload'] };
  }

  /** Counted inside the citizen's serialised section, so parallel requests cannot pass the limit together. */
  private async enforceRateLimits(m: EntityManager, citizenIds: string[], ipHash: string | null): Promise<void> {
    const since = new Date(Date.now() - 3600_000);
    const byCitizen = await m.createQueryBuilder(RatingEntity, 'r').where('r.citizen_id IN (:...citizenIds) AND r.received_at >= :since', { citizenIds, since }).getCount();
    if (byCitizen >= this.config.ratings.perCitizenPerHour) throw RatingErrors.rateLimited();
    if (ipHash) {
      // Per address the count is not serialised (that would queue a whole hall's Wi-Fi behind one lock): requests in
      // flight at the same moment may pass it by their number, which is harmless at a limit of thousands.
      const byIp = await m.createQueryBuilder(RatingEntity, 'r').where('r.ip_hash = :ipHash AND r.received_at >= :since', { ipHash, since }).getCount();
      if (byIp >= this.config.ratings.perIpPerHour) throw RatingErrors.rateLimited();
    }
  }

  /**
   * 一次一评: one rating per service. A second rating by the same citizen at the same window is refused when it lies
   * within the period of an earlier one by the phone's clock (`ratedAt`) or by ours (an earlier one received lately).
   */
  private async refuseDuplicate(m: EntityManager, citizenIds: string[], windowId: string, ratedAt: Date): Promise<void> {
    const earlier = await this.earlierWithinPeriod(m, citizenIds, windowId, ratedAt);
    if (earlier) throw RatingErrors.duplicate(earlier.id, this.config.ratings.duplicateMinutes);
  }

  /** The latest rating of this window by these citizens that a rating made at `ratedAt` would repeat; null when none. */
  private async earlierWithinPeriod(m: EntityManager, citizenIds: string[], windowId: string, ratedAt: Date): Promise<RatingEntity | null> {
    const minutes = this.config.ratings.duplicateMinutes;
    if (minutes === 0) return null;
    const span = minutes * 60_000;
    return m
      .createQueryBuilder(RatingEntity, 'r')
      .where('r.citizen_id IN (:...citizenIds) AND r.window_id = :windowId', { citizenIds, windowId })
      .andWhere('((r.rated_at > :from AND r.rated_at < :to) OR r.received_at > :receivedSince)', {
        from: new Date(ratedAt.getTime() - span),
        to: new Date(ratedAt.getTime() + span),
        receivedSince: new Date(Date.now() - span),
      })
      .orderBy('r.received_at', 'DESC')
      .getOne();
  }

  /**
   * WeChat's content check needs the writer's openid, so it runs for WeChat citizens; a browser comment, or one
   * written while WeChat does not answer, is stored as `unchecked` (it is never lost for want of a check).
   */
  private async checkComment(citizen: CitizenEntity, content: string): Promise<CommentCheck> {
    if (!citizen.openid || !this.wechat.isConfigured) return 'unchecked';
    try {
      return await this.wechat.checkText({ openid: citizen.openid, content });
    } catch {
      return 'unchecked';
    }
  }
}

const MY_RATING_RELATIONS = { window: true, hall: true, unit: true, serviceItem: true } as const;

/** A rating as 我的评价 shows it; the row comes with MY_RATING_RELATIONS. */
function toMyRating(r: RatingEntity, c: CaseBrief | undefined): MyRating {
  return {
    id: r.id,
    createdAt: r.ratedAt.toISOString(),
    level: r.level as MyRating['level'],
    tagCodes: r.tagCodes,
    tagVersion: r.tagVersion,
    comment: r.comment,
    window: { number: r.window!.number, name: r.window!.name },
    hall: { name: r.hall!.name },
    unit: { name: r.unit!.name },
    serviceItem: r.serviceItem ? { code: r.serviceItem.code, name: r.serviceItem.name } : null,
    case: c ? { id: c.id, caseNo: c.caseNo, state: c.state, callbackDueAt: c.callbackDueAt.toISOString(), replyDueAt: c.replyDueAt.toISOString() } : null,
  };
}

/** What the thank-you page shows: the rating, and for a 差评 its case number and deadlines. */
function toReceipt(id: string, level: number, opened: Pick<CaseBrief, 'id' | 'caseNo' | 'callbackDueAt' | 'replyDueAt' | 'hasContact'> | null): RatingReceipt {
  const receipt: RatingReceipt = { id, level: level as RatingReceipt['level'] };
  if (opened) {
    Object.assign(receipt, {
      caseId: opened.id,
      caseNo: opened.caseNo,
      callbackDueAt: opened.callbackDueAt.toISOString(),
      replyDueAt: opened.replyDueAt.toISOString(),
      callbackExpected: opened.hasContact,
    });
  }
  return receipt;
}
