export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** When refused: whole seconds (at least 1) until a request would be allowed again. */
  retryAfterSeconds: number;
}

export type Clock = () => number;

const WINDOW_MS = 60_000;

/** Per-key timestamps of the allowed requests of the last minute, oldest first. */
interface Window {
  times: number[];
  /** Index of the oldest timestamp still in the window (avoids shifting the array). */
  head: number;
}

/**
 * At most `limit` requests per rolling minute per key (a sliding log, exact). In memory: each gateway
 * instance counts its own requests, so N instances allow up to N × limit in total; the fallback of
 * `SharedRateLimiter` while the database cannot be reached. Refused requests
 * do not count. Keys idle for a minute are forgotten on the next sweep.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep: number;

  constructor(
    readonly limit: number,
    private readonly now: Clock = Date.now,
  ) {
    this.lastSweep = now();
  }

  take(key: string): RateLimitDecision {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window) {
      window = { times: [], head: 0 };
      this.windows.set(key, window);
    }
    this.expire(window, now);
    const used = window.times.length - window.head;
    if (used >= this.limit) {
      const oldest = window.times[window.head];
      return {
        allowed: false,
        limit: this.limit,
        remaining: 0,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)),
      };
    }
    window.times.push(now);
    return { allowed: true, limit: this.limit, remaining: this.limit - used - 1, retryAfterSeconds: 0 };
  }

  /** How many keys are tracked (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private expire(window: Window, now: number): void {
    while (window.head < window.times.length && window.times[window.head] <= now - WINDOW_MS) window.head++;
    // Compact once the dead prefix is large, keeping the work amortised O(1).
    if (window.head > 64 && window.head * 2 > window.times.length) {
      window.times = window.times.slice(window.head);
      window.head = 0;
    }
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      this.expire(window, now);
      if (window.head === window.times.length) this.windows.delete(key);
    }
  }
}
