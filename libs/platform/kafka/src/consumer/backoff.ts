/** Exponential backoff with full jitter, capped: attempt 1 waits up to `base`, then doubles. */
export function backoffDelay(attempt: number, baseMs: number, capMs = 30_000, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
