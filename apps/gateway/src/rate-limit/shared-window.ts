import type { RateLimitDecision } from './rate-limiter';

export const WINDOW_MS = 60_000;

/** What the counter statement saw: the previous minute's count, this minute's, and the time. */
export interface WindowCounts {
  /** Allowed requests of the client in the previous minute. */
  previous: number;
  /** Allowed requests of the client in this minute, this one included when allowed. */
  current: number;
  /** Whether this request was counted (allowed). */
  allowed: boolean;
  /** The database's clock when counting, in ms since the epoch (one clock for every instance). */
  nowMs: number;
}

/** The weight of the previous minute at `nowMs`: the part of the rolling minute it still covers. */
export const previousWeight = (nowMs: number) => 1 - (nowMs % WINDOW_MS) / WINDOW_MS;

/**
 * The sliding window counter (two fixed minutes, the previous one weighted by how much of the rolling
 * minute it still covers): a request is allowed while `previous × weight + current + 1 ≤ limit`. A
 * client starting afresh gets exactly `limit`; across a minute boundary the estimate assumes the
 * previous minute's requests were spread evenly. Refused requests do not count.
 */
export function decide(limit: number, counts: WindowCounts): RateLimitDecision {
  const weight = previousWeight(counts.nowMs);
  const estimate = counts.previous * weight + counts.current;
  if (counts.allowed) {
    return {
      allowed: true,
      limit,
      remaining: Math.max(0, Math.floor(limit - estimate)),
      retryAfterSeconds: 0,
    };
  }
  return { allowed: false, limit, remaining: 0, retryAfterSeconds: retryAfterSeconds(limit, counts) };
}

/** Whole seconds (at least 1) until `previous × weight + current + 1 ≤ limit` holds again. */
function retryAfterSeconds(limit: number, { previous, current, nowMs }: WindowCounts): number {
  const intoMinute = nowMs % WINDOW_MS;
  let waitMs: number;
  if (current + 1 <= limit) {
    // Within this minute, once the previous one's weight has fallen far enough.
    const weightNeeded = previous > 0 ? (limit - current - 1) / previous : 1;
    waitMs = (1 - weightNeeded) * WINDOW_MS - intoMinute;
  } else {
    // Not this minute: in the next, this minute's count is the weighted one.
    const weightNeeded = (limit - 1) / current;
    waitMs = WINDOW_MS - intoMinute + (1 - weightNeeded) * WINDOW_MS;
  }
  return Math.max(1, Math.ceil(Math.round(waitMs) / 1000)); // whole ms first: no float dust
}
