import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEFAULT_CASE_SETTINGS, type CaseSettings } from '@hcp/contracts';
import { addWorkingDays, type DayExceptions } from '../../calendar/working-days.js';
import { resolveCaseSettings } from '../settings/case-settings.js';
import { caseDeadlines, confirmDueAt, reminderTimes, type WorkingDayCalendar } from './deadline-times.js';

/** The State Council's arrangements as the server seeds them: the `chinese-days` package's data. */
function packageExceptions(): { holidays: Set<string>; workdays: Set<string> } {
  const root = dirname(createRequire(import.meta.url).resolve('chinese-days/package.json'));
  const data = JSON.parse(readFileSync(join(root, 'dist', 'chinese-days.json'), 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
  return { holidays: new Set(Object.keys(data.holidays)), workdays: new Set(Object.keys(data.workdays)) };
}

const calendarOf = (exceptions: DayExceptions): WorkingDayCalendar => ({ deadline: (from, n) => addWorkingDays(from, n, exceptions) });

/** An instant given in China time (UTC+8). */
const cst = (local: string) => new Date(`${local}+08:00`);
/** The end of a day, China time, as stored. */
const endOf = (date: string) => cst(`${date}T23:59:59.999`).toISOString();
/** The start of a day, China time. */
const startOf = (date: string) => cst(`${date}T00:00:00.000`).toISOString();

const iso = (times: Record<string, Date | null | number>) =>
  Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

describe('case deadlines on the 2026 calendar', () => {
  const calendar = calendarOf(packageExceptions());

  it('reads the 2026 arrangement from the package: Spring Festival and National Day with their make-up workdays', () => {
    const { holidays, workdays } = packageExceptions();
    expect(['2026-02-15', '2026-02-23', '2026-10-01', '2026-10-07'].every((d) => holidays.has(d))).toBe(true);
    expect(['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'].every((d) => workdays.has(d))).toBe(true);
  });

  it('runs over a plain weekend: opened on a Friday, called back by Monday, replied three weeks later', () => {
    const opened = cst('2026-11-06T10:00:00'); // Friday
    expect(iso({ ...caseDeadlines(opened, DEFAULT_CASE_SETTINGS, calendar) })).toEqual({
      callbackDueAt: endOf('2026-11-09'), // Monday
      replyDueAt: endOf('2026-11-27'), // 9–13, 16–20, 23–27 November
      callbackRemindAt: startOf('2026-11-09'), // one working day left: Monday morning, not Saturday
      replyRemindAt: startOf('2026-11-27'),
      defaultCloseDays: 7,
    });
  });

  it('runs over the Spring Festival: the make-up Saturdays count, the nine days off do not', () => {
    const opened = cst('2026-02-13T15:00:00'); // Friday before the festival
    expect(iso({ ...caseDeadlines(opened, DEFAULT_CASE_SETTINGS, calendar) })).toEqual({
      callbackDueAt: endOf('2026-02-14'), // Saturday, a make-up workday (调休补班)
      // 14 Feb (1); 15–23 Feb off; 24–27 Feb (2–5); Saturday 28 Feb (6); 2–6 March (7–11); 9–12 March (12–15)
      replyDueAt: endOf('2026-03-12'),
      callbackRemindAt: startOf('2026-02-14'),
      replyRemindAt: startOf('2026-03-12'),
      defaultCloseDays: 7,
    });
  });

  it('makes a case opened on the evening of 30 September due after National Day, counting Saturday 10 October', () => {
    const opened = cst('2026-09-30T20:30:00'); // Wednesday evening; 1–7 October off
    expect(iso({ ...caseDeadlines(opened, DEFAULT_CASE_SETTINGS, calendar) })).toEqual({
      callbackDueAt: endOf('2026-10-08'), // Thursday, the first working day after the holiday
      // 8, 9 Oct (1–2); Saturday 10 Oct (3); 12–16 (4–8); 19–23 (9–13); 26–27 (14–15)
      replyDueAt: endOf('2026-10-27'),
      // Not the night of 30 September: the reminder comes on the morning the last working day begins.
      callbackRemindAt: startOf('2026-10-08'),
      replyRemindAt: startOf('2026-10-27'),
      defaultCloseDays: 7,
    });
  });

  it('follows a day an administrator corrected: a local holiday on 8 October moves both deadlines by a working day', () => {
    const corrected = packageExceptions();
    corrected.holidays.add('2026-10-08'); // PUT /calendar/days/2026-10-08 {kind: 'holiday'}
    const opened = cst('2026-09-30T20:30:00');
    const deadlines = caseDeadlines(opened, DEFAULT_CASE_SETTINGS, calendarOf(corrected));
    expect(iso({ callback: deadlines.callbackDueAt, reply: deadlines.replyDueAt })).toEqual({ callback: endOf('2026-10-09'), reply: endOf('2026-10-28') });

    // And a make-up Saturday set back to an ordinary weekend day ({kind: 'normal'}) no longer counts.
    const noMakeUp = packageExceptions();
    noMakeUp.workdays.delete('2026-10-10');
    expect(caseDeadlines(opened, DEFAULT_CASE_SETTINGS, calendarOf(noMakeUp)).replyDueAt.toISOString()).toBe(endOf('2026-10-28'));
  });

  it('uses a region’s own settings, inherited by the regions under it', () => {
    const own: CaseSettings = { callbackWorkingDays: 2, replyWorkingDays: 10, remindWorkingDaysBefore: 3, defaultCloseDays: 5 };
    const chain = [
      { code: '370902000000', settings: null },
      { code: '370900000000', settings: own },
      { code: '370000000000', settings: { ...DEFAULT_CASE_SETTINGS, replyWorkingDays: 20 } },
    ];
    const { settings, inheritedFrom } = resolveCaseSettings(chain);
    expect(inheritedFrom).toBe('370900000000');
    const opened = cst('2026-11-02T09:00:00'); // Monday
    expect(iso({ ...caseDeadlines(opened, settings, calendar) })).toEqual({
      callbackDueAt: endOf('2026-11-04'), // Wednesday
      replyDueAt: endOf('2026-11-16'), // 3–6, 9–13, 16 November
      callbackRemindAt: startOf('2026-11-03'), // three days before would be before opening: the first working day
      replyRemindAt: startOf('2026-11-12'), // 12, 13 and 16 November left
      defaultCloseDays: 5,
    });
    expect(resolveCaseSettings([{ code: '370902000000', settings: null }])).toEqual({ settings: DEFAULT_CASE_SETTINGS, inheritedFrom: null });
  });

  it('sends no reminder when reminders are off or the deadline is the opening day', () => {
    const opened = cst('2026-11-02T09:00:00');
    expect(reminderTimes(opened, { ...DEFAULT_CASE_SETTINGS, remindWorkingDaysBefore: 0 }, calendar)).toEqual({ callbackRemindAt: null, replyRemindAt: null });
    expect(reminderTimes(opened, { ...DEFAULT_CASE_SETTINGS, callbackWorkingDays: 0 }, calendar).callbackRemindAt).toBeNull();
  });

  it('gives the rater whole calendar days to answer a reply before 默认办结', () => {
    expect(confirmDueAt(cst('2026-09-30T20:30:00'), 7).toISOString()).toBe(endOf('2026-10-07')); // holidays count: calendar days
    expect(confirmDueAt(cst('2026-10-08T00:30:00'), 1).toISOString()).toBe(endOf('2026-10-09'));
  });
});
