import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { BEFORE_CALLBACK_STATES, BEFORE_REPLY_STATES, type CaseState, type NoticeKind } from '@hcp/contracts';
import { APP_CONFIG, APP_LOGGER } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/config.js';
import { JobQueueService } from '../../jobs/job-queue.service.js';
import { EVERY_MINUTE, RecurringJobService } from '../../jobs/recurring-job.service.js';
import { NoticeOutbox } from '../../notices/notice-outbox.service.js';
import { DEFAULT_CLOSE_NOTICE } from '../case-notices.js';

/** The pg-boss queue (and schedule) of the deadline pass. */
export const CASE_DEADLINES_JOB = 'case-deadlines';

/** Cases one statement handles; a pass repeats it up to MAX_BATCHES times per kind, the rest waits a minute. */
const BATCH = 200;
const MAX_BATCHES = 25;

export interface SchedulerPassResult {
  reminders: number;
  overdue: number;
  defaultClosed: number;
}

/** What one statement of the pass did: the cases it read and changed, the timeline entries it wrote. */
interface Batch {
  handled: number;
  written: number;
}

/** A deadline of the unit's: the case's columns, the states in which its step is still undone, the timeline words. */
interface Step {
  key: 'callback' | 'reply';
  remindAt: string;
  dueAt: string;
  overdueAt: string;
  remindedRound: string;
  undoneIn: readonly CaseState[];
  reminder: string;
  overdue: string;
}

const STEPS: readonly Step[] = [
  {
    key: 'callback',
    remindAt: 'callback_remind_at',
    dueAt: 'callback_due_at',
    overdueAt: 'callback_overdue_at',
    remindedRound: 'callback_reminded_round',
    undoneIn: BEFORE_CALLBACK_STATES,
    reminder: '回访核实即将到期，请尽快联系群众',
    overdue: '已超过回访核实期限，工单仍由本单位办理',
  },
  {
    key: 'reply',
    remindAt: 'reply_remind_at',
    dueAt: 'reply_due_at',
    overdueAt: 'reply_overdue_at',
    remindedRound: 'reply_reminded_round',
    undoneIn: BEFORE_REPLY_STATES,
    reminder: '整改答复即将到期，请尽快答复群众',
    overdue: '已超过整改答复期限，工单仍由本单位办理',
  },
];

const DEFAULT_CLOSE_NOTE = '群众未在期限内确认办理结果，系统默认办结';

/**
 * `state IN ('a', 'b')` for a step's undone states, as the partial indexes of the pass (`IDX_case_*_pending`, in the
 * case entity and its migration) say it: the planner uses such an index only for a query repeating its predicate.
 */
const inStates = (states: readonly CaseState[]) => `state IN (${states.map((s) => `'${s}'`).join(', ')})`;

const EVENT_COLUMNS = 'case_id, at, actor_kind, actor_id, action, from_state, to_state, note, once_key';
/** A step's once-key in the case's round of deadlines (`remind:reply:1`): a new round gets its reminder and mark. */
const roundKey = (key: string, round: string) => `${key}::text || ':' || ${round}`;
/** The partial unique index on (case_id, once_key): a second server's copy of an entry is dropped, not an error. */
const ONCE = 'ON CONFLICT (case_id, once_key) WHERE once_key IS NOT NULL DO NOTHING';

/**
 * The deadline pass: reminders before a deadline, the overdue mark at it, 默认办结 after the rater's time to answer.
 * pg-boss runs it every minute on one server instance (see JobQueueService); `runPass` may also be called directly
 * (tests drive the clock with it).
 *
 * Safe when passes overlap (two instances, a slow pass and the next): every change is one statement, so a case's
 * mark and its timeline entry are written together or not at all; a case row is changed only under its row lock
 * (`FOR UPDATE SKIP LOCKED`, re-checked against the latest row version, so a case another pass or a staff action
 * holds is left for the next minute); and each entry has a once-key (`remind:callback:0`, `overdue:reply:1`,
 * `default_close`…) that the unique index admits once per case; reminders and overdue marks name the case's round
 * of deadlines (reopening, sending back and routing start a new one).
 */
