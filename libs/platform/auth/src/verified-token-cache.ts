import { createHash, type KeyObject } from 'node:crypto';
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

interface Entry extends VerifiedToken {
  /** Epoch ms after which the entry is no longer used: never later than the token's `exp`. */
  until: number;
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
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: TokenCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new Error('auth: tokenCache.maxEntries must be a positive integer');
    }
    if (!(options.maxAgeMs > 0)) throw new Error('auth: tokenCache.maxAgeMs must be positive');
  }

  get size(): number {
    return this.entries.size;
  }

  get(digest: string): VerifiedToken | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    this.entries.delete(digest);
    if (entry.until <= this.now()) return undefined;
    // Most recently used last: the first key of the map is the one to evict.
    this.entries.set(digest, entry);
    return entry;
  }

  /** Remembers a verified token until its `exp` (seconds since the epoch) at the latest. */
  set(digest: string, token: VerifiedToken, expSeconds: number): void {
    const now = this.now();
    const until = Math.min(expSeconds * 1000, now + this.options.maxAgeMs);
    this.entries.delete(digest);
    if (!(until > now)) return; // already expired (accepted within the clock tolerance only)
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(digest, { ...token, until });
  }

  delete(digest: string): void {
    this.entries.delete(digest);
  }

  clear(): void {
    this.entries.clear();
  }
}
