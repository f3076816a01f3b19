import { ErrorCode } from '@hcp/contracts';
import { chinaToday, monthSegments, resolvePeriods } from './period.js';

describe('statistics periods', () => {
  it('names the month, ISO week and day holding a date, with the one before', () => {
    expect(resolvePeriods({ period: 'month', date: '2026-03-15' }, '2026-11-30')).toMatchObject({
      period: { from: '2026-03-01', to: '2026-03-31' },
      previous: { from: '2026-02-01', to: '2026-02-28' },
      days: 31,
    });
    expect(resolvePeriods({ period: 'month', date: '2026-01-10' }, '2026-11-30').previous).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    // 2026-11-26 is a Thursday: its week runs Monday 23 to Sunday 29 November.
    expect(resolvePeriods({ period: 'week', date: '2026-11-26' }, '2026-11-30')).toMatchObject({
      period: { from: '2026-11-23', to: '2026-11-29' },
      previous: { from: '2026-11-16', to: '2026-11-22' },
    });
    expect(resolvePeriods({ period: 'day', date: '2026-03-01' }, '2026-11-30').previous).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('takes any range, compares it with the same number of days before, and defaults to this month', () => {
    expect(resolvePeriods({ from: '2026-03-10', to: '2026-03-19' }, '2026-11-30')).toMatchObject({
      period: { from: '2026-03-10', to: '2026-03-19' },
      previous: { from: '2026-02-28', to: '2026-03-09' },
      days: 10,
    });
    expect(resolvePeriods({}, '2026-11-30').period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('refuses impossible dates, reversed or huge ranges and dates outside 2000–2099', () => {
    const code = (q: Parameters<typeof resolvePeriods>[0]) => {
      try {
        resolvePeriods(q, '2026-11-30');
        return null;
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    expect(code({ from: '2026-02-30', to: '2026-03-01' })).toBe(ErrorCode.StatsRangeInvalid);
    expect(code({ from: '2026-03-02', to: '2026-03-01' })).toBe(ErrorCode.StatsRangeInvalid);
    expect(code({ from: '2020-01-01', to: '2026-01-01' })).toBe(ErrorCode.StatsRangeInvalid);
    expect(code({ from: '1999-12-31', to: '2000-01-01' })).toBe(ErrorCode.StatsRangeInvalid);
    expect(code({ from: '2026-01-01' })).toBe(ErrorCode.StatsRangeInvalid);
    expect(code({ period: 'day', date: '2026-01-01', from: '2026-01-01' })).toBe(ErrorCode.StatsRangeInvalid);
  });

  it('counts China-time days', () => {
    expect(chinaToday(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
  });
});

describe('periods split for the monthly roll-ups', () => {
  it('reads whole months from the monthly tier and the days around them from the daily one', () => {
    expect(monthSegments({ from: '2026-02-01', to: '2026-02-28' })).toEqual({ days: [], minusDays: [], months: { from: '2026-02-01', to: '2026-02-01' } });
    expect(monthSegments({ from: '2026-01-20', to: '2026-03-31' })).toEqual({ days: [{ from: '2026-01-20', to: '2026-01-31' }], minusDays: [], months: { from: '2026-02-01', to: '2026-03-01' } });
    expect(monthSegments({ from: '2026-02-10', to: '2026-02-14' })).toEqual({ days: [{ from: '2026-02-10', to: '2026-02-14' }], minusDays: [], months: null });
    expect(monthSegments({ from: '2026-02-25', to: '2026-03-03' })).toEqual({ days: [{ from: '2026-02-25', to: '2026-03-03' }], minusDays: [], months: null });
  });

  const day = (d: string) => ({ from: d, to: d });
  it.each([
    ['a year starting on a month\'s last day', { from: '2025-11-30', to: '2026-11-29' }, [day('2025-11-30')], [day('2026-11-30')], { from: '2025-12-01', to: '2026-11-01' }],
    ['a start in mid-month', { from: '2026-01-15', to: '2026-03-31' }, [], [{ from: '2026-01-01', to: '2026-01-14' }], { from: '2026-01-01', to: '2026-03-01' }],
    ['a day short at both ends of two months', { from: '2026-02-02', to: '2026-03-30' }, [], [day('2026-02-01'), day('2026-03-31')], { from: '2026-02-01', to: '2026-03-01' }],
    ['a day short at both ends of one month', { from: '2026-10-02', to: '2026-10-30' }, [], [day('2026-10-01'), day('2026-10-31')], { from: '2026-10-01', to: '2026-10-01' }],
  ])('reads a month the period covers mostly as the month minus the days it leaves out: %s', (_, period, days, minusDays, months) => {
    expect(monthSegments(period)).toEqual({ days, minusDays, months });
  });
});
