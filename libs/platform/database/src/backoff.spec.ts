import { backoffDelay, withJitter } from './backoff';

describe('backoffDelay', () => {
  const full = { baseMs: 100, capMs: 30_000, jitter: 'full' } as const;

  it('does full jitter: anywhere between 0 and the doubling ceiling', () => {
    expect(backoffDelay(1, full, () => 0)).toBe(0);
    expect(backoffDelay(1, full, () => 0.5)).toBe(50);
    expect(backoffDelay(1, full, () => 1)).toBe(100);
    expect(backoffDelay(3, full, () => 0)).toBe(0);
    expect(backoffDelay(3, full, () => 1)).toBe(400);
    const delays = Array.from({ length: 200 }, () => backoffDelay(4, full));
    expect(Math.min(...delays)).toBeLessThan(200); // below half the ceiling: not "equal jitter"
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(backoffDelay(30, { ...full, capMs: 5000 }, () => 1)).toBe(5000);
    expect(backoffDelay(5000, { ...full, capMs: 5000 }, () => 1)).toBe(5000);
  });

  it('without jitter: the ceiling itself, from the first retry on', () => {
    const exact = { baseMs: 5000, capMs: 3_600_000, jitter: 'none' } as const;
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, exact))).toEqual([
      5000, 10_000, 20_000, 40_000,
    ]);
    expect(backoffDelay(20, exact)).toBe(3_600_000);
    expect(backoffDelay(0, exact)).toBe(5000);
  });
});

describe('withJitter', () => {
  it('spreads by a fraction both ways', () => {
    expect(withJitter(1000, { spread: 0.2 }, () => 0)).toBe(800);
    expect(withJitter(1000, { spread: 0.2 }, () => 0.5)).toBe(1000);
    expect(withJitter(1000, { spread: 0.2 }, () => 1)).toBe(1200);
    expect(withJitter(0, { spread: 0.2 }, () => 1)).toBe(0);
  });
});
