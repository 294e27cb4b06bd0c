import { KeyObject, createPublicKey, type webcrypto } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { LRUCache } from 'lru-cache';
import { Strategy } from 'passport';
import { AUTH_OPTIONS, type ResolvedAuthOptions } from './auth-options';
import type { Caller } from './caller';
import { callerFromClaims } from './caller-from-claims';
import { InvalidTokenError } from './invalid-token.error';
import { SIGNING_KEY_RESOLVER, type SigningKey, type SigningKeyResolver } from './signing-key-resolver';
import { tokenDigest, VerifiedTokenCache, type VerifiedToken } from './verified-token-cache';

export const JWT_STRATEGY = 'jwt';
const ALGORITHM = 'RS256';

/** The key chosen for a token, and under which issuer and `kid`. */
export interface SelectedKey {
  issuer: string;
  kid: string;
  key: SigningKey;
}

/**
 * Looks at the unverified token only to choose the key: the header must say RS256 and name a `kid`,
 * and `iss` must be an issuer we trust, before anything is fetched. None of it is believed yet: the
 * signature is then verified with that issuer's key, RS256 only.
 */
export async function selectSigningKey(
  rawToken: string,
  options: ResolvedAuthOptions,
  resolver: SigningKeyResolver,
): Promise<SelectedKey> {
  const { header, payload } = decodeUnverified(rawToken);
  if (header.alg !== ALGORITHM) throw new InvalidTokenError(`alg ${String(header.alg)} refused`);
  if (typeof header.kid !== 'string' || !header.kid) throw new InvalidTokenError('no kid');
  // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
  if ('crit' in header) throw new InvalidTokenError('crit header refused');
  const issuer = payload.iss;
  if (typeof issuer !== 'string' || !options.issuers.has(issuer)) {
    throw new InvalidTokenError(`issuer ${JSON.stringify(issuer)} not trusted`);
  }
  return { issuer, kid: header.kid, key: await resolver.resolve(issuer, header.kid) };
}

/**
 * Parsed public keys by their PEM text, so that a resolver answering PEM costs one parse per key rather
 * than one per request. Bounded (only a misbehaving resolver could fill it): the least recently used goes.
 */
export class PublicKeyObjects {
  private readonly parsed = new LRUCache<string, KeyObject>({ max: 256 });

  of(key: SigningKey): KeyObject {
    if (key instanceof KeyObject) return key;
    let parsed = this.parsed.get(key);
    if (!parsed) {
      parsed = createPublicKey(key);
      this.parsed.set(key, parsed);
    }
    return parsed;
  }
}

/** jose reads the compact form: three parts, a JSON object as header and as payload, or it throws. */
function decodeUnverified(rawToken: string): { header: Record<string, unknown>; payload: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(rawToken), payload: decodeJwt(rawToken) };
  } catch (error) {
    throw new InvalidTokenError(`not a JWS compact serialization: ${(error as Error).message}`);
  }
}

/**
 * The Web Crypto form of each parsed key, made once: jose verifies with Web Crypto, and converting a
 * KeyObject on each call costs about a fifth of a verification (`npm run bench:auth`).
 */
const cryptoKeys = new WeakMap<KeyObject, webcrypto.CryptoKey>();

function cryptoKeyOf(key: KeyObject): webcrypto.CryptoKey {
  let cryptoKey = cryptoKeys.get(key);
  if (!cryptoKey) {
    cryptoKey = key.toCryptoKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    cryptoKeys.set(key, cryptoKey);
  }
  return cryptoKey;
}

/**
 * The signature and the registered claims, checked by jose with the parsed key (no parse per
 * request): RS256 only, a trusted `iss`, `exp` present, `exp` and `nbf` within the clock tolerance.
 * An object, so that specs can count the verifications.
 */
export const tokenVerifier = {
  async verify(rawToken: string, key: KeyObject, options: JWTVerifyOptions): Promise<JWTPayload> {
    return (await jwtVerify(rawToken, cryptoKeyOf(key), options)).payload;
  },
};

