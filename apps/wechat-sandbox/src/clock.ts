/** Wall-clock time plus an offset a test can move forward, so expiries can be exercised without waiting. */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('time only moves forward: give a non-negative number of milliseconds');
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The calendar day in China (UTC+8, no daylight saving), which is when WeChat's daily quotas reset. */
export function chinaDay(nowMs: number): string {
  return new Date(nowMs + 8 * HOUR).toISOString().slice(0, 10);
}
