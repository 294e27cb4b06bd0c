import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  AUTH_OPTIONS,
  JwksKeyResolver,
  SigningKeysUnavailableError,
  type ResolvedAuthOptions,
  type SigningKey,
  type SigningKeyResolver,
} from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import { earliestPublishedRetirement } from './key-retention';
import { SigningKeyRepository } from './signing-key.repository';
import { Clock } from '@referral/platform-database';

/** How long a key read from the table is used without reading it again. */
const CACHE_MS = 30_000;
/** How long an unknown kid is remembered as unknown, and how many of them at most. */
const MISS_CACHE_MS = 1_000;
const MAX_CACHED = 1_000;

interface Cached {
  /** Null: no published key has this kid (remembered for MISS_CACHE_MS). */
  pem: string | null;
}

/**
 * The gateway verifies its own tokens from its signing-key table, without HTTP: the same keys its
 * JWKS publishes (active, or retired within the token lifetime and a margin). Tokens of trusted
 * external issuers go to their JWKS as in every other service.
 */
@Injectable()
export class LocalSigningKeyResolver implements SigningKeyResolver {
  /** By kid. When full (a flood of made-up kids) the least recently used goes, rather than grow. */
  private readonly cache = new LRUCache<string, Cached>({
    max: MAX_CACHED,
    ttl: CACHE_MS,
    // Date's clock, as the table's retirement times are.
    perf: { now: () => Date.now() },
  });
  private readonly external: JwksKeyResolver;

  constructor(
    private readonly keys: SigningKeyRepository,
    @Inject(SERVICE_ENV) private readonly env: GatewayEnv,
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly clock: Clock,
  ) {
    this.external = new JwksKeyResolver(options);
  }

  /** The PEM of its own keys (the strategy parses each once); external issuers' keys come parsed. */
  async resolve(issuer: string, kid: string | undefined): Promise<SigningKey> {
    if (issuer !== this.options.gatewayIssuer) return this.external.resolve(issuer, kid);
    if (!kid) throw new Error('a key id (kid) is required');
    let entry = this.cache.get(kid);
    if (!entry) {
      const key = await this.keys
        .findPublishedByKid(kid, earliestPublishedRetirement(this.clock.now(), this.env.JWT_TTL_SECONDS))
        .catch((error: unknown) => {
          // The database, not the token, is at fault: 503, not 401.
          throw new SigningKeysUnavailableError(issuer, { cause: error });
        });
      entry = { pem: key?.publicKeyPem ?? null };
      this.cache.set(kid, entry, { ttl: key ? CACHE_MS : MISS_CACHE_MS });
    }
    if (!entry.pem) throw new Error(`no published key ${kid}`);
    return entry.pem;
  }
}
