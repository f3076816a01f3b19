/**
 * The working-day rule, in China Standard Time (UTC+8, no daylight saving): a working day is Monday–Friday that is
 * not a statutory holiday, or a weekend day designated a make-up workday (调休补班). The server counts deadlines
 * with it; the staff pages count the working days left.
 */
const CST_OFFSET_MS = 8 * 3600 * 1000;

export interface DayExceptions {
  /** Holidays that fall on weekdays (weekend holidays change nothing). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days. */
  workdays: ReadonlySet<string>;
}

/** The calendar date (YYYY-MM-DD) in China of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, exceptions: DayExceptions): boolean {
  if (exceptions.workdays.has(date)) return true;
  if (exceptions.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}
