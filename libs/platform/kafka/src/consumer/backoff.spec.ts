import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles per attempt within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(1, 100, 30_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 30_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 30_000, () => 1)).toBe(400);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, 100, 5000, () => 1)).toBe(5000);
  });
});
