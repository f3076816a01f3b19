import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import type { DeadLetterList, DeadLetterResendResponse, NoticeList, NoticeReadAllResponse, NoticeView, SubscriptionsResponse } from '@hcp/contracts';
import type { Principal } from '../../common/authz/principal.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { CitizenEntity } from '../identity/entities/citizen.entity.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import type { NoticePageDto, SubscriptionsDto } from './dto/notices.dto.js';
import { NoticeEntity } from './entities/notice.entity.js';
import { StaffWechatEntity } from './entities/staff-wechat.entity.js';
import { NoticeDeliveryService } from './notice-delivery.service.js';
import { NoticeErrors } from './notices.errors.js';

/** WeChat's answers to a login code that is no good (wrong, used, or a blocked user's). */
const BAD_CODE_ERRCODES = new Set([40029, 40163, 40226]);
/** Accepts kept per template at most: a client that reports more gains nothing (WeChat has the last word). */
const ALLOWANCE_MAX = 100;

/** Whose notices a caller sees: a citizen's own and those of devices merged into their WeChat account; staff their own. */
interface Owner {
  kind: 'citizen' | 'staff';
  ids: string[];
}

/** The inbox (citizens and staff), WeChat subscriptions, and the dead-letter list. */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wechat: WechatClient,
    private readonly delivery: NoticeDeliveryService,
  ) {}

  async list(principal: Principal, query: NoticePageDto): Promise<NoticeList> {
    const owner = await this.ownerOf(principal);
    const size = query.pageSize ?? 20;
    const where = { recipientKind: owner.kind, recipientId: In(owner.ids) };
    const repo = this.db.getRepository(NoticeEntity);
    const [[rows, total], unread] = await Promise.all([
      repo.findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, skip: ((query.page ?? 1) - 1) * size, take: size }),
      repo.count({ where: { ...where, readAt: IsNull() } }),
    ]);
    return { items: rows.map(toNoticeView), total, unread };
  }

  async read(principal: Principal, id: string): Promise<NoticeView> {
    const owner = await this.ownerOf(principal);
    // Idempotent: a notice read before keeps its first reading time.
    const [rows] = (await this.db.query(
      `UPDATE notice SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND recipient_kind = $2 AND recipient_id = ANY($3::uuid[]) RETURNING id`,
      [id, owner.kind, owner.ids],
    )) as [{ id: string }[], number];
    if (rows.length === 0) throw NoticeErrors.notFound();
    return toNoticeView(await this.db.getRepository(NoticeEntity).findOneByOrFail({ id }));
  }

  async readAll(principal: Principal): Promise<NoticeReadAllResponse> {
    const owner = await this.ownerOf(principal);
    await this.db.query(`UPDATE notice SET read_at = now() WHERE recipient_kind = $1 AND recipient_id = ANY($2::uuid[]) AND read_at IS NULL`, [owner.kind, owner.ids]);
    return { unread: 0 };
  }

  /**
   * Records the templates the user accepted: one more message each may be sent. Only templates this server sends
   * are counted. A caller WeChat cannot reach (a browser; staff who never sent a login code) is refused.
   */
  async subscribe(principal: Principal, dto: SubscriptionsDto): Promise<SubscriptionsResponse> {
    const recipient = principal.kind === 'citizen' ? await this.wechatCitizen(principal.citizenId) : await this.wechatStaff(principal.staffId, dto.code);
    const configured = new Set(Object.values(this.config.wechat.noticeTemplates).map((t) => t.templateId));
    const accepted = [...new Set(dto.templateIds)].filter((id) => configured.has(id));
    if (accepted.length === 0) return { recorded: 0 };
    await this.db.query(
      `INSERT INTO notice_subscription (recipient_kind, recipient_id, template_id, allowance)
       SELECT $1, $2, t, 1 FROM unnest($3::varchar[]) AS t
       ON CONFLICT (recipient_kind, recipient_id, template_id) DO UPDATE SET allowance = LEAST(notice_subscription.allowance + 1, ${ALLOWANCE_MAX}), updated_at = now()`,
      [recipient.kind, recipient.id, accepted],
    );
    return { recorded: accepted.length };
  }

  async deadLetters(query: NoticePageDto): Promise<DeadLetterList> {
    const size = query.pageSize ?? 20;
    const [rows, total] = await this.db.getRepository(NoticeEntity).findAndCount({
      where: { wechatState: 'dead' },
      order: { wechatDoneAt: 'DESC', id: 'DESC' },
      skip: ((query.page ?? 1) - 1) * size,
      take: size,
    });
    return {
      total,
      items: rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        recipientKind: n.recipientKind,
        caseId: n.caseId,
        caseNo: n.caseNo,
        templateId: this.config.wechat.noticeTemplates[n.kind]?.templateId ?? n.wechatTemplateId,
        errcode: n.wechatErrcode,
        error: n.wechatError ?? '',
        attempts: n.wechatAttempts,
        createdAt: n.createdAt.toISOString(),
        failedAt: (n.wechatDoneAt ?? n.createdAt).toISOString(),
      })),
    };
  }

  /** Queues a dead letter again, its tries counted afresh; the worker is woken. */
  async resend(id: string): Promise<DeadLetterResendResponse> {
    const [rows] = (await this.db.query(
      `UPDATE notice SET wechat_state = 'pending', wechat_attempts = 0, wechat_next_at = now(), wechat_done_at = NULL WHERE id = $1 AND wechat_state = 'dead' RETURNING id`,
      [id],
    )) as [{ id: string }[], number];
    if (rows.length === 0) throw NoticeErrors.deadLetterNotFound();
    await this.delivery.nudge();
    return { id, wechatState: 'pending' };
  }

  private async ownerOf(principal: Principal): Promise<Owner> {
    if (principal.kind === 'staff') return { kind: 'staff', ids: [principal.staffId] };
    const merged = await this.db.getRepository(CitizenEntity).find({ where: { mergedIntoId: principal.citizenId }, select: { id: true } });
    return { kind: 'citizen', ids: [principal.citizenId, ...merged.map((c) => c.id)] };
  }

  private async wechatCitizen(citizenId: string): Promise<{ kind: 'citizen'; id: string }> {
    const citizen = await this.db.getRepository(CitizenEntity).findOne({ where: { id: citizenId }, select: { id: true, openid: true } });
    if (!citizen?.openid) throw NoticeErrors.wechatRequired();
    return { kind: 'citizen', id: citizen.id };
  }

  /** Staff: the openid from this login code (learnt once and kept), or the one kept before. */
  private async wechatStaff(staffId: string, code: string | undefined): Promise<{ kind: 'staff'; id: string }> {
    const repo = this.db.getRepository(StaffWechatEntity);
    if (code === undefined) {
      if (!(await repo.exists({ where: { staffId } }))) throw NoticeErrors.wechatRequired();
      return { kind: 'staff', id: staffId };
    }
    if (!this.wechat.isConfigured) throw NoticeErrors.wechatRequired();
    let openid: string;
    try {
      openid = (await this.wechat.code2Session(code)).openid;
    } catch (error) {
      if (error instanceof WechatApiError && BAD_CODE_ERRCODES.has(error.errcode)) throw NoticeErrors.wechatCodeInvalid();
      throw NoticeErrors.wechatUnavailable();
    }
    await repo.upsert({ staffId, openid }, ['staffId']);
    return { kind: 'staff', id: staffId };
  }
}

export function toNoticeView(n: NoticeEntity): NoticeView {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    caseId: n.caseId,
    caseNo: n.caseNo,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}
