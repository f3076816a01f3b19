/**
 * Working-day arithmetic in China Standard Time (UTC+8, no daylight saving). The rule of a working day is written
 * once, in the contracts (the staff pages count with it too).
 */
import { chinaDate, isWorkingDay, type DayExceptions } from '@hcp/contracts';

export { chinaDate, isWorkingDay, type DayExceptions };

const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The deadline `n` working days after `from`: the end (23:59:59.999 China time) of the n-th working day after the
 * day of `from`. The day itself does not count, so a case filed on a Friday evening before a holiday is due at the
 * end of the first working day after the holiday. `n = 0` means the end of `from`'s own day.
 */
export function addWorkingDays(from: Date, n: number, exceptions: DayExceptions): Date {
  let date = chinaDate(from);
  for (let counted = 0; counted < n; ) {
    date = nextDate(date);
    if (isWorkingDay(date, exceptions)) counted += 1;
  }
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - CST_OFFSET_MS);
}
