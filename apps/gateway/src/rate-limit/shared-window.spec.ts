import { decide, previousWeight } from './shared-window';

const MINUTE = 60_000;
const at = (minute: number, seconds: number) => minute * MINUTE + seconds * 1000;

describe('sliding window counter', () => {
  it('weighs the previous minute by the part of the rolling minute it still covers', () => {
    expect(previousWeight(at(100, 0))).toBe(1);
    expect(previousWeight(at(100, 15))).toBe(0.75);
    expect(previousWeight(at(100, 59.999))).toBeCloseTo(0, 4);
  });

  it('counts down what remains from a fresh start', () => {
    const nowMs = at(100, 10);
    expect(decide(3, { previous: 0, current: 1, allowed: true, nowMs })).toEqual({
      allowed: true,
      limit: 3,
      remaining: 2,
      retryAfterSeconds: 0,
    });
    expect(decide(3, { previous: 0, current: 3, allowed: true, nowMs }).remaining).toBe(0);
    expect(decide(3, { previous: 4, current: 1, allowed: true, nowMs: at(100, 45) }).remaining).toBe(1);
  });

  it('when this minute is full: Retry-After reaches into the next, until this minute weighs little enough', () => {
    // 3 of 3 at 0:10: next minute starts in 50 s; there 3 × w + 1 ≤ 3 needs w ≤ 2/3, i.e. 20 s in.
    expect(decide(3, { previous: 0, current: 3, allowed: false, nowMs: at(100, 10) })).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      retryAfterSeconds: 70,
    });
    // A large limit: about the end of this minute.
    expect(
      decide(1200, { previous: 0, current: 1200, allowed: false, nowMs: at(100, 30) }).retryAfterSeconds,
    ).toBe(31);
  });

  it('when the previous minute still weighs too much: Retry-After within this minute', () => {
    // 10 last minute, 2 now, limit 10: 10 × w + 3 ≤ 10 needs w ≤ 0.7, i.e. 18 s in; it is 0:12.
    expect(
      decide(10, { previous: 10, current: 2, allowed: false, nowMs: at(100, 12) }).retryAfterSeconds,
    ).toBe(6);
    expect(
      decide(10, { previous: 10, current: 2, allowed: false, nowMs: at(100, 17.9) }).retryAfterSeconds,
    ).toBe(1);
  });
});
