import { createRequire } from 'node:module';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module.js';
import type { DatabaseConfig } from '../../config/config.js';
import { loggableError } from '../../common/errors/all-exceptions.filter.js';

export const JOBS_DATABASE = Symbol('JOBS_DATABASE');

/** Where pg-boss keeps its queues: a schema of its own in the server's database, apart from the migrations'. */
export const JOBS_SCHEMA = 'pgboss';

export interface JobsDatabase {
  url: string;
  config: Pick<DatabaseConfig, 'connectTimeoutMs'>;
}

/** A job that pg-boss starts on a cron schedule, once per slot however many server instances run. */
export interface RecurringJob {
  /** The queue's name (also the schedule's). */
  name: string;
  /** Five-field cron, UTC; pg-boss's resolution is one minute. */
  cron: string;
  /** One run; a failure is logged by the queue, with the job's name. */
  handler: () => Promise<void>;
}

/** A failed start (the database away, pg-boss's schema unusable) is tried again after this long. */
const RESTART_DELAY_MS = 60_000;
/** PostgreSQL's deadlock error, after which a start is tried again this soon. */
const DEADLOCK = '40P01';
const DEADLOCK_RETRY_MS = 1_000;
/** Of pg-boss's queue policies: at most one job waiting (see the class comment). */
const QUEUE_POLICY: PgBoss.QueuePolicy = 'short';
/** A run that takes longer is given up (its connection is the statement timeout's to end), so the next can start. */
const JOB_EXPIRE_SECONDS = 300;
/** The advisory lock (hashed to a number) under which instances set up their queues one at a time. */
const SETUP_LOCK = 'hcp:jobs:setup';
/** PostgreSQL cancels a statement of pg-boss's that runs longer. */
const STATEMENT_TIMEOUT_MS = 30_000;
/** How often an idle worker asks for a job; a requested run (`runSoon`) is picked up at once on this instance. */
const POLLING_SECONDS = 5;

/**
 * Background jobs on PostgreSQL (pg-boss 10), in the server's own database under the `pgboss` schema, so that
 * several server instances share one queue and each due job runs on one of them:
 * - a schedule is stored once (pg-boss's `schedule` table); each minute one instance (the one that wins pg-boss's
 *   `cron_on` timestamp update) turns due schedules into jobs, deduplicated per minute by a singleton key;
 * - each queue is `short`: at most one job waiting, so a slow run never piles up copies. Not `stately` (which also
 *   allows one running job): a job running on an instance that dies stays "active" until it expires (minutes), and a
 *   stately queue would run nothing in between — no notices, no deadline passes after a crash. Every handler is safe
 *   to run on two instances at once (row locks, unique keys, the roll-ups' locked watermark), so nothing needs it;
 * - workers fetch with `FOR UPDATE SKIP LOCKED`: a job goes to exactly one instance;
 * - instances set their queues up one at a time (an advisory lock), so starting several at once is safe;
 * - a run whose end cannot be recorded (the database away just then) is logged, not fatal (`outcomeLossTolerated`).
 * pg-boss starts only when a module registered a job, after the application is up, and a failure to start is
 * logged and retried: it never keeps the server from serving ratings. It stops (letting a running job finish)
 * before the database pool closes.
 */
