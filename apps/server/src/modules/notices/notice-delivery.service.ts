import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import pg from 'pg';
import type { Logger } from 'pino';
import { NOTICE_CASE_PAGES, type NoticeKind } from '@hcp/contracts';
import { APP_CONFIG, APP_LOGGER } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { JobQueueService } from '../jobs/job-queue.service.js';
import { EVERY_MINUTE, RecurringJobService } from '../jobs/recurring-job.service.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { TOKEN_REJECTED_ERRCODES, WechatApiError, WechatErrcode, WechatNotConfiguredError, WechatUnavailableError } from '../wechat/wechat.errors.js';
import { NOTICES_CHANNEL } from './notice-outbox.service.js';
import { subscribeData } from './notice-templates.js';

/** The pg-boss queue (and schedule) of WeChat delivery. */
export const NOTICE_DELIVERY_JOB = 'notice-delivery';

/** Notices one claim takes; sends of a batch run this many at a time. */
const BATCH = 200;
const CONCURRENCY = 16;
/** The wait before the next try after the n-th transient failure (the last repeats). */
export const BACKOFF_MS: readonly number[] = [10_000, 30_000, 120_000, 600_000, 1_800_000];
/** A pass stops claiming after this many batches; the rest waits for the next run. */
const MAX_BATCHES = 25;
/** WeChat answers that mean "not now" rather than "never": busy, this minute's or today's quota. */
const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([WechatErrcode.SystemBusy, WechatErrcode.MinuteQuotaReached, WechatErrcode.DailyQuotaReached, ...TOKEN_REJECTED_ERRCODES]);

export interface DeliveryResult {
  sent: number;
  skipped: number;
  retried: number;
  dead: number;
}

/** A claimed notice, as the worker needs it. */
interface Claimed {
  id: string;
  kind: NoticeKind;
  recipient_kind: 'citizen' | 'staff';
  recipient_id: string;
  case_id: string;
  case_no: string;
  unit_name: string;
  title: string;
  body: string;
  created_at: Date;
  wechat_attempts: number;
}

type Outcome = { state: 'sent'; msgid: string | null; templateId: string } | { state: 'skipped'; why: string; errcode?: number } | { state: 'failed'; why: string; errcode: number | null; permanent: boolean };

/**
 * The WeChat side of notices: the relay of the outbox. It claims due notices (`FOR UPDATE SKIP LOCKED`, with a lease,
 * so two workers never take the same one and a dead worker's claims come back), spends one of the recipient's accepts
 * for the template, calls WeChat through the adapter, and records the answer in the one statement that follows it.
 * Runs on the pg-boss queue (one run at a time across instances, every minute as a safety net), woken at once by the
 * NOTIFY a committed notice sends; `deliverDue` may also be called directly (tests drive the clock with it).
 */
