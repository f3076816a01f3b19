import type { StatsCounts, StatsExcluded, StatsFigures } from '@hcp/contracts';
import { COUNTER_COLUMNS, type CounterColumn } from './entities/stats-counters.js';

/** The counters of a roll-up sum, by column name. */
export type CounterRow = Record<CounterColumn, number>;

export const zeroCounters = (): CounterRow => Object.fromEntries(COUNTER_COLUMNS.map((c) => [c, 0])) as CounterRow;

/** Reads the counters of a SQL row (bigint sums arrive as strings). */
export function readCounters(row: Record<string, unknown>): CounterRow {
  return Object.fromEntries(COUNTER_COLUMNS.map((c) => [c, Number(row[c] ?? 0)])) as CounterRow;
}

const rate = (numerator: number, denominator: number): number | null => (denominator > 0 ? numerator / denominator : null);

/** The headline figures from the counters (definitions: docs/stats.md). */
export function toFigures(c: CounterRow): StatsFigures {
  const levels: StatsCounts['levels'] = [c.ratings_l1, c.ratings_l2, c.ratings_l3, c.ratings_l4, c.ratings_l5];
  const ratings = levels.reduce((a, b) => a + b, 0);
  const counts: StatsCounts = {
    ratings,
    levels,
    cases: c.cases,
    casesWithContact: c.cases_with_contact,
    callbackDue: c.callback_due,
    calledBack: c.called_back,
    calledBackOnTime: c.called_back_on_time,
    replyDue: c.reply_due,
    replied: c.replied,
    repliedOnTime: c.replied_on_time,
    rectified: c.rectified,
    reopened: c.reopened,
    callbackWorkingDays: c.callback_days,
    replyWorkingDays: c.reply_days,
    followUps: c.follow_ups,
    followUpsGood: c.follow_ups_good,
    appeals: c.appeals,
    appealsUpheld: c.appeals_upheld,
    appealsRejected: c.appeals_rejected,
  };
  return {
    counts,
    goodRate: rate(c.ratings_l3 + c.ratings_l4 + c.ratings_l5, ratings),
    badRate: rate(c.ratings_l1 + c.ratings_l2, ratings),
    callbackRate: rate(c.called_back, c.cases_with_contact),
    onTimeCallbackRate: rate(c.called_back_on_time, c.callback_due),
    rectificationRate: rate(c.rectified, c.cases),
    onTimeRate: rate(c.called_back_on_time + c.replied_on_time, c.callback_due + c.reply_due),
    avgCallbackWorkingDays: rate(c.callback_days, c.called_back),
    avgReplyWorkingDays: rate(c.reply_days, c.replied),
    reopenRate: rate(c.reopened, c.replied),
    followUps: { total: c.follow_ups, good: c.follow_ups_good, bad: c.follow_ups - c.follow_ups_good, goodRate: rate(c.follow_ups_good, c.follow_ups) },
    appeals: {
      filed: c.appeals,
      upheld: c.appeals_upheld,
      rejected: c.appeals_rejected,
      pending: c.appeals - c.appeals_upheld - c.appeals_rejected,
    },
  };
}

export const noneExcluded = (): StatsExcluded => ({ flagged: 0, invalidated: 0 });
