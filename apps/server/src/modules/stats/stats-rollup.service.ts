import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { JobQueueService } from '../jobs/job-queue.service.js';
import { EVERY_MINUTE, RecurringJobService } from '../jobs/recurring-job.service.js';
import { COUNTER_COLUMNS, NONE_ID } from './entities/stats-counters.js';
import { oldestInFlight } from '../../common/txid-watermark.js';

/** The pg-boss queue (and schedule) of the roll-up pass. */
export const STATS_ROLLUP_JOB = 'stats-rollup';

/** Ratings one batch rolls up (all rows of one transaction go together, however many). */
const RATING_BATCH = 100_000;
/** Timeline entries one batch reads (their cases are recomputed whole). */
const EVENT_BATCH = 20_000;
/** Batches one pass runs before leaving the rest to the next minute. */
const MAX_BATCHES = 20;
/** A batch's statements may take this long (the application's default is seconds). */
const BATCH_TIMEOUT = '120s';

/** The China-time day a rating belongs to: what every figure's period is counted in. */
export const RATING_DAY = `(r.rated_at AT TIME ZONE 'Asia/Shanghai')::date`;

const KEYS = ['day', 'window_id', 'staff_id', 'service_item_id', 'unit_id', 'hall_id'] as const;
/** The tiers every delta is added to; monthly ones keep the month's first day in `day`. */
const TIERS: readonly { table: string; keys: readonly string[]; monthly?: true }[] = [
  { table: 'stats_day_detail', keys: KEYS },
  { table: 'stats_day_window', keys: ['window_id', 'day', 'unit_id', 'hall_id'] },
  { table: 'stats_day_unit', keys: ['unit_id', 'day'] },
  { table: 'stats_month_window', keys: ['window_id', 'day', 'unit_id', 'hall_id'], monthly: true },
  { table: 'stats_month_unit', keys: ['unit_id', 'day'], monthly: true },
];

export interface RollupResult {
  ratings: number;
  cases: number;
  /** False when a backlog remains for the next pass. */
  caughtUp: boolean;
}

interface Watermarks {
  rating: string;
  caseEvent: string;
}

/**
 * Keeps the statistics roll-ups (`stats_day_*`, `stats_tag_*`, `stats_case_fact`) from the ratings and the case
 * timeline, outside their transactions, by a pass every minute on the job queue.
 *
 * **The watermark is exact under concurrent writes.** Every rating and timeline entry carries the id of the
 * transaction that inserted it (`stats_txid`, PostgreSQL's 64-bit xid, set by a column default). A pass finds the
 * oldest transaction of this database still in flight (`oldestInFlight`): every transaction with a lower id has
 * ended, so its rows are all visible now and no row with a lower id can appear later. The pass rolls up the rows
 * with `watermark <= stats_txid < oldest` and moves the watermark there. A rating inserted by a transaction that
 * commits after a later one is never skipped: its id stays at or above `oldest` until it ends, so it waits for the
 * next pass. Ids are 64-bit (epoch-extended), so they never wrap.
 *
 * **Cases move after they open**, so a case is never added twice: each touched case (any new timeline entry) is
 * recomputed whole from its row and timeline into `stats_case_fact`, and the difference from its previous fact is
 * added to the roll-ups. Every case change leaves a timeline entry, so no change is missed.
 *
 * **Flags and invalidation** are not rolled up: the roll-ups count every rating, and the figures subtract the few
 * excluded ones at read time (see StatsService), so clearing a flag or upholding an appeal counts at once.
 *
 * Passes run one at a time (the watermark rows are locked for the batch); each batch is one transaction, so a
 * failed pass leaves the roll-ups and watermarks as they were.
 */