function audiences(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * The token of `Authorization: Bearer <token>` (the scheme in any case), and nowhere else: the first
 * two words of the header, as passport-jwt read them.
 */
function bearerToken(request: { headers?: Record<string, unknown> }): string | null {
  const header = request.headers?.authorization;
  const words = typeof header === 'string' ? /(\S+)\s+(\S+)/.exec(header) : null;
  return words && words[1].toLowerCase() === 'bearer' ? words[2] : null;
}

interface PassportActions {
  success(user: unknown, info?: unknown): void;
  fail(challenge?: unknown): void;
}

/**
 * Verifies the bearer token of the Authorization header (nowhere else) and turns it into the `Caller`
 * of the request. Refusals of every kind reach `JwtAuthGuard` as passport failures, which answers 401,
 * or 503 when the keys cannot be had (`SigningKeysUnavailableError`).
 *
 * A token that passed every check is remembered (by its SHA-256, see `VerifiedTokenCache`) until its
 * `exp` at the latest, so the same token seen again skips the signature verification. A hit still asks
 * the resolver for the token's key and counts only if it is the key that verified the token: a key the
 * issuer no longer publishes (as far as the resolver knows) ends the hits of every token it signed, and
 * keys that cannot be fetched answer 503 as before. The cache thus never accepts a token for longer than
 * the resolver would, and a refused token is never remembered.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly keyObjects = new PublicKeyObjects();
  private readonly cache: VerifiedTokenCache | null;
  private readonly verifyOptions: JWTVerifyOptions;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(SIGNING_KEY_RESOLVER) private readonly resolver: SigningKeyResolver,
  ) {
    super();
    this.cache = options.tokenCache && new VerifiedTokenCache(options.tokenCache);
    this.verifyOptions = {
      algorithms: [ALGORITHM],
      issuer: [...options.issuers.keys()],
      requiredClaims: ['exp'],
      clockTolerance: options.clockToleranceSeconds,
    };
  }

  /** Passport's entry point, on a per-request copy of the strategy: ends in `success` or `fail`. */
  override authenticate(request: object): void {
    const actions = this as unknown as PassportActions;
    const rawToken = bearerToken(request);
    if (!rawToken) return actions.fail(new InvalidTokenError('no bearer token'));
    this.callerOf(rawToken).then(
      (caller) => actions.success(caller),
      (reason: unknown) => actions.fail(reason),
    );
  }

  /** Runs on a token whose signature, issuer, `exp` and `nbf` have been verified. */
  validate(claims: JWTPayload): Caller {
    if (typeof claims.exp !== 'number') throw new InvalidTokenError('no exp');
    const policy = this.options.issuers.get(String(claims.iss));
    if (!policy) throw new InvalidTokenError('issuer not trusted');
    // The audience depends on the issuer, so it is checked here rather than by jose.
    if (!audiences(claims.aud).includes(policy.audience)) throw new InvalidTokenError('wrong aud');
    return callerFromClaims(claims, { external: policy.issuer !== this.options.gatewayIssuer });
  }

  /** The cache first (while the resolver still gives the key that verified the token), then the full check. */
  private async callerOf(rawToken: string): Promise<Caller> {
    if (!this.cache) return (await this.verify(rawToken)).caller;
    const digest = tokenDigest(rawToken);
    const hit = this.cache.get(digest);
    if (hit) {
      // A failing lookup is met again by the full check, which answers it as it always does (503 or 401).
      const key = await this.resolver.resolve(hit.issuer, hit.kid).catch(() => undefined);
      if (key !== undefined && this.stillHolds(hit, key)) return copyOf(hit.caller);
      this.cache.delete(digest);
    }
    const { caller, exp, selected } = await this.verify(rawToken);
    if (selected.issuer === caller.issuer)
      this.cache.set(digest, { caller: copyOf(caller), ...selected }, exp);
    return caller;
  }

  private async verify(rawToken: string) {
    const { issuer, kid, key } = await selectSigningKey(rawToken, this.options, this.resolver);
    const keyObject = this.keyObjects.of(key);
    const claims = await tokenVerifier.verify(rawToken, keyObject, this.verifyOptions);
    const caller = this.validate(claims);
    return { caller, exp: claims.exp!, selected: { issuer, kid, key: keyObject } };
  }

  private stillHolds(hit: VerifiedToken, key: SigningKey): boolean {
    const keyObject = this.keyObjects.of(key);
    return keyObject === hit.key || keyObject.equals(hit.key);
  }
}

/** Callers handed out are copies: nothing downstream can change what the cache holds. */
function copyOf(caller: Caller): Caller {
  return { ...caller, roles: [...caller.roles] };
}
