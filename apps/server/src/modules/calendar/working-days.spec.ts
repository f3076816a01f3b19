import { addWorkingDays, chinaDate, isWorkingDay, type DayExceptions } from './working-days.js';

// The 2026 National Day arrangement: 1–7 October off, Saturday 10 October a make-up workday.
const golden: DayExceptions = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-10-10']),
};

describe('working days', () => {
  it('reads the date in China time', () => {
    expect(chinaDate(new Date('2026-09-30T17:00:00Z'))).toBe('2026-10-01'); // 01:00 on 1 October in Beijing
  });

  it('knows weekends, holidays and make-up workdays', () => {
    expect(isWorkingDay('2026-09-30', golden)).toBe(true);
    expect(isWorkingDay('2026-10-05', golden)).toBe(false);
    expect(isWorkingDay('2026-10-10', golden)).toBe(true); // a Saturday, but 调休补班
    expect(isWorkingDay('2026-10-11', golden)).toBe(false);
  });

  it('makes a case filed on the evening before the holiday due after the holiday', () => {
    const filed = new Date('2026-09-30T12:30:00Z'); // Wednesday 20:30 in Beijing
    expect(addWorkingDays(filed, 1, golden).toISOString()).toBe('2026-10-08T15:59:59.999Z'); // end of Thursday 8 Oct
    expect(addWorkingDays(filed, 3, golden).toISOString()).toBe('2026-10-10T15:59:59.999Z'); // the make-up Saturday
  });

  it('counts 15 working days over plain weekends', () => {
    const filed = new Date('2026-11-02T02:00:00Z'); // Monday
    expect(addWorkingDays(filed, 15, { holidays: new Set(), workdays: new Set() }).toISOString()).toBe('2026-11-23T15:59:59.999Z');
  });
});
