import { Inject, Injectable } from '@nestjs/common';
import {
  AUTH_OPTIONS,
  JwksKeyResolver,
  SigningKeysUnavailableError,
  type ResolvedAuthOptions,
  type SigningKeyResolver,
} from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import { earliestPublishedRetirement } from './key-retention';
import { SigningKeyRepository } from './signing-key.repository';

/** How long a key read from the table is used without reading it again. */
const CACHE_MS = 30_000;
/** How long an unknown kid is remembered as unknown, and how many of them at most. */
const MISS_CACHE_MS = 1_000;
const MAX_CACHED = 1_000;

interface Cached {
  pem: string | null;
  until: number;
}

/**
 * The gateway verifies its own tokens from its signing-key table, without HTTP: the same keys its
 * JWKS publishes (active, or retired within the token lifetime and a margin). Tokens of trusted
 * external issuers go to their JWKS as in every other service.
 */
@Injectable()
export class LocalSigningKeyResolver implements SigningKeyResolver {
  private readonly cache = new Map<string, Cached>();
  private readonly external: JwksKeyResolver;

  constructor(
    private readonly keys: SigningKeyRepository,
    @Inject(SERVICE_ENV) private readonly env: GatewayEnv,
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {
    this.external = new JwksKeyResolver(options);
  }

  async resolve(issuer: string, kid: string | undefined): Promise<string> {
    if (issuer !== this.options.gatewayIssuer) return this.external.resolve(issuer, kid);
    if (!kid) throw new Error('a key id (kid) is required');
    const now = Date.now();
    let entry = this.cache.get(kid);
    if (!entry || entry.until <= now) {
      const key = await this.keys
        .findPublishedByKid(kid, earliestPublishedRetirement(new Date(now), this.env.JWT_TTL_SECONDS))
        .catch((error: unknown) => {
          // The database, not the token, is at fault: 503, not 401.
          throw new SigningKeysUnavailableError(issuer, { cause: error });
        });
      entry = { pem: key?.publicKeyPem ?? null, until: now + (key ? CACHE_MS : MISS_CACHE_MS) };
      this.remember(kid, entry);
    }
    if (!entry.pem) throw new Error(`no published key ${kid}`);
    return entry.pem;
  }

  private remember(kid: string, entry: Cached): void {
    if (this.cache.size >= MAX_CACHED) {
      const now = Date.now();
      for (const [key, cached] of this.cache) if (cached.until <= now) this.cache.delete(key);
      // Still full: a flood of made-up kids. Forget the oldest entries rather than grow.
      for (const key of this.cache.keys()) {
        if (this.cache.size < MAX_CACHED) break;
        this.cache.delete(key);
      }
    }
    this.cache.set(kid, entry);
  }
}