@Injectable()
export class JobQueueService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly jobs = new Map<string, RecurringJob>();
  private readonly workers = new Map<string, string>();
  private boss: { boss: PgBoss; pool: pg.Pool } | null = null;
  private starting: Promise<void> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(JOBS_DATABASE) private readonly database: JobsDatabase,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Called by a module in `onModuleInit`: the job runs once pg-boss is up. */
  register(job: RecurringJob): void {
    if (this.starting || this.boss) throw new Error(`job ${job.name} registered after the job queue started`);
    this.jobs.set(job.name, job);
  }

  /** True once pg-boss runs and every registered job is scheduled. */
  get running(): boolean {
    return this.boss !== null;
  }

  onApplicationBootstrap(): void {
    if (this.jobs.size > 0) this.startInBackground();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.starting;
    const running = this.boss;
    this.boss = null;
    // A job in progress finishes (its statements are bounded by the statement timeout) before the pools close.
    if (running) await stopBoss(running.boss, running.pool, 8000).catch((err: unknown) => this.logger.error({ err: loggableError(err) }, 'the job queue did not stop cleanly'));
  }

  /** Asks for a run of a registered job now (one instance runs it); false when the queue is not running. */
  async runSoon(name: string): Promise<boolean> {
    const boss = this.boss?.boss;
    if (!boss) return false;
    await boss.send(name, {});
    const worker = this.workers.get(name);
    if (worker) boss.notifyWorker(worker);
    return true;
  }

  private startInBackground(): void {
    this.starting = this.start()
      .catch((err: unknown) => {
        // A deadlock is the database choosing one of two starts to give way: the next try goes through at once.
        const deadlock = (err as { code?: unknown }).code === DEADLOCK;
        const delay = deadlock ? DEADLOCK_RETRY_MS : RESTART_DELAY_MS;
        if (deadlock) this.logger.warn({ err: loggableError(err), retryInSeconds: delay / 1000 }, 'the job queue (pg-boss) gave way to another instance starting; trying again');
        else this.logger.error({ err: loggableError(err), retryInSeconds: delay / 1000 }, 'the job queue (pg-boss) could not start; scheduled jobs wait until it does');
        if (!this.stopped) {
          this.restartTimer = setTimeout(() => this.startInBackground(), delay);
          this.restartTimer.unref();
        }
      })
      .finally(() => {
        this.starting = null;
      });
  }

  private async start(): Promise<void> {
    // The pool is ours, not pg-boss's: pg-boss leaves a pool of its own open when its start fails.
    const pool = new pg.Pool({
      connectionString: this.database.url,
      application_name: 'hcp-jobs',
      max: 3,
      connectionTimeoutMillis: this.database.config.connectTimeoutMs,
      // pg-boss's own statements (fetching, archiving) are short; none may hold a connection for long.
      statement_timeout: STATEMENT_TIMEOUT_MS,
    });
    // Without listeners an 'error' event would end the process; a database outage must only be logged.
    pool.on('error', (err) => this.logger.warn({ err: loggableError(err) }, 'job queue connection error'));
    const executeSql = outcomeLossTolerated((text: string, values: unknown[]) => pool.query(text, values), JOBS_SCHEMA, (err) =>
      this.logger.warn({ err: loggableError(err) }, 'a job run ended but the job queue could not record it; the job expires and later runs go ahead'),
    );
    const boss = new PgBoss({ db: { executeSql }, schema: JOBS_SCHEMA });
    boss.on('error', (err) => this.logger.warn({ err: loggableError(err) }, 'job queue error'));
    try {
      // pg-boss's start creates its own internal queue: run by two instances at once, that and ours deadlock (each
      // inserts a queue row, then wants the queue table for a foreign key), so the whole setup is one at a time.
      await oneInstanceAtATime(pool, async () => {
        await boss.start();
        for (const job of this.jobs.values()) {
          const queue = { name: job.name, policy: QUEUE_POLICY, retryLimit: 0, expireInSeconds: JOB_EXPIRE_SECONDS };
          await boss.createQueue(job.name, queue);
          // A queue made by an earlier version keeps its old policy unless told.
          await boss.updateQueue(job.name, queue);
          await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
        }
      });
      for (const job of this.jobs.values()) {
        const { name, handler } = job;
        // A failed run is logged here for every job (the next run tries again). pg-boss stores the error with all its
        // properties: a query error's parameters must not be kept, so it gets only what the log shows.
        const run = () =>
          handler().catch((err: unknown) => {
            this.logger.error({ err: loggableError(err), job: name }, 'a scheduled job failed; its next run tries again');
            return Promise.reject(withoutDetails(err));
          });
        this.workers.set(job.name, await boss.work(job.name, { pollingIntervalSeconds: POLLING_SECONDS }, run));
      }
    } catch (err) {
      this.workers.clear();
      await stopBoss(boss, pool, 1000);
      throw err;
    }
    if (this.stopped) {
      await stopBoss(boss, pool, 8000);
      return;
    }
    this.boss = { boss, pool };
    this.logger.info({ jobs: [...this.jobs.keys()], schema: JOBS_SCHEMA }, 'job queue started');
  }
}

/**
 * Runs `setup` while holding a session advisory lock, so instances starting together create queues one after the
 * other: pg-boss's `create_queue` run by two at once can deadlock (40P01). A failed session ends with its lock.
 */
async function oneInstanceAtATime(pool: pg.Pool, setup: () => Promise<void>): Promise<void> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [SETUP_LOCK]);
    await setup();
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [SETUP_LOCK]);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    client.release(failed);
  }
}

type ExecuteSql = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** The statements pg-boss 10's worker records a run's end with, as its own query plans write them. */
const { completeJobs, failJobsById } = createRequire(import.meta.url)('pg-boss/src/plans.js') as { completeJobs: (schema: string) => string; failJobsById: (schema: string) => string };

/**
 * pg-boss 10's worker records the end of a run (`complete`, `fail`) without awaiting it: when the database is away at
 * that moment (a restart, a cut network), the rejection is unhandled and Node ends the whole server. Those two
 * statements therefore answer "no job changed" instead of failing, and `lost` is told. The job stays active until it
 * expires (JOB_EXPIRE_SECONDS); the queue policy lets later runs go ahead meanwhile, and every handler is safe to run
 * again. Every other statement fails as before, where pg-boss awaits and reports it.
 */
export function outcomeLossTolerated(executeSql: ExecuteSql, schema: string, lost: (err: unknown) => void): ExecuteSql {
  const recordsOutcome = new Set([completeJobs(schema), failJobsById(schema)]);
  return async (text, values) => {
    try {
      return await executeSql(text, values);
    } catch (err) {
      if (!recordsOutcome.has(text)) throw err;
      lost(err);
      // The shape pg-boss reads the affected count from.
      return { rows: [{ count: '0' }] };
    }
  };
}

/** Stops pg-boss, letting a running job finish within `timeout` ms, then closes its pool. */
async function stopBoss(boss: PgBoss, pool: pg.Pool, timeout: number): Promise<void> {
  try {
    await boss.stop({ graceful: true, wait: true, timeout });
  } finally {
    await pool.end();
  }
}

/** The error as `loggableError` describes it (type, message, stack, code), and nothing else it carried. */
function withoutDetails(err: unknown): Error {
  const { type, message, stack, code } = loggableError(err);
  return Object.assign(new Error(message), { name: type, stack, ...(code ? { code } : {}) });
}
