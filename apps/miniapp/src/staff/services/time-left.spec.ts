import type { CalendarYear } from '@hcp/contracts';
import { exceptionsFrom, NO_EXCEPTIONS, timeLeft } from './time-left';

/** A Beijing wall-clock time as an instant. */
const at = (local: string) => Date.parse(`${local}+08:00`);
/** The end of a Beijing day, as the server's deadlines are. */
const endOf = (date: string) => new Date(at(`${date}T23:59:59.999`)).toISOString();

// The 2026 National Day holiday: 1–7 October off, Sunday 27 September and Saturday 10 October worked (调休).
const national: CalendarYear = {
  year: 2026,
  complete: true,
  days: [
    { date: '2026-09-27', kind: 'workday', name: '国庆节补班', source: 'chinese-days' },
    ...['01', '02', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const, name: '国庆节', source: 'chinese-days' as const })),
    { date: '2026-10-10', kind: 'workday', name: '国庆节补班', source: 'chinese-days' },
  ],
};

describe('timeLeft()', () => {
  it('counts hours on the last day', () => {
    expect(timeLeft(endOf('2026-06-03'), at('2026-06-03T10:00'), NO_EXCEPTIONS)).toEqual({ text: '还剩 13 小时', overdue: false, soon: true });
    expect(timeLeft(endOf('2026-06-03'), at('2026-06-03T23:30'), NO_EXCEPTIONS).text).toBe('不到 1 小时');
  });

  it('counts working days, today included, and skips the weekend', () => {
    // Friday 5 June to the end of Tuesday 9 June: Friday, Monday, Tuesday.
    expect(timeLeft(endOf('2026-06-09'), at('2026-06-05T09:00'), NO_EXCEPTIONS)).toEqual({ text: '还剩 3 个工作日（含今天）', overdue: false, soon: false });
    // From a Saturday: Monday and Tuesday.
    expect(timeLeft(endOf('2026-06-09'), at('2026-06-06T09:00'), NO_EXCEPTIONS).text).toBe('还剩 2 个工作日');
  });

  it('skips the National Day holiday and counts its make-up Saturday', () => {
    // A case opened on the evening of 30 September: the call-back is due at the end of Thursday 8 October.
    const exceptions = exceptionsFrom([national]);
    expect(timeLeft(endOf('2026-10-08'), at('2026-09-30T20:00'), exceptions).text).toBe('还剩 2 个工作日（含今天）');
    // Friday 9 October to the end of Monday 12 October: Friday, Saturday 10 (worked), Monday.
    expect(timeLeft(endOf('2026-10-12'), at('2026-10-09T09:00'), exceptions).text).toBe('还剩 3 个工作日（含今天）');
  });

  it('counts calendar days for the rater’s time to answer', () => {
    expect(timeLeft(endOf('2026-06-10'), at('2026-06-03T10:00'), NO_EXCEPTIONS, 'calendar')).toEqual({ text: '还剩 7 天', overdue: false, soon: false });
  });

  it('says how late an overdue step is', () => {
    expect(timeLeft(endOf('2026-06-03'), at('2026-06-04T05:00'), NO_EXCEPTIONS)).toEqual({ text: '已超期 5 小时', overdue: true, soon: false });
    expect(timeLeft(endOf('2026-06-03'), at('2026-06-06T09:00'), NO_EXCEPTIONS).text).toBe('已超期 2 天');
  });
});