@Injectable()
export class NoticeDeliveryService extends RecurringJobService implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly jobName = NOTICE_DELIVERY_JOB;
  protected readonly cron = EVERY_MINUTE;
  private readonly log: Logger;
  private listener: pg.Client | null = null;
  private listenTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) logger: Logger,
    jobs: JobQueueService,
    private readonly wechat: WechatClient,
  ) {
    super(jobs);
    this.log = logger.child({ module: 'notices' });
  }

  protected get scheduled(): boolean {
    return this.config.notices.worker && this.wechat.isConfigured && Object.keys(this.config.wechat.noticeTemplates).length > 0;
  }

  onApplicationBootstrap(): void {
    if (this.scheduled) void this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.listenTimer) clearTimeout(this.listenTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** Asks for a run now (one instance runs it); used after a dead letter is resent. */
  async nudge(): Promise<void> {
    if (!this.scheduled) return;
    await this.runSoon().catch((err: unknown) => this.log.warn({ err }, 'could not ask for a notice delivery run'));
  }

  /** Delivers every notice due at `now`, batch after batch (at most MAX_BATCHES); returns what became of them. */
  async deliverDue(now: Date = new Date()): Promise<DeliveryResult> {
    const total: DeliveryResult = { sent: 0, skipped: 0, retried: 0, dead: 0 };
    for (let i = 0; i < MAX_BATCHES; i += 1) {
      const claimed = await this.claim(now);
      const result = await this.deliverClaimed(claimed, now);
      for (const key of Object.keys(total) as (keyof DeliveryResult)[]) total[key] += result[key];
      if (claimed.length < BATCH) break;
    }
    return total;
  }

  /** Takes up to BATCH due notices for this worker: each counts a try and is leased, so no other worker takes it. */
  async claim(now: Date): Promise<Claimed[]> {
    const [rows] = (await this.db.query(
      `WITH due AS (
         SELECT id FROM notice WHERE wechat_state = 'pending' AND wechat_next_at <= $1
         ORDER BY wechat_next_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
       )
       UPDATE notice n SET wechat_attempts = n.wechat_attempts + 1, wechat_next_at = $2 FROM due WHERE n.id = due.id
       RETURNING n.id, n.kind, n.recipient_kind, n.recipient_id, n.case_id, n.case_no, n.unit_name, n.title, n.body, n.created_at, n.wechat_attempts`,
      [now, new Date(now.getTime() + this.config.notices.claimLeaseMs)],
    )) as [Claimed[], number];
    return rows;
  }

  /** Sends the claimed notices, CONCURRENCY at a time, and records each answer. */
  async deliverClaimed(claimed: readonly Claimed[], now: Date = new Date()): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, skipped: 0, retried: 0, dead: 0 };
    const openids = await this.openidsOf(claimed);
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const notice = claimed[next++];
        try {
          const outcome = await this.send(notice, openids.get(`${notice.recipient_kind}:${notice.recipient_id}`));
          result[await this.record(notice, outcome, now)] += 1;
        } catch (err) {
          // The database failed around the send: the notice stays claimed and is taken again when its lease ends.
          this.log.warn({ err, noticeId: notice.id }, 'a notice could not be delivered or recorded; it is tried again after its lease');
          result.retried += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, lane));
    return result;
  }

  private async send(notice: Claimed, openid: string | undefined): Promise<Outcome> {
    const template = this.config.wechat.noticeTemplates[notice.kind];
    if (!template) return { state: 'skipped', why: 'no template is configured for this kind' };
    if (!openid) return { state: 'skipped', why: 'the recipient has not signed in through WeChat' };
    const allowance = { kind: notice.recipient_kind, id: notice.recipient_id, templateId: template.templateId };
    if (!(await this.spendAllowance(allowance))) return { state: 'skipped', why: 'no accepted subscription left for the template' };
    try {
      const answer = await this.wechat.sendSubscribeMessage({
        touser: openid,
        templateId: template.templateId,
        page: `${NOTICE_CASE_PAGES[notice.recipient_kind]}?id=${notice.case_id}`,
        data: subscribeData(template, { kind: notice.kind, title: notice.title, body: notice.body, caseNo: notice.case_no, unitName: notice.unit_name, createdAt: notice.created_at }),
        miniprogramState: this.config.wechat.miniprogramState,
        lang: 'zh_CN',
      });
      return { state: 'sent', msgid: answer.msgid ?? null, templateId: template.templateId };
    } catch (error) {
      if (error instanceof WechatApiError && error.errcode === WechatErrcode.UserRefusedMessage) {
        // WeChat holds no accept of this user for the template: ours was out of step. It is none now.
        await this.db.query(`UPDATE notice_subscription SET allowance = 0, updated_at = now() WHERE recipient_kind = $1 AND recipient_id = $2 AND template_id = $3`, [
          allowance.kind,
          allowance.id,
          allowance.templateId,
        ]);
        return { state: 'skipped', why: 'WeChat says the user has not accepted the template (43101)', errcode: error.errcode };
      }
      // WeChat delivered nothing, so the accept is still the user's.
      await this.refundAllowance(allowance);
      if (error instanceof WechatApiError) {
        return { state: 'failed', why: `WeChat answered ${error.errcode}: ${error.errmsg}`.slice(0, 200), errcode: error.errcode, permanent: !TRANSIENT_ERRCODES.has(error.errcode) };
      }
      if (error instanceof WechatUnavailableError) return { state: 'failed', why: error.message.slice(0, 200), errcode: null, permanent: false };
      if (error instanceof WechatNotConfiguredError) return { state: 'skipped', why: 'WeChat is not configured' };
      this.log.error({ err: error, noticeId: notice.id }, 'sending a WeChat notice failed unexpectedly');
      return { state: 'failed', why: 'unexpected error', errcode: null, permanent: false };
    }
  }

  /**
   * The one statement after WeChat's answer: a worker that dies between the two can cause one repeat of this message
   * (WeChat takes no idempotency key); see docs/notices.md. Only a notice still pending is changed.
   */
  private async record(notice: Claimed, outcome: Outcome, now: Date): Promise<keyof DeliveryResult> {
    if (outcome.state === 'sent') {
      await this.db.query(
        `UPDATE notice SET wechat_state = 'sent', wechat_msgid = $2, wechat_template_id = $3, wechat_done_at = now(), wechat_next_at = NULL, wechat_error = NULL, wechat_errcode = NULL
         WHERE id = $1 AND wechat_state = 'pending'`,
        [notice.id, outcome.msgid, outcome.templateId],
      );
      return 'sent';
    }
    if (outcome.state === 'skipped') {
      await this.db.query(
        `UPDATE notice SET wechat_state = 'skipped', wechat_error = $2, wechat_errcode = $3, wechat_done_at = now(), wechat_next_at = NULL WHERE id = $1 AND wechat_state = 'pending'`,
        [notice.id, outcome.why, outcome.errcode ?? null],
      );
      return 'skipped';
    }
    const giveUp = outcome.permanent || notice.wechat_attempts >= this.config.notices.maxAttempts;
    if (giveUp) {
      this.log.warn({ noticeId: notice.id, kind: notice.kind, errcode: outcome.errcode, attempts: notice.wechat_attempts }, 'a WeChat notice went to the dead-letter list');
      await this.db.query(
        `UPDATE notice SET wechat_state = 'dead', wechat_error = $2, wechat_errcode = $3, wechat_done_at = now(), wechat_next_at = NULL WHERE id = $1 AND wechat_state = 'pending'`,
        [notice.id, outcome.why, outcome.errcode],
      );
      return 'dead';
    }
    const wait = BACKOFF_MS[Math.min(notice.wechat_attempts, BACKOFF_MS.length) - 1];
    await this.db.query(`UPDATE notice SET wechat_error = $2, wechat_errcode = $3, wechat_next_at = $4 WHERE id = $1 AND wechat_state = 'pending'`, [
      notice.id,
      outcome.why,
      outcome.errcode,
      new Date(now.getTime() + wait),
    ]);
    return 'retried';
  }

  /** The openid of each recipient: a citizen's WeChat account, or the one a member of staff accepted notices as. */
  private async openidsOf(claimed: readonly Claimed[]): Promise<Map<string, string>> {
    const ids = (kind: string) => [...new Set(claimed.filter((c) => c.recipient_kind === kind).map((c) => c.recipient_id))];
    const citizens = ids('citizen');
    const staff = ids('staff');
    const rows = (await this.db.query(
      `SELECT 'citizen:' || id AS key, openid FROM citizen WHERE id = ANY($1::uuid[]) AND openid IS NOT NULL
       UNION ALL SELECT 'staff:' || w.staff_id, w.openid FROM notice_staff_wechat w JOIN staff s ON s.id = w.staff_id AND s.active WHERE w.staff_id = ANY($2::uuid[])`,
      [citizens, staff],
    )) as { key: string; openid: string }[];
    return new Map(rows.map((r) => [r.key, r.openid]));
  }

  private async spendAllowance(a: { kind: string; id: string; templateId: string }): Promise<boolean> {
    const [rows] = (await this.db.query(
      `UPDATE notice_subscription SET allowance = allowance - 1, updated_at = now() WHERE recipient_kind = $1 AND recipient_id = $2 AND template_id = $3 AND allowance > 0 RETURNING allowance`,
      [a.kind, a.id, a.templateId],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  private async refundAllowance(a: { kind: string; id: string; templateId: string }): Promise<void> {
    await this.db.query(`UPDATE notice_subscription SET allowance = allowance + 1, updated_at = now() WHERE recipient_kind = $1 AND recipient_id = $2 AND template_id = $3`, [
      a.kind,
      a.id,
      a.templateId,
    ]);
  }

  protected async runScheduled(): Promise<void> {
    const result = await this.deliverDue(new Date());
    if (result.sent + result.skipped + result.retried + result.dead > 0) this.log.info({ ...result }, 'notice delivery');
    await this.wakeForRetries();
  }

  /** Asks for a run when the next retry is due, if that is before the next minute's run. */
  private async wakeForRetries(): Promise<void> {
    const [row] = (await this.db.query(`SELECT min(wechat_next_at) AS at FROM notice WHERE wechat_state = 'pending'`)) as { at: Date | null }[];
    if (!row?.at || this.stopped) return;
    const wait = row.at.getTime() - Date.now();
    if (wait > 60_000) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.nudge(), Math.max(wait, 0) + 50);
    this.retryTimer.unref();
  }

  /** LISTENs for committed notices (NOTIFY from the outbox) and asks for a run; reconnects after a failure. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const url = (this.db.options as { url?: string }).url;
    const client = new pg.Client({ connectionString: url, application_name: 'hcp-notices', connectionTimeoutMillis: this.config.database.connectTimeoutMs });
    const retry = () => {
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.listenTimer = setTimeout(() => void this.listen(), 5000);
      this.listenTimer.unref();
    };
    client.on('error', (err) => {
      this.log.warn({ err }, 'the notice listener lost its connection; notices still go out with the minute run');
      retry();
    });
    client.on('notification', () => void this.nudge());
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTICES_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch (err) {
      this.log.warn({ err }, 'could not listen for new notices; trying again shortly');
      retry();
    }
  }
}
