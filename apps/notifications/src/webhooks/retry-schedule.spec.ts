import {
  DEFAULT_RETRY_SCHEDULE,
  nextRetryDelay,
  parseRetryAfter,
  parseRetrySchedule,
} from './retry-schedule';

const s = 1000;
const min = 60 * s;
const h = 60 * min;

describe('webhook retry schedule', () => {
  it('is by default API.md’s ten attempts over about three days', () => {
    const schedule = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)!;
    expect(schedule).toEqual([0, 5 * s, 5 * min, 30 * min, 2 * h, 5 * h, 10 * h, 14 * h, 20 * h, 24 * h]);
    const total = schedule.reduce((sum, delay) => sum + delay, 0);
    expect(total / h).toBeGreaterThan(72);
    expect(total / h).toBeLessThan(80);
  });

  it('reads units, and seconds without one', () => {
    expect(parseRetrySchedule('0, 250ms,2 ,3s,1m,1h,1d')).toEqual([0, 250, 2 * s, 3 * s, min, h, 24 * h]);
  });

  it.each(['', ' ', '5x', '1,,2', '-1', '1.5s', '8d', Array(51).fill('1').join(',')])(
    'refuses %j',
    (text) => {
      expect(parseRetrySchedule(text)).toBeNull();
    },
  );

  const policy = { schedule: [0, 5 * s, 5 * min], jitter: 0, retryAfterMaxMs: h };

  it('waits the next delay of the schedule after each failure, and stops when it is exhausted', () => {
    expect(nextRetryDelay(policy, 1)).toBe(5 * s);
    expect(nextRetryDelay(policy, 2)).toBe(5 * min);
    expect(nextRetryDelay(policy, 3)).toBeNull();
    expect(nextRetryDelay({ ...policy, schedule: [0] }, 1)).toBeNull();
  });

  it('spreads each delay by the jitter, both ways, and never jitters "at once"', () => {
    const jittered = { ...policy, jitter: 0.2 };
    expect(nextRetryDelay(jittered, 2, undefined, () => 0)).toBe(4 * min);
    expect(nextRetryDelay(jittered, 2, undefined, () => 1)).toBe(6 * min);
    expect(nextRetryDelay(jittered, 2, undefined, () => 0.5)).toBe(5 * min);
    const spread = new Set(Array.from({ length: 50 }, () => nextRetryDelay(jittered, 2)));
    expect(spread.size).toBeGreaterThan(10);
    for (const delay of spread) {
      expect(delay).toBeGreaterThanOrEqual(4 * min);
      expect(delay).toBeLessThanOrEqual(6 * min);
    }
    expect(nextRetryDelay({ ...jittered, schedule: [0, 0] }, 1, undefined, () => 1)).toBe(0);
  });

  it('honours a longer Retry-After, up to its cap, and ignores a shorter one', () => {
    expect(nextRetryDelay(policy, 1, 30 * s)).toBe(30 * s);
    expect(nextRetryDelay(policy, 1, 2 * s)).toBe(5 * s);
    expect(nextRetryDelay(policy, 1, 5 * h)).toBe(h);
    // Retry-After does not add attempts.
    expect(nextRetryDelay(policy, 3, 30 * s)).toBeNull();
  });

  describe('Retry-After', () => {
    const now = new Date('2026-03-04T10:00:00.000Z');

    it('reads delay-seconds', () => {
      expect(parseRetryAfter('120', now)).toBe(120 * s);
      expect(parseRetryAfter(' 0 ', now)).toBe(0);
    });

    it('reads an HTTP-date (IMF-fixdate and the obsolete forms), a past one as now', () => {
      expect(parseRetryAfter('Wed, 04 Mar 2026 10:05:00 GMT', now)).toBe(5 * min);
      expect(parseRetryAfter('Wednesday, 04-Mar-26 10:00:30 GMT', now)).toBe(30 * s);
      expect(parseRetryAfter('Wed Mar  4 10:01:00 2026', now)).toBeGreaterThanOrEqual(0);
      expect(parseRetryAfter('Tue, 03 Mar 2026 10:00:00 GMT', now)).toBe(0);
    });

    it.each([undefined, '', 'soon', '-5', '1.5', '2026-03-04'])('ignores %j', (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    });
  });
});
