import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { JobQueueService } from '../jobs/job-queue.service.js';
import { RecurringJobService } from '../jobs/recurring-job.service.js';

/** The pg-boss queue (and schedule) of the daily deletion of old read notices. */
export const NOTICE_RETENTION_JOB = 'notice-retention';
/** 03:17 China time, when nobody reads the inbox; away from the hour, when other schedules start. */
const CRON = '17 19 * * *';
/** Notices one statement deletes: short transactions, so the inbox and the delivery worker never wait long. */
const BATCH = 5000;
/** A run stops after this many batches (a million notices); the rest waits for the next day. */
const MAX_BATCHES = 200;
const DAY_MS = 86_400_000;

/**
 * Deletes notices read by their recipient and written more than NOTICE_RETENTION_DAYS ago, in batches, once a day on
 * one server instance (pg-boss). An unread notice stays however old (nobody has seen it yet), and so does one whose
 * WeChat message is still due to be sent; `pruneRead` may also be called directly (tests drive the clock with it).
 */
@Injectable()
export class NoticeRetentionService extends RecurringJobService {
  protected readonly jobName = NOTICE_RETENTION_JOB;
  protected readonly cron = CRON;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    jobs: JobQueueService,
  ) {
    super(jobs);
  }

  protected get scheduled(): boolean {
    return this.config.notices.prune;
  }

  /** Deletes, batch after batch, the read notices written before `now` less the retention; returns how many. */
  async pruneRead(now: Date = new Date(), batch = BATCH): Promise<number> {
    const before = new Date(now.getTime() - this.config.notices.retentionDays * DAY_MS);
    let deleted = 0;
    for (let i = 0; i < MAX_BATCHES; i += 1) {
      const [, count] = (await this.db.query(
        `DELETE FROM notice WHERE id IN (
           SELECT id FROM notice WHERE read_at IS NOT NULL AND created_at < $1 AND wechat_state <> 'pending' ORDER BY created_at LIMIT $2
         )`,
        [before, batch],
      )) as [unknown, number];
      deleted += count;
      if (count < batch) break;
    }
    return deleted;
  }

  protected async runScheduled(): Promise<void> {
    const deleted = await this.pruneRead();
    if (deleted > 0) this.logger.info({ deleted, retentionDays: this.config.notices.retentionDays }, 'old read notices deleted');
  }
}
