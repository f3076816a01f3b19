import { toFigures, zeroCounters } from './figures.js';

describe('headline figures from the roll-up counters', () => {
  it('gives null, not 0 or 100 %, when a rate has nothing to count', () => {
    const f = toFigures(zeroCounters());
    expect(f.counts.ratings).toBe(0);
    expect([f.goodRate, f.badRate, f.callbackRate, f.onTimeCallbackRate, f.rectificationRate, f.onTimeRate, f.reopenRate, f.avgReplyWorkingDays]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('counts 基本满意 as 好评 and makes each rate of its own numerator and denominator', () => {
    const c = { ...zeroCounters(), ratings_l1: 1, ratings_l2: 1, ratings_l3: 2, ratings_l4: 2, ratings_l5: 4 };
    Object.assign(c, { cases: 2, cases_with_contact: 1, callback_due: 1, called_back: 1, called_back_on_time: 0, callback_days: 3 });
    Object.assign(c, { reply_due: 2, replied: 2, replied_on_time: 2, reply_days: 10, rectified: 2, reopened: 1 });
    Object.assign(c, { follow_ups: 2, follow_ups_good: 1, appeals: 3, appeals_upheld: 1, appeals_rejected: 1 });
    const f = toFigures(c);
    expect(f.counts.levels).toEqual([1, 1, 2, 2, 4]);
    expect(f.goodRate).toBe(0.8);
    expect(f.badRate).toBe(0.2);
    expect(f.callbackRate).toBe(1);
    expect(f.onTimeCallbackRate).toBe(0);
    expect(f.onTimeRate).toBe(2 / 3);
    expect(f.avgCallbackWorkingDays).toBe(3);
    expect(f.avgReplyWorkingDays).toBe(5);
    expect(f.reopenRate).toBe(0.5);
    expect(f.followUps).toEqual({ total: 2, good: 1, bad: 1, goodRate: 0.5 });
    expect(f.appeals).toEqual({ filed: 3, upheld: 1, rejected: 1, pending: 1 });
  });
});
