import { withJitter } from '@referral/platform-database';

/** API.md: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (ten attempts over about three days). */
export const DEFAULT_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,14h,20h,24h';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_DELAY_MS = 7 * 86_400_000;
const MAX_ATTEMPTS = 50;

/**
 * A retry schedule: comma-separated delays, each a number with an optional unit (`ms`, `s`, `m`, `h`,
 * `d`; none = seconds). The first is the wait before the first attempt, the n-th the wait after the
 * (n-1)-th failed. Null when malformed (empty, more than 50, a delay above 7 days).
 */
export function parseRetrySchedule(text: unknown): number[] | null {
  if (typeof text !== 'string' || !text.trim()) return null;
  const delays: number[] = [];
  for (const item of text.split(',')) {
    const match = /^\s*(\d{1,9})\s*(ms|s|m|h|d)?\s*$/.exec(item);
    if (!match) return null;
    const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
    if (ms > MAX_DELAY_MS) return null;
    delays.push(ms);
  }
  return delays.length <= MAX_ATTEMPTS ? delays : null;
}

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds from `now`
 * (a date in the past is 0). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text), 10 ** 9) * 1000;
  // An HTTP-date names a weekday and a month (IMF-fixdate or the obsolete forms); Date.parse reads them.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export interface RetryPolicy {
  /** Delays in ms (parseRetrySchedule). */
  schedule: readonly number[];
  /** ± this fraction of each delay, at random (0.2: between 80% and 120%). */
  jitter: number;
  /** The longest `Retry-After` honoured, in ms. */
  retryAfterMaxMs: number;
}

/**
 * How long to wait before the next attempt, after `attemptsMade` attempts of a chain failed; null when
 * the schedule is exhausted (the delivery failed for good). The scheduled delay gets jitter so that
 * deliveries failing together do not retry together; a longer `Retry-After` (capped) wins.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attemptsMade: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade >= policy.schedule.length) return null;
  const scheduled = policy.schedule[attemptsMade];
  const jittered = withJitter(scheduled, { spread: policy.jitter }, random);
  const asked = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, policy.retryAfterMaxMs);
  return Math.max(jittered, asked);
}
