import { formatDateTime, formatDeadline, windowTitle } from './format';

describe('dates as a citizen in China reads them', () => {
  it('shows a deadline in Beijing time, whatever the phone’s zone', () => {
    // 09:30 UTC is 17:30 in Beijing.
    expect(formatDeadline('2026-06-03T09:30:00.000Z')).toBe('6月3日 17:30');
    // Late UTC evening is the next morning in Beijing.
    expect(formatDeadline('2026-12-31T23:05:00Z')).toBe('1月1日 07:05');
    expect(formatDateTime('2026-12-31T23:05:00Z')).toBe('2027年1月1日 07:05');
  });

  it('shows nothing for a date it cannot read', () => {
    expect(formatDeadline('not a date')).toBe('');
  });

  it('names a window by its number and name', () => {
    expect(windowTitle({ number: '5', name: '不动产登记' })).toBe('5号窗口 不动产登记');
  });
});
