import { createHash, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Caller } from './caller';

/** Bounds of the cache of verified tokens. */
export interface TokenCacheOptions {
  /** Tokens remembered at most; the least recently used one goes first. */
  maxEntries: number;
  /** How long a token is remembered at most, even when its `exp` is further away. */
  maxAgeMs: number;
}

export const DEFAULT_TOKEN_CACHE: TokenCacheOptions = { maxEntries: 10_000, maxAgeMs: 5 * 60_000 };

/** What a verified token came to, and the key that verified it. */
export interface VerifiedToken {
  caller: Caller;
  issuer: string;
  kid: string;
  /** The key the signature was verified with: a hit counts only while the resolver still gives it. */
  key: KeyObject;
}

/** SHA-256 of the raw token: the cache never holds (nor could log) a token itself. */
export function tokenDigest(rawToken: string): string {
  return createHash('sha256').update(rawToken).digest('base64url');
}

/**
 * Tokens that passed every check, by the SHA-256 of their raw text, so that the same token seen again
 * skips the RSA verification. Only ever filled after a successful verification; an entry ends at the
 * token's `exp` (not `exp` plus the clock tolerance: stricter than the verification itself), after
 * `maxAgeMs` at the latest, and the least recently used entry makes room when `maxEntries` are held.
 * `nbf` needs nothing: it was reached when the token was verified and stays reached.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, VerifiedToken>;

  constructor(
    private readonly options: TokenCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new Error('auth: tokenCache.maxEntries must be a positive integer');
    }
    if (!(options.maxAgeMs > 0)) throw new Error('auth: tokenCache.maxAgeMs must be positive');
    this.entries = new LRUCache({
      max: options.maxEntries,
      ttl: options.maxAgeMs,
      // The clock read on every check (none kept for a millisecond): an entry ends exactly at its `exp`.
      ttlResolution: 0,
      perf: { now },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** The token, while remembered; a stale entry is dropped on the way. */
  get(digest: string): VerifiedToken | undefined {
    return this.entries.get(digest);
  }

  /** Remembers a verified token until its `exp` (seconds since the epoch) at the latest. */
  set(digest: string, token: VerifiedToken, expSeconds: number): void {
    const now = this.now();
    this.entries.delete(digest);
    // lru-cache ends an entry once its age is above its ttl, so 1 ms less ends it at `exp` itself; a ttl
    // of 0 would mean "for ever", hence nothing below 1 (a token that expired, accepted within the
    // clock tolerance, or has a millisecond left, is not remembered).
    const ttl = Math.min(expSeconds * 1000 - now, this.options.maxAgeMs) - 1;
    if (!(ttl >= 1)) return;
    this.entries.set(digest, token, { ttl });
  }

  delete(digest: string): void {
    this.entries.delete(digest);
  }

  clear(): void {
    this.entries.clear();
  }
}
