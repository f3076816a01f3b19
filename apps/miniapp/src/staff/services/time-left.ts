import { chinaDate as chinaDateOf, isWorkingDay, type CalendarYear, type DayExceptions } from '@hcp/contracts';
import { workCalendar } from './cases';

/**
 * How much time is left before a deadline, as someone who handles twenty cases a day reads it: hours on the last
 * day, working days before that (the deadlines themselves are counted in working days, shared DOMAIN.md), and how
 * late once passed. Days are China's, by the working-day rule the server counts deadlines with.
 */
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

export type { DayExceptions };

export const NO_EXCEPTIONS: DayExceptions = { holidays: new Set(), workdays: new Set() };

export interface TimeLeft {
  text: string;
  overdue: boolean;
  /** Less than a day left. */
  soon: boolean;
}

export function chinaDate(instant: number): string {
  return chinaDateOf(new Date(instant));
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * `days`: how the deadline was counted — in working days (the unit's call-back and reply), or in calendar days (the
 * rater's time to answer a reply, after which the case closes as 默认办结).
 */
export function timeLeft(deadline: string, now: number, exceptions: DayExceptions, days: 'working' | 'calendar' = 'working'): TimeLeft {
  const due = Date.parse(deadline);
  if (Number.isNaN(due)) return { text: '', overdue: false, soon: false };
  const left = due - now;
  if (left <= 0) {
    const late = -left;
    const text = late < DAY_MS ? `已超期 ${Math.max(1, Math.floor(late / HOUR_MS))} 小时` : `已超期 ${Math.floor(late / DAY_MS)} 天`;
    return { text, overdue: true, soon: false };
  }
  if (left < DAY_MS) {
    const hours = Math.floor(left / HOUR_MS);
    return { text: hours < 1 ? '不到 1 小时' : `还剩 ${hours} 小时`, overdue: false, soon: true };
  }
  const today = chinaDate(now);
  const last = chinaDate(due);
  if (days === 'calendar') return { text: `还剩 ${Math.round((Date.parse(last) - Date.parse(today)) / DAY_MS)} 天`, overdue: false, soon: false };
  // Working days from today to the deadline's day, both counted: today's remaining hours are time to work too.
  let count = 0;
  // A deadline is at most a few months ahead; the bound only guards against a nonsense date.
  for (let date = today, i = 0; date <= last && i < 400; date = nextDate(date), i += 1) {
    if (isWorkingDay(date, exceptions)) count += 1;
  }
  const todayCounts = isWorkingDay(today, exceptions);
  return { text: `还剩 ${count} 个工作日${todayCounts ? '（含今天）' : ''}`, overdue: false, soon: false };
}

export function exceptionsFrom(years: (CalendarYear | null)[]): DayExceptions {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const year of years) {
    for (const day of year?.days ?? []) {
      if (day.kind === 'holiday') holidays.add(day.date);
      if (day.kind === 'workday') workdays.add(day.date);
    }
  }
  return { holidays, workdays };
}

/** The calendar years between now and the latest of `deadlines` (usually one, two around New Year). */
export async function exceptionsFor(deadlines: string[], now: number): Promise<DayExceptions> {
  const first = Number(chinaDate(now).slice(0, 4));
  const last = Math.max(first, ...deadlines.map((d) => Number(chinaDate(Date.parse(d) || now).slice(0, 4))));
  const years: Promise<CalendarYear | null>[] = [];
  for (let year = first; year <= Math.min(last, first + 1); year += 1) years.push(workCalendar(year));
  return exceptionsFrom(await Promise.all(years));
}
