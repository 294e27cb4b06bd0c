import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows `limit` requests per rolling minute, counting down what remains', () => {
    const limiter = new RateLimiter(3, clock);
    expect(limiter.take('a')).toEqual({ allowed: true, limit: 3, remaining: 2, retryAfterSeconds: 0 });
    expect(limiter.take('a').remaining).toBe(1);
    expect(limiter.take('a').remaining).toBe(0);
    const refused = limiter.take('a');
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0 });
    expect(refused.retryAfterSeconds).toBe(60);
  });

  it('frees a slot exactly a minute after each allowed request (rolling, not fixed windows)', () => {
    const limiter = new RateLimiter(2, clock);
    limiter.take('a'); // t = 0
    now += 30_000;
    limiter.take('a'); // t = 30 s
    now += 10_000; // t = 40 s
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 20 });
    now += 19_999; // t = 59.999 s: the first is still inside the window
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1; // t = 60 s: the first has left it
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
  });

  it('does not count refused requests', () => {
    const limiter = new RateLimiter(1, clock);
    limiter.take('a');
    for (let i = 0; i < 10; i++) {
      now += 5_000;
      limiter.take('a');
    }
    now = 1_000_000 + 60_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const limiter = new RateLimiter(1, clock);
    limiter.take('a');
    now += 58_500;
    expect(limiter.take('a').retryAfterSeconds).toBe(2);
    now += 1_499;
    expect(limiter.take('a').retryAfterSeconds).toBe(1);
  });

  it('counts each key on its own', () => {
    const limiter = new RateLimiter(1, clock);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('forgets keys idle for a minute', () => {
    const limiter = new RateLimiter(5, clock);
    limiter.take('a');
    limiter.take('b');
    expect(limiter.size).toBe(2);
    now += 61_000;
    limiter.take('c');
    expect(limiter.size).toBe(1);
  });

  it('keeps an exact count over many requests (compaction)', () => {
    const limiter = new RateLimiter(100, clock);
    for (let i = 0; i < 1000; i++) {
      now += 600; // 100 per minute exactly
      expect(limiter.take('a').allowed).toBe(true);
    }
    expect(limiter.take('a').allowed).toBe(false);
  });
});
