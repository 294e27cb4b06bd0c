import type { ModuleMetadata, Provider } from '@nestjs/common';
import type { ServiceEnv } from '@referral/platform-config';
import { DEFAULT_TOKEN_CACHE, type TokenCacheOptions } from './verified-token-cache';

/** An external OIDC issuer whose tokens are accepted besides the gateway's. */
export interface TrustedIssuer {
  issuer: string;
  jwksUrl: string;
  /** The `aud` its tokens must carry; the service's own audience when absent. */
  audience?: string;
}

export interface PlatformAuthOptions {
  /** `iss` of the gateway's tokens. */
  issuer: string;
  /** `aud` the gateway's tokens must carry. */
  audience: string;
  /** The gateway's JWKS. */
  jwksUrl: string;
  trustedIssuers: TrustedIssuer[];
  /** Leeway for `exp` and `nbf`. */
  clockToleranceSeconds: number;
  /** Replaces the JWKS resolver, e.g. the gateway's own keys: a class, or a provider of `SIGNING_KEY_RESOLVER`. */
  resolver?: Provider;
  /** Modules the replacement resolver depends on. */
  imports?: ModuleMetadata['imports'];
  /** JWKS client tuning; production needs none. */
  jwks?: Partial<JwksTuning>;
  /**
   * Bounds of the cache of verified tokens (a repeated token skips the RSA verification); `false`
   * turns it off. Production needs nothing here.
   */
  tokenCache?: Partial<TokenCacheOptions> | false;
}

/** Tuning of the JWKS clients; the defaults suit production. */
export interface JwksTuning {
  /** How long a fetched key is trusted before the JWKS is asked again. */
  cacheMaxAgeMs: number;
  /** Fetches per minute and issuer at most (a flood of unknown `kid`s must not become a flood of fetches). */
  requestsPerMinute: number;
  /** After a fetch (or a failed one), the JWKS is not asked again for this long. */
  cooldownMs: number;
  timeoutMs: number;
}

export const DEFAULT_JWKS_TUNING: JwksTuning = {
  cacheMaxAgeMs: 10 * 60_000,
  requestsPerMinute: 10,
  cooldownMs: 30_000,
  timeoutMs: 5_000,
};

/** One issuer whose tokens a service accepts, with where its keys are and the audience it must name. */
export interface IssuerPolicy {
  issuer: string;
  jwksUrl: string;
  audience: string;
}

/** The options as the strategy and resolver use them (`AUTH_OPTIONS`). */
export interface ResolvedAuthOptions {
  gatewayIssuer: string;
  /** Every accepted issuer, the gateway's first. */
  issuers: ReadonlyMap<string, IssuerPolicy>;
  clockToleranceSeconds: number;
  jwks: JwksTuning;
  /** `null`: every token is verified, however often it is seen. */
  tokenCache: TokenCacheOptions | null;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export function resolveAuthOptions(options: PlatformAuthOptions): ResolvedAuthOptions {
  const policies: IssuerPolicy[] = [
    { issuer: options.issuer, jwksUrl: options.jwksUrl, audience: options.audience },
    ...options.trustedIssuers.map((t) => ({
      issuer: t.issuer,
      jwksUrl: t.jwksUrl,
      audience: t.audience ?? options.audience,
    })),
  ];
  const issuers = new Map<string, IssuerPolicy>();
  for (const policy of policies) {
    if (!policy.issuer || !policy.jwksUrl || !policy.audience) {
      throw new Error(`auth: issuer, JWKS URL and audience are required (issuer "${policy.issuer}")`);
    }
    if (issuers.has(policy.issuer)) throw new Error(`auth: issuer "${policy.issuer}" is configured twice`);
    issuers.set(policy.issuer, policy);
  }
  if (!Number.isInteger(options.clockToleranceSeconds) || options.clockToleranceSeconds < 0) {
    throw new Error('auth: clockToleranceSeconds must be a non-negative integer');
  }
  return {
    gatewayIssuer: options.issuer,
    issuers,
    clockToleranceSeconds: options.clockToleranceSeconds,
    jwks: { ...DEFAULT_JWKS_TUNING, ...options.jwks },
    tokenCache: options.tokenCache === false ? null : { ...DEFAULT_TOKEN_CACHE, ...options.tokenCache },
  };
}

/** `issuer|jwksUrl[|audience],…` (AUTH_TRUSTED_ISSUERS, already validated by the config). */
export function parseTrustedIssuers(value: string | undefined): TrustedIssuer[] {
  if (!value?.trim()) return [];
  return value.split(',').map((entry) => {
    const [issuer, jwksUrl, audience] = entry.trim().split('|');
    return { issuer, jwksUrl, ...(audience && { audience }) };
  });
}

/** The module's options from a service's validated environment. */
export function authOptionsFromEnv(
  env: Pick<
    ServiceEnv,
    | 'AUTH_ISSUER'
    | 'AUTH_AUDIENCE'
    | 'AUTH_JWKS_URL'
    | 'AUTH_TRUSTED_ISSUERS'
    | 'AUTH_CLOCK_TOLERANCE_SECONDS'
  >,
): PlatformAuthOptions {
  return {
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    jwksUrl: env.AUTH_JWKS_URL,
    trustedIssuers: parseTrustedIssuers(env.AUTH_TRUSTED_ISSUERS),
    clockToleranceSeconds: env.AUTH_CLOCK_TOLERANCE_SECONDS,
  };
}
