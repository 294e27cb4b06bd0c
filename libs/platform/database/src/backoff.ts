/**
 * How a delay is spread so that work failing together does not retry together:
 * - `full`: anywhere between 0 and the delay (AWS's "full jitter": the least contention);
 * - `{ spread }`: within ± that fraction of the delay (0.2: 80–120%), for a schedule promised to clients;
 * - `none`: exactly the delay, where a floor is promised (a retry never before its configured wait).
 */
export type Jitter = 'full' | 'none' | { spread: number };

/** Exponential backoff: `baseMs` before the first retry, doubling per attempt, never above `capMs`. */
export interface Backoff {
  baseMs: number;
  capMs: number;
  jitter: Jitter;
}

/** `delayMs` with its jitter applied (whole milliseconds). */
export function withJitter(delayMs: number, jitter: Jitter, random: () => number = Math.random): number {
  if (jitter === 'none') return delayMs;
  if (jitter === 'full') return Math.round(random() * delayMs);
  return Math.round(delayMs * (1 + jitter.spread * (2 * random() - 1)));
}

/** The wait before retry `attempt` (1 = the first): `baseMs · 2^(attempt−1)`, capped, then jittered. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  // Past 2^50 the product is beyond any cap; the exponent is bounded so that it stays a finite number.
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(50, Math.max(0, attempt - 1)));
  return withJitter(ceiling, backoff.jitter, random);
}
