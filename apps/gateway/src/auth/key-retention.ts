/**
 * How long a retired key stays published and accepted: every token it signed lives at most
 * JWT_TTL_SECONDS, plus this margin for clock skew between machines and for JWKS caches.
 */
export const RETIRED_KEY_GRACE_SECONDS = 300;

export function retiredKeyPublishedUntil(retiredAt: Date, ttlSeconds: number): Date {
  return new Date(retiredAt.getTime() + (ttlSeconds + RETIRED_KEY_GRACE_SECONDS) * 1000);
}

/** Keys retired after this instant are still published and still verify tokens. */
export function earliestPublishedRetirement(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() - (ttlSeconds + RETIRED_KEY_GRACE_SECONDS) * 1000);
}
