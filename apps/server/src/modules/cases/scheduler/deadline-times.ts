import type { CaseSettings } from '@hcp/contracts';
import { chinaDate } from '../../calendar/working-days.js';

/** What deadline arithmetic needs of the working-day calendar (WorkCalendarService is one). */
export interface WorkingDayCalendar {
  /** The end (23:59:59.999 China time) of the n-th working day after the day of `from`. */
  deadline(from: Date, workingDays: number): Date;
}

export interface CaseDeadlineTimes {
  callbackDueAt: Date;
  replyDueAt: Date;
  callbackRemindAt: Date | null;
  replyRemindAt: Date | null;
  defaultCloseDays: number;
}

const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Everything a case stores about its deadlines when it opens, from the settings of its unit's region. */
export function caseDeadlines(openedAt: Date, settings: CaseSettings, calendar: WorkingDayCalendar): CaseDeadlineTimes {
  return {
    callbackDueAt: calendar.deadline(openedAt, settings.callbackWorkingDays),
    replyDueAt: calendar.deadline(openedAt, settings.replyWorkingDays),
    ...reminderTimes(openedAt, settings, calendar),
    defaultCloseDays: settings.defaultCloseDays,
  };
}

/**
 * When the unit is reminded of each deadline: the moment `remindWorkingDaysBefore` working days are left, i.e. the
 * start (00:00 China time) of the deadline's working day counted that many back. A deadline nearer than that is
 * reminded at the start of the first working day after opening; none when reminders are off (0) or the deadline is
 * the opening day itself.
 */
export function reminderTimes(openedAt: Date, settings: CaseSettings, calendar: WorkingDayCalendar): { callbackRemindAt: Date | null; replyRemindAt: Date | null } {
  const remindAt = (workingDays: number): Date | null => {
    if (settings.remindWorkingDaysBefore === 0 || workingDays === 0) return null;
    const day = Math.max(1, workingDays - settings.remindWorkingDaysBefore + 1);
    return new Date(calendar.deadline(openedAt, day).getTime() - DAY_MS + 1);
  };
  return { callbackRemindAt: remindAt(settings.callbackWorkingDays), replyRemindAt: remindAt(settings.replyWorkingDays) };
}

/**
 * When the rater's answer to a reply is due (默认办结 after it): the end of the `defaultCloseDays`-th calendar day
 * after the day of the reply, China time, so the rater has whole days and the page can name a date.
 */
export function confirmDueAt(repliedAt: Date, defaultCloseDays: number): Date {
  const replyDay = Date.parse(`${chinaDate(repliedAt)}T23:59:59.999Z`) - CST_OFFSET_MS;
  return new Date(replyDay + defaultCloseDays * DAY_MS);
}
