import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwksClient } from 'jwks-rsa';
import { AUTH_OPTIONS, type IssuerPolicy, type JwksTuning, type ResolvedAuthOptions } from './auth-options';
import { SigningKeysUnavailableError, type SigningKeyResolver } from './signing-key-resolver';

interface Jwks {
  keys: unknown[];
}

/**
 * Fetches a JWKS at most once per cooldown, successful or not: tokens with unknown `kid`s (a rotation
 * in progress, or someone probing) then cost no more than one request per cooldown.
 */
function cooldownFetcher(tuning: JwksTuning): (url: string) => Promise<Jwks> {
  let last: { at: number; result: Promise<Jwks> } | undefined;
  return (url) => {
    const now = Date.now();
    if (last && now - last.at < tuning.cooldownMs) return last.result;
    const result = fetchJwks(url, tuning.timeoutMs);
    result.catch(() => undefined);
    last = { at: now, result };
    return result;
  };
}

async function fetchJwks(url: string, timeoutMs: number): Promise<Jwks> {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
  const body = (await response.json()) as Partial<Jwks> | null;
  if (!body || !Array.isArray(body.keys)) throw new Error(`JWKS ${url} holds no "keys" list`);
  return { keys: body.keys };
}

/**
 * Public keys from each trusted issuer's JWKS: one jwks-rsa client per issuer, with caching by `kid`,
 * a rate limit and a cooldown. Issuers that are not configured are refused without any request.
 */
@Injectable()
export class JwksKeyResolver implements SigningKeyResolver {
  private readonly clients = new Map<string, JwksClient>();
  /**
   * Keys already checked and parsed, by the jwks-rsa key object (the same object while jwks-rsa caches
   * the key): the PEM is parsed once per fetched key, and the verifier gets the parsed key.
   */
  private readonly checked = new WeakMap<object, KeyObject>();

  constructor(@Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions) {}

  async resolve(issuer: string, kid: string | undefined): Promise<KeyObject> {
    const policy = this.options.issuers.get(issuer);
    if (!policy) throw new Error(`issuer ${issuer} is not trusted`);
    if (!kid) throw new Error('a key id (kid) is required');
    const client = this.clientFor(policy);
    let key;
    try {
      key = await client.getSigningKey(kid);
    } catch (error) {
      if ((error as { isEndpointUnavailable?: boolean }).isEndpointUnavailable) {
        throw new SigningKeysUnavailableError(issuer, { cause: error });
      }
      throw error;
    }
    const known = this.checked.get(key);
    if (known) return known;
    if (key.alg !== undefined && key.alg !== 'RS256') throw new Error(`key ${kid} is not an RS256 key`);
    const parsed = createPublicKey(key.getPublicKey());
    if (parsed.asymmetricKeyType !== 'rsa') throw new Error(`key ${kid} is not an RSA key`);
    this.checked.set(key, parsed);
    return parsed;
  }

  private clientFor(policy: IssuerPolicy): JwksClient {
    let client = this.clients.get(policy.issuer);
    if (!client) {
      const tuning = this.options.jwks;
      client = new JwksClient({
        jwksUri: policy.jwksUrl,
        cache: true,
        cacheMaxAge: tuning.cacheMaxAgeMs,
        cacheMaxEntries: 20,
        rateLimit: true,
        jwksRequestsPerMinute: tuning.requestsPerMinute,
        timeout: tuning.timeoutMs,
        fetcher: cooldownFetcher(tuning),
      });
      this.clients.set(policy.issuer, client);
    }
    return client;
  }
}
