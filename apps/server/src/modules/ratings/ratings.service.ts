import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityNotFoundError, In, type EntityManager } from 'typeorm';
import { CURRENT_TAG_TABLE, RatingChannel, isBadRating, type MyRating, type Paged, type RatingReceipt, type RecentRating } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { keyedHash, sealPhone } from '../../common/privacy/field-cipher.js';
import { pgPool } from '../../database/pg-pool.js';
import { ScanService, type RateableWindow } from '../catalog/scan.service.js';
import { CasesService, type CaseBrief } from '../cases/cases.service.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import { CitizenEntity } from '../identity/entities/citizen.entity.js';
import type { CitizenPrincipal } from '../../common/authz/principal.js';
import { WechatClient } from '../wechat/wechat.client.js';
import type { CreateRatingDto } from './dto/create-rating.dto.js';
import type { ServiceItemEntity } from '../catalog/entities/service-item.entity.js';
import type { WindowEntity } from '../catalog/entities/window.entity.js';
import { RatingEntity, type CommentCheck } from './entities/rating.entity.js';
import { PhoneNumbersService } from './phone-numbers.service.js';
import { IngestBatcher, ingestRating, ingestTarget, type IngestRequest } from './rating-ingest.js';
import type { RatingFlag } from './rating-signals.js';
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
    private readonly scan: ScanService,
    private readonly cases: CasesService,
    private readonly wechat: WechatClient,
    private readonly phones: PhoneNumbersService,
  ) {}

  private batching?: IngestBatcher;

  /** One group-commit queue per server process, on the data source's pool (made at first use: the pool exists then). */
  private batcher(): IngestBatcher {
    this.batching ??= new IngestBatcher(pgPool(this.db), {
      maxBatch: this.config.ratings.batchMax,
      inFlight: this.config.ratings.batchInFlight,
      maxWaitMs: this.config.database.connectTimeoutMs,
    });
    return this.batching;
  }

  async create(principal: CitizenPrincipal, dto: CreateRatingDto, clientIp: string | undefined): Promise<RatingOutcome> {
    // The common rating (no comment, no number from WeChat) at a window this server holds in memory: one round trip,
    // the write itself, which first checks that the catalog has not changed since the window was read ('stale').
    // Anything the held window would refuse, or a stale one, takes the full path below, which decides afresh.
    const held = dto.comment?.trim() || dto.phoneToken || dto.phoneCode ? undefined : this.scan.heldWindow(dto.scene);
    const quick = held && this.acceptable(held.value, dto);
    if (held && quick) {
      const { window, hall } = held.value;
      const outcome = await this.write({ citizenId: principal.citizenId, dto, window, hallRegionCode: hall.regionCode, ...quick, contactPhone: dto.contactPhone ?? null }, {
        comment: null,
        commentCheck: 'none',
        clientIp,
        catalogVersion: held.version,
      });
      if (outcome) return outcome;
    }

    // One round trip: the citizen, the ids merged into it, a rating with this clientId if any, the catalog's version.
    const ahead = await this.ahead(principal.citizenId, dto.clientId);
    const { citizen, citizenIds } = ahead;
    if (ahead.seen) {
      if (!citizenIds.includes(ahead.seen.citizenId)) throw RatingErrors.clientIdReused();
      return { receipt: await this.receiptOf(ahead.seen.id, ahead.seen.level), created: false };
    }

    // Only the code hanging at the window now can be rated: a rotated code's scene is refused (SCAN_UNKNOWN, retired).
    const { window, hall } = await this.scan.rateableWindow({ scene: dto.scene }, ahead.catalogVersion);
    const tagsOfOtherLevels = dto.tagCodes.filter((code) => !CURRENT_TAG_TABLE.tags.some((t) => t.code === code && t.level === dto.level));
    if (tagsOfOtherLevels.length) throw RatingErrors.tagInvalid(tagsOfOtherLevels);
    const serviceItem = dto.serviceItemCode ? window.serviceItems?.find((s) => s.code === dto.serviceItemCode && s.active) : undefined;
    if (dto.serviceItemCode && !serviceItem) throw RatingErrors.serviceItemInvalid();
    const bad = isBadRating(dto.level);
    if ((dto.contactPhone || dto.phoneToken || dto.phoneCode) && !bad) throw RatingErrors.contactNotAllowed();
    const time = this.ratingTime(dto.ratedAt, dto.queued === true);
    const ipHash = clientIp ? keyedHash(clientIp, this.config.privacy.dataKey) : null;
    const comment = dto.comment?.trim() || null;
    // Checked again, authoritatively, inside the write; this early look spares WeChat the calls below when they are made.
    const asksWechat = !!citizen.openid && this.wechat.isConfigured && (!!comment || (!!dto.phoneCode && !dto.contactPhone && !dto.phoneToken));
    if (asksWechat) await this.enforceRateLimits(citizenIds, ipHash);
    const contactPhone = dto.contactPhone ?? (await this.phones.fromRating(dto, citizen, citizenIds));
    const commentCheck = comment ? await this.checkComment(citizen, comment) : 'none';
    const outcome = await this.write(
      { citizenId: citizen.id, dto, window, hallRegionCode: hall.regionCode, serviceItem, time, contactPhone },
      { comment, commentCheck, clientIp, catalogVersion: null },
    );
    return outcome!;
  }

  /**
   * The checks of a rating against a window held in memory, without a query: what the write needs when they all pass,
   * null when any fails (the full path then decides, with the window read afresh, in the usual order of answers).
   */
  private acceptable({ window, hall, unit }: RateableWindow, dto: CreateRatingDto): { serviceItem: ServiceItemEntity | undefined; time: RatingTime } | null {
    if (!window.active || !hall.active || !unit.active) return null;
    if (!dto.tagCodes.every((code) => CURRENT_TAG_TABLE.tags.some((t) => t.code === code && t.level === dto.level))) return null;
    const serviceItem = dto.serviceItemCode ? window.serviceItems?.find((s) => s.code === dto.serviceItemCode && s.active) : undefined;
    if (dto.serviceItemCode && !serviceItem) return null;
    if (dto.contactPhone && !isBadRating(dto.level)) return null;
    try {
      return { serviceItem, time: this.ratingTime(dto.ratedAt, dto.queued === true) };
    } catch {
      return null;
    }
  }

  /**
   * The write (`rating_ingest`) and, for a 差评, its case in the same transaction; the outcome answered as the API
   * says. Null only when `catalogVersion` was given and the catalog changed since (nothing written).
   */
  private async write(
    r: {
      citizenId: string;
      dto: CreateRatingDto;
      window: WindowEntity;
      hallRegionCode: string;
      serviceItem: ServiceItemEntity | undefined;
      time: RatingTime;
      contactPhone: string | null;
    },
    o: { comment: string | null; commentCheck: CommentCheck; clientIp: string | undefined; catalogVersion: string | null },
  ): Promise<RatingOutcome | null> {
    const { dto, window, serviceItem, time, contactPhone } = r;
    const key = this.config.privacy.dataKey;
    const extraFlags: RatingFlag[] = [];
    if (o.commentCheck === 'risky') extraFlags.push('risky_comment');
    if (o.commentCheck === 'review') extraFlags.push('review_comment');
    extraFlags.push(...time.flags);
    const request: IngestRequest = {
      clientId: dto.clientId,
      citizenId: r.citizenId,
      windowId: window.id,
      hallId: window.hallId,
      unitId: window.unitId,
      serviceItemId: serviceItem?.id ?? null,
      level: dto.level,
      tagCodes: dto.tagCodes,
      tagVersion: CURRENT_TAG_TABLE.version,
      comment: o.comment,
      commentCheck: o.commentCheck,
      channel: dto.channel ?? RatingChannel.QrCode,
      ratedAt: time.ratedAt,
      dutyAt: time.dutyAt,
      queued: dto.queued === true,
      phone: sealPhone(contactPhone, key),
      ipHash: o.clientIp ? keyedHash(o.clientIp, key) : null,
      extraFlags,
      now: new Date(),
      limits: this.config.ratings,
      catalogVersion: o.catalogVersion,
    };

    // A good rating is one statement, its own transaction, grouped with others under load (group commit); a 差评 opens
    // its case in the same transaction as its write.
    let opened: CaseEntity | null = null;
    const outcome = isBadRating(dto.level)
      ? await this.db.transaction(async (m) => {
          const row = await ingestRating(await ingestTarget(m), request);
          if (row.outcome !== 'created') return row;
          opened = await this.cases.openForRating(m, {
            id: row.id,
            windowUnitId: window.unitId,
            windowId: window.id,
            hallId: window.hallId,
            hallRegionCode: r.hallRegionCode,
            serviceItemCode: serviceItem?.code ?? null,
            citizenId: r.citizenId,
            receivedAt: row.receivedAt,
            hasContact: contactPhone !== null,
          });
          return row;
        })
      : await this.batcher().ingest(request);

    switch (outcome.outcome) {
      case 'created':
        return { receipt: toReceipt(outcome.id, dto.level, opened), created: true };
      case 'stale':
        return null;
      case 'no_citizen':
        throw new EntityNotFoundError(CitizenEntity, { id: r.citizenId });
      case 'seen':
        return { receipt: await this.receiptOf(outcome.id, outcome.level), created: false };
      case 'reused':
        throw RatingErrors.clientIdReused();
      case 'rate_limited':
        throw RatingErrors.rateLimited();
      case 'duplicate':
        throw RatingErrors.duplicate(outcome.id, this.config.ratings.duplicateMinutes);
      case 'conflict': {
        // The same clientId committed by a concurrent request: answer with that one if it is this citizen's.
        const winner = await this.existing(dto.clientId, r.citizenId);
        if (!winner) throw RatingErrors.clientIdReused();
        return { receipt: winner, created: false };
      }
    }
  }

  /** What a rating request needs to know before anything else, in one statement. */
  private async ahead(
    citizenId: string,
    clientId: string,
  ): Promise<{ citizen: CitizenEntity; citizenIds: string[]; seen: { id: string; level: number; citizenId: string } | null; catalogVersion: string }> {
    const rows: {
      id: string;
      kind: CitizenEntity['kind'];
      openid: string | null;
      device_id: string | null;
      merged: string[];
      seen_id: string | null;
      seen_level: number | null;
      seen_citizen: string | null;
      catalog_version: string;
    }[] = await this.db.query(
      `SELECT c.id, c.kind, c.openid, c.device_id,
              ARRAY(SELECT m.id FROM citizen m WHERE m.merged_into_id = c.id) AS merged,
              r.id AS seen_id, r.level AS seen_level, r.citizen_id AS seen_citizen,
              (SELECT v.version FROM catalog_version v WHERE v.id = 1) AS catalog_version
         FROM citizen c LEFT JOIN rating r ON r.client_id = $2
        WHERE c.id = $1`,
      [citizenId, clientId],
    );
    const row = rows[0];
    if (!row) throw new EntityNotFoundError(CitizenEntity, { id: citizenId });
    const citizen = this.db.getRepository(CitizenEntity).create({ id: row.id, kind: row.kind, openid: row.openid, deviceId: row.device_id });
    return {
      citizen,
      citizenIds: [row.id, ...row.merged],
      seen: row.seen_id ? { id: row.seen_id, level: row.seen_level!, citizenId: row.seen_citizen! } : null,
      catalogVersion: row.catalog_version,
    };
  }

  private async receiptOf(id: string, level: number): Promise<RatingReceipt> {
    const c = (await this.cases.briefsForRatings(this.db.manager, [id])).get(id) ?? null;
    return toReceipt(id, level, c);
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

  /**
   * The hourly limits, looked at before WeChat is asked anything on the rating's behalf. Authoritative only inside
   * `rating_ingest`, where the citizen's ratings are serialised. Counted up to the limit only.
   */
  private async enforceRateLimits(citizenIds: string[], ipHash: string | null): Promise<void> {
    const { perCitizenPerHour, perIpPerHour } = this.config.ratings;
    const [row]: { citizen: number; ip: number }[] = await this.db.query(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM rating WHERE citizen_id = ANY ($1::uuid[]) AND received_at >= $2 LIMIT $3) x)::int AS citizen,
              (SELECT count(*) FROM (SELECT 1 FROM rating WHERE $4::char(64) IS NOT NULL AND ip_hash = $4::char(64) AND received_at >= $2 LIMIT $5) x)::int AS ip`,
      [citizenIds, new Date(Date.now() - 3600_000), perCitizenPerHour, ipHash, perIpPerHour],
    );
    if (row.citizen >= perCitizenPerHour || (ipHash && row.ip >= perIpPerHour)) throw RatingErrors.rateLimited();
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
