import { HttpStatus } from '@nestjs/common';
import { ErrorCode, STATS_MAX_DATE, STATS_MAX_RANGE_DAYS, STATS_MIN_DATE, type StatsPeriod, type StatsPeriodKind } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid YYYY-MM-DD (already matched by the DTO's pattern), or null for 2026-02-30. */
function dayNumber(date: string): number | null {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const back = new Date(ms).toISOString().slice(0, 10);
  return back === date ? ms / DAY_MS : null;
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const rangeInvalid = (message: string) => new AppException(ErrorCode.StatsRangeInvalid, HttpStatus.BAD_REQUEST, message);

export interface Periods {
  period: StatsPeriod;
  /** The period of the same length just before (the previous day, week or month for a calendar period). */
  previous: StatsPeriod;
  days: number;
}

/**
 * The period a question names: `period` + `date` (the day, the ISO week from Monday, the calendar month), or
 * `from`/`to` (inclusive), or by default the current month to date. Refuses impossible dates, dates outside
 * 2000–2099, a range ending before it starts, and one longer than STATS_MAX_RANGE_DAYS.
 */
export function resolvePeriods(q: { period?: StatsPeriodKind; date?: string; from?: string; to?: string }, today: string): Periods {
  if (q.period !== undefined || q.date !== undefined) {
    if (q.from !== undefined || q.to !== undefined) throw rangeInvalid('请选择统计周期或起止日期，二者不能同时使用');
    return calendarPeriod(q.period ?? 'month', q.date ?? today);
  }
  if (q.from === undefined && q.to === undefined) return calendarPeriod('month', today);
  if (q.from === undefined || q.to === undefined) throw rangeInvalid('请同时填写开始日期和结束日期');
  const from = checkedDay(q.from);
  const to = checkedDay(q.to);
  if (to < from) throw rangeInvalid('结束日期不能早于开始日期');
  const days = to - from + 1;
  if (days > STATS_MAX_RANGE_DAYS) throw rangeInvalid(`统计范围不能超过${STATS_MAX_RANGE_DAYS}天`);
  return { period: { from: dateOf(from), to: dateOf(to) }, previous: { from: dateOf(from - days), to: dateOf(from - 1) }, days };
}

function checkedDay(date: string): number {
  const day = dayNumber(date);
  if (day === null || date < STATS_MIN_DATE || date > STATS_MAX_DATE) throw rangeInvalid(`日期 ${date} 无效，须在 ${STATS_MIN_DATE} 至 ${STATS_MAX_DATE} 之间`);
  return day;
}

function calendarPeriod(kind: StatsPeriodKind, date: string): Periods {
  const day = checkedDay(date);
  if (kind === 'day') return { period: { from: date, to: date }, previous: { from: dateOf(day - 1), to: dateOf(day - 1) }, days: 1 };
  if (kind === 'week') {
    // 1970-01-01 was a Thursday: Monday-based weekday is (day + 3) mod 7.
    const monday = day - ((day + 3) % 7);
    return { period: { from: dateOf(monday), to: dateOf(monday + 6) }, previous: { from: dateOf(monday - 7), to: dateOf(monday - 1) }, days: 7 };
  }
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1;
  const first = Date.UTC(y, m, 1) / DAY_MS;
  const next = Date.UTC(y, m + 1, 1) / DAY_MS;
  const prevFirst = Date.UTC(y, m - 1, 1) / DAY_MS;
  return { period: { from: dateOf(first), to: dateOf(next - 1) }, previous: { from: dateOf(prevFirst), to: dateOf(first - 1) }, days: next - first };
}

/** Today in China time (figures count China-time days). */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A period split for the roll-ups: months read from the monthly tiers, and days read from the daily ones, added
 * (`days`) or taken off (`minusDays`). A month the period covers only partly is read as the month minus the days it
 * leaves out when that reads fewer rows (2026-11-01 … 11-29 is November minus the 30th), else as its days.
 */
export interface PeriodSegments {
  /** Day ranges (inclusive) read from the daily tiers and added. */
  days: StatsPeriod[];
  /** Day ranges (inclusive) read from the daily tiers and taken off (days of a month read whole but outside the period). */
  minusDays: StatsPeriod[];
  /** First days of the first and last month read from the monthly tier, or null when none is. */
  months: StatsPeriod | null;
}

export function monthSegments(period: StatsPeriod): PeriodSegments {
  const from = dayNumber(period.from)!;
  const to = dayNumber(period.to)!;
  const date = (day: number) => new Date(day * DAY_MS);
  const firstOf = (day: number) => Date.UTC(date(day).getUTCFullYear(), date(day).getUTCMonth(), 1) / DAY_MS;
  const nextFirst = (day: number) => Date.UTC(date(day).getUTCFullYear(), date(day).getUTCMonth() + 1, 1) / DAY_MS;
  const out: PeriodSegments = { days: [], minusDays: [], months: null };
  const range = (a: number, b: number): StatsPeriod => ({ from: dateOf(a), to: dateOf(b) });
  let firstMonth: number | null = null;
  let lastMonth: number | null = null;
  for (let month = firstOf(from); month <= to; month = nextFirst(month)) {
    const end = nextFirst(month) - 1;
    const a = Math.max(from, month);
    const b = Math.min(to, end);
    const covered = b - a + 1;
    const left = end - month + 1 - covered;
    // One month row plus the days left out, against the covered days.
    if (left === 0 || 1 + left < covered) {
      firstMonth ??= month;
      lastMonth = month;
      if (a > month) out.minusDays.push(range(month, a - 1));
      if (b < end) out.minusDays.push(range(b + 1, end));
    } else {
      const last = out.days.at(-1);
      // Consecutive day-read parts (a short period across a month's end) stay one range.
      if (last && dayNumber(last.to)! + 1 === a) last.to = dateOf(b);
      else out.days.push(range(a, b));
    }
  }
  if (firstMonth !== null) out.months = range(firstMonth, lastMonth!);
  return out;
}