@Injectable()
export class CaseSchedulerService extends RecurringJobService {
  protected readonly jobName = CASE_DEADLINES_JOB;
  protected readonly cron = EVERY_MINUTE;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    jobs: JobQueueService,
    private readonly notices: NoticeOutbox,
  ) {
    super(jobs);
  }

  protected get scheduled(): boolean {
    return this.config.cases.scheduler;
  }

  /** One pass at the instant `now`: everything due by then is done once. */
  async runPass(now: Date = new Date()): Promise<SchedulerPassResult> {
    let reminders = 0;
    let overdue = 0;
    for (const step of STEPS) {
      reminders += await this.repeat(() => this.remind(step, now));
      overdue += await this.repeat(() => this.markOverdue(step, now));
    }
    const defaultClosed = await this.repeat(() => this.closeByDefault(now));
    return { reminders, overdue, defaultClosed };
  }

  protected async runScheduled(): Promise<void> {
    const result = await this.runPass(new Date());
    if (result.reminders + result.overdue + result.defaultClosed > 0) this.logger.info({ ...result }, 'case deadline pass');
  }

  /** Runs a batch until one handles fewer than BATCH cases, at most MAX_BATCHES times; returns the entries written. */
  private async repeat(batch: () => Promise<Batch>): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i += 1) {
      const done = await batch();
      total += done.written;
      if (done.handled < BATCH) break;
    }
    return total;
  }

  /**
   * A timeline entry for the unit while the step is undone, from its remind instant until its deadline. The case's
   * mark (`*_reminded_round`) settles the round's reminder, so the next pass no longer reads it; a case whose
   * deadline passed before its reminder was written (a server down for the whole period) is settled without one, as
   * the overdue mark says more.
   */
  private async remind(step: Step, now: Date): Promise<Batch> {
    return this.withNotices('staff_deadline_near', step.reminder, (m) => m.query(
      `WITH due AS (
         SELECT id FROM rating_case
         WHERE ${inStates(step.undoneIn)} AND ${step.remindedRound} < deadline_round AND ${step.remindAt} <= $1
         ORDER BY ${step.remindAt}
         LIMIT ${BATCH}
         FOR UPDATE SKIP LOCKED
       ), marked AS (
         UPDATE rating_case c SET ${step.remindedRound} = c.deadline_round FROM due WHERE c.id = due.id
         RETURNING c.id, c.deadline_round, c.${step.dueAt} > $1 AS still_due
       ), written AS (
         INSERT INTO case_event (${EVENT_COLUMNS})
         SELECT id, $1, 'system', NULL, 'reminder', NULL, NULL, $3, ${roundKey('$2', 'deadline_round')} FROM marked WHERE still_due
         ${ONCE}
         RETURNING case_id, once_key
       )
       SELECT case_id, once_key, NULL::int AS handled FROM written
       UNION ALL SELECT NULL, NULL, count(*)::int FROM marked`,
      [now, `remind:${step.key}`, step.reminder],
    ));
  }

  /** At the deadline with the step undone: the case is marked overdue (and stays with its unit). */
  private async markOverdue(step: Step, now: Date): Promise<Batch> {
    return this.withNotices('staff_overdue', step.overdue, (m) => m.query(
      `WITH due AS (
         SELECT id FROM rating_case
         WHERE ${inStates(step.undoneIn)} AND ${step.overdueAt} IS NULL AND ${step.dueAt} <= $1
         ORDER BY ${step.dueAt}
         LIMIT ${BATCH}
         FOR UPDATE SKIP LOCKED
       ), marked AS (
         UPDATE rating_case c SET ${step.overdueAt} = $1, updated_at = now() FROM due WHERE c.id = due.id RETURNING c.id, c.deadline_round
       )
       INSERT INTO case_event (${EVENT_COLUMNS})
       SELECT id, $1, 'system', NULL, 'overdue', NULL, NULL, $3, ${roundKey('$2', 'deadline_round')} FROM marked
       ${ONCE}
       RETURNING case_id, once_key`,
      [now, `overdue:${step.key}`, step.overdue],
    ));
  }

  /** 默认办结: a reply the rater has not answered by `confirm_due_at` closes the case. */
  private async closeByDefault(now: Date): Promise<Batch> {
    return this.withNotices('citizen_closed', DEFAULT_CLOSE_NOTICE, (m) => m.query(
      `WITH due AS (
         SELECT id FROM rating_case
         WHERE state = 'replied' AND confirm_due_at <= $1
         ORDER BY confirm_due_at
         LIMIT ${BATCH}
         FOR UPDATE SKIP LOCKED
       ), closed AS (
         UPDATE rating_case c SET state = 'closed', close_kind = 'default', closed_at = $1, updated_at = now() FROM due WHERE c.id = due.id RETURNING c.id
       )
       INSERT INTO case_event (${EVENT_COLUMNS})
       SELECT id, $1, 'system', NULL, 'default_close', 'replied', 'closed', $2, 'default_close' FROM closed
       ${ONCE}
       RETURNING case_id, once_key`,
      [now, DEFAULT_CLOSE_NOTE],
    ));
  }

  /**
   * Runs one statement of the pass with the notices of the entries it wrote, in one transaction: an entry and its
   * notices exist together or not at all, and an entry another pass wrote first (dropped by its once-key) sends none.
   * Returns the cases the statement handled: a row with `handled` says so when it may differ from the entries.
   */
  private async withNotices(kind: NoticeKind, body: string, statement: (m: EntityManager) => Promise<unknown>): Promise<Batch> {
    return this.db.transaction(async (m) => {
      const rows = (await statement(m)) as { case_id: string | null; once_key: string | null; handled?: number | null }[];
      const entries = rows.filter((r): r is { case_id: string; once_key: string } => r.case_id !== null && r.once_key !== null);
      await this.notices.add(
        m,
        kind,
        entries.map((r) => ({ caseId: r.case_id, eventKey: r.once_key, body })),
      );
      return { handled: rows.find((r) => typeof r.handled === 'number')?.handled ?? entries.length, written: entries.length };
    });
  }
}