@Injectable()
export class StatsRollupService extends RecurringJobService {
  protected readonly jobName = STATS_ROLLUP_JOB;
  protected readonly cron = EVERY_MINUTE;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    jobs: JobQueueService,
  ) {
    super(jobs);
  }

  protected get scheduled(): boolean {
    return this.config.stats.rollup;
  }

  /** Rolls up everything committed so far (up to MAX_BATCHES batches). */
  async runPass(): Promise<RollupResult> {
    const total: RollupResult = { ratings: 0, cases: 0, caughtUp: false };
    for (let i = 0; i < MAX_BATCHES && !total.caughtUp; i += 1) {
      const batch = await this.db.transaction((m) => this.batch(m));
      total.ratings += batch.ratings;
      total.cases += batch.cases;
      total.caughtUp = batch.caughtUp;
    }
    return total;
  }

  protected async runScheduled(): Promise<void> {
    const result = await this.runPass();
    if (result.ratings + result.cases > 0) this.logger.info({ ...result }, 'statistics roll-up pass');
  }

  private async batch(m: EntityManager): Promise<RollupResult> {
    await m.query(`SET LOCAL statement_timeout = '${BATCH_TIMEOUT}'`);
    const marks = await this.lockWatermarks(m);
    // Read after the lock: a pass that held it has committed, and its watermark is the one read above.
    const xmin = await oldestInFlight(m);
    const ratingUpTo = await this.upperBound(m, 'rating', marks.rating, xmin, RATING_BATCH);
    const eventUpTo = await this.upperBound(m, 'case_event', marks.caseEvent, xmin, EVENT_BATCH);

    let ratings = 0;
    let cases = 0;
    // Nothing committed since the last pass: only the time moves.
    if (ratingUpTo !== marks.rating || eventUpTo !== marks.caseEvent) {
      await m.query(`CREATE TEMP TABLE stats_delta (LIKE stats_day_detail INCLUDING DEFAULTS) ON COMMIT DROP`);
      ratings = await this.ratingDeltas(m, marks.rating, ratingUpTo);
      cases = await this.caseDeltas(m, marks.caseEvent, eventUpTo);
      if (ratings + cases > 0) for (const tier of TIERS) await this.applyDeltas(m, tier.table, tier.keys, tier.monthly === true);
    }

    const caughtUp = ratingUpTo === xmin && eventUpTo === xmin;
    await m.query(
      `UPDATE stats_watermark SET txid = CASE source WHEN 'rating' THEN $1::bigint ELSE $2::bigint END,
              passed_at = CASE WHEN $3 THEN now() ELSE passed_at END`,
      [ratingUpTo, eventUpTo, caughtUp],
    );
    return { ratings, cases, caughtUp };
  }

  private async lockWatermarks(m: EntityManager): Promise<Watermarks> {
    const rows = (await m.query(`SELECT source, txid FROM stats_watermark ORDER BY source FOR UPDATE`)) as { source: string; txid: string }[];
    const of = (source: string) => rows.find((r) => r.source === source)?.txid ?? '0';
    return { rating: of('rating'), caseEvent: of('case_event') };
  }

  /**
   * The end (exclusive) of this batch: `xmin`, or earlier when more than `limit` rows wait — the id of the row at
   * `limit`, so a batch always takes whole transactions, and at least the first one waiting (ids are not
   * consecutive: other transactions, of this database or others, take ids in between).
   */
  private async upperBound(m: EntityManager, table: 'rating' | 'case_event', from: string, xmin: string, limit: number): Promise<string> {
    const range = `FROM ${table} WHERE stats_txid >= $1 AND stats_txid < $2`;
    const rows = (await m.query(`SELECT stats_txid ${range} ORDER BY stats_txid OFFSET $3 LIMIT 1`, [from, xmin, limit])) as { stats_txid: string }[];
    if (rows.length === 0) return xmin;
    const at = rows[0].stats_txid;
    const [{ first }] = (await m.query(`SELECT min(stats_txid) AS first ${range}`, [from, xmin])) as { first: string }[];
    return at === first ? (BigInt(at) + 1n).toString() : at;
  }

  /** Ratings of the range into the delta (level counts) and the tag roll-ups. */
  private async ratingDeltas(m: EntityManager, from: string, to: string): Promise<number> {
    const inRange = `FROM rating r WHERE r.stats_txid >= $1 AND r.stats_txid < $2`;
    const levels = [1, 2, 3, 4, 5].map((l) => `count(*) FILTER (WHERE r.level = ${l})`).join(', ');
    const [{ n: ratings }] = (await m.query(
      `WITH ins AS (INSERT INTO stats_delta (day, window_id, staff_id, service_item_id, unit_id, hall_id, ratings_l1, ratings_l2, ratings_l3, ratings_l4, ratings_l5)
       SELECT ${RATING_DAY}, r.window_id, COALESCE(r.staff_id, '${NONE_ID}'), COALESCE(r.service_item_id, '${NONE_ID}'), r.unit_id, r.hall_id, ${levels}
       ${inRange} GROUP BY 1, 2, 3, 4, 5, 6 RETURNING ratings_l1 + ratings_l2 + ratings_l3 + ratings_l4 + ratings_l5 AS n)
       SELECT COALESCE(sum(n), 0)::int AS n FROM ins`,
      [from, to],
    )) as { n: number }[];
    if (ratings === 0) return 0;
    await m.query(
      `INSERT INTO stats_tag_window AS t (window_id, day, tag_code, level, unit_id, hall_id, count)
       SELECT r.window_id, ${RATING_DAY}, tag, r.level, r.unit_id, r.hall_id, count(*) ${inRange.replace('FROM rating r', 'FROM rating r CROSS JOIN LATERAL unnest(r.tag_codes) AS tag')}
       GROUP BY 1, 2, 3, 4, 5, 6
       ON CONFLICT (window_id, day, tag_code, level, unit_id, hall_id) DO UPDATE SET count = t.count + EXCLUDED.count`,
      [from, to],
    );
    for (const [table, day] of [
      ['stats_tag_unit', RATING_DAY],
      ['stats_tag_unit_month', `date_trunc('month', ${RATING_DAY})::date`],
    ]) {
      await m.query(
        `INSERT INTO ${table} AS t (unit_id, day, tag_code, level, count)
         SELECT r.unit_id, ${day}, tag, r.level, count(*) ${inRange.replace('FROM rating r', 'FROM rating r CROSS JOIN LATERAL unnest(r.tag_codes) AS tag')}
         GROUP BY 1, 2, 3, 4
         ON CONFLICT (unit_id, day, tag_code, level) DO UPDATE SET count = t.count + EXCLUDED.count`,
        [from, to],
      );
    }
    return ratings;
  }

  /**
   * Cases with new timeline entries in the range: their facts recomputed, the difference from the old facts into
   * the delta, the new facts stored.
   */
  private async caseDeltas(m: EntityManager, from: string, to: string): Promise<number> {
    await m.query(`CREATE TEMP TABLE stats_fact_new (LIKE stats_case_fact INCLUDING DEFAULTS) ON COMMIT DROP`);
    await m.query(`INSERT INTO stats_fact_new (${FACT_COLUMNS.join(', ')}) ${CASE_FACTS_SQL}`, [from, to]);
    const counters = COUNTER_COLUMNS.map((c) => `n.${c} - COALESCE(o.${c}, 0)`).join(', ');
    const [{ moved }] = (await m.query(
      `WITH ins AS (INSERT INTO stats_delta (${KEYS.join(', ')}, ${COUNTER_COLUMNS.join(', ')})
       SELECT ${KEYS.map((k) => `n.${k}`).join(', ')}, ${counters}
       FROM stats_fact_new n LEFT JOIN stats_case_fact o ON o.case_id = n.case_id
       RETURNING 1)
       SELECT count(*)::int AS moved FROM ins`,
    )) as { moved: number }[];
    if (moved === 0) return 0;
    await m.query(
      `INSERT INTO stats_case_fact AS f SELECT * FROM stats_fact_new
       ON CONFLICT (case_id) DO UPDATE SET ${COUNTER_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
    );
    return moved;
  }

  /** Adds the batch's deltas into one tier of the roll-ups. */
  private async applyDeltas(m: EntityManager, table: string, keys: readonly string[], monthly: boolean): Promise<void> {
    const sums = COUNTER_COLUMNS.map((c) => `sum(${c})`).join(', ');
    const adds = COUNTER_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');
    const selected = keys.map((k) => (k === 'day' && monthly ? `date_trunc('month', day)::date` : k));
    await m.query(
      `INSERT INTO ${table} AS t (${keys.join(', ')}, ${COUNTER_COLUMNS.join(', ')})
       SELECT ${selected.join(', ')}, ${sums} FROM stats_delta GROUP BY ${selected.join(', ')}
       ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${adds}`,
    );
  }
}

const FACT_COLUMNS = ['case_id', 'rating_id', ...KEYS, ...COUNTER_COLUMNS.filter((c) => !c.startsWith('ratings_'))];

/** A condition as 0 or 1 (unknown is 0). */
const flag = (condition: string) => `COALESCE((${condition}), false)::int`;

/** Working days (the calendar table over the weekday rule) after the China-time day of `a`, up to that of `b`. */
const workingDaysBetween = (a: string, b: string) => `(
  SELECT count(*)::int FROM generate_series((${a} AT TIME ZONE 'Asia/Shanghai')::date + 1, (${b} AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day') AS g(d)
  LEFT JOIN calendar_day cd ON cd.date = g.d::date
  WHERE CASE cd.kind WHEN 'holiday' THEN false WHEN 'workday' THEN true ELSE extract(isodow FROM g.d) < 6 END)`;

/**
 * A case's milestones so far, for every case with a timeline entry in [$1, $2): what it adds to the roll-ups.
 * Definitions (docs/stats.md): a call-back is the unit's recorded call (not the system's 无法联系 for a case
 * without a number); the first reply counts for timeliness and days; a step is late when it came after its
 * deadline or the scheduler marked it overdue before it came; 整改 is a reply or a close other than cancelling.
 */
const CASE_FACTS_SQL = `
  WITH touched AS (SELECT DISTINCT case_id FROM case_event WHERE stats_txid >= $1 AND stats_txid < $2),
  ev AS (
    SELECT e.case_id,
      min(e.at) FILTER (WHERE e.action = 'callback' AND e.actor_kind = 'staff') AS first_callback,
      bool_or(e.action = 'overdue' AND e.once_key LIKE 'overdue:callback%') AS callback_overdue,
      min(e.at) FILTER (WHERE e.action = 'reply') AS first_reply,
      min(e.at) FILTER (WHERE e.action = 'overdue' AND e.once_key LIKE 'overdue:reply%') AS reply_overdue,
      bool_or(e.to_state IN ('replied', 'closed')) AS rectified,
      bool_or(e.action = 'confirm' AND e.to_state IN ('reopened', 'escalated')) AS reopened,
      bool_or(e.action = 'appeal') AS appealed,
      bool_or(e.action = 'appeal-ruling' AND e.to_state = 'closed') AS upheld,
      bool_or(e.action = 'appeal-ruling' AND e.to_state <> 'closed') AS rejected
    FROM case_event e JOIN touched t ON t.case_id = e.case_id
    GROUP BY e.case_id)
  SELECT c.id, c.rating_id, ${RATING_DAY}, r.window_id, COALESCE(r.staff_id, '${NONE_ID}'), COALESCE(r.service_item_id, '${NONE_ID}'), r.unit_id, r.hall_id,
    1,
    ${flag('c.has_contact')},
    ${flag('c.has_contact AND (ev.first_callback IS NOT NULL OR ev.callback_overdue)')},
    ${flag('c.has_contact AND ev.first_callback IS NOT NULL')},
    ${flag('c.has_contact AND ev.first_callback <= c.callback_due_at')},
    CASE WHEN c.has_contact AND ev.first_callback IS NOT NULL THEN ${workingDaysBetween('c.created_at', 'ev.first_callback')} ELSE 0 END,
    ${flag('ev.first_reply IS NOT NULL OR ev.reply_overdue IS NOT NULL')},
    ${flag('ev.first_reply IS NOT NULL')},
    ${flag('ev.first_reply <= c.reply_due_at AND (ev.reply_overdue IS NULL OR ev.reply_overdue > ev.first_reply)')},
    CASE WHEN ev.first_reply IS NOT NULL THEN ${workingDaysBetween('c.created_at', 'ev.first_reply')} ELSE 0 END,
    ${flag('ev.rectified')},
    ${flag('ev.reopened')},
    ${flag('c.follow_up_level IS NOT NULL')},
    ${flag('c.follow_up_level >= 3')},
    ${flag('ev.appealed')},
    ${flag('ev.upheld')},
    ${flag('ev.rejected')}
  FROM ev JOIN rating_case c ON c.id = ev.case_id JOIN rating r ON r.id = c.rating_id`;
