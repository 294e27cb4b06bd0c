import { KeyObject, createPublicKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, type SecretOrKeyProvider } from 'passport-jwt';
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

/** The key of {@link selectSigningKey} alone. */
export async function signingKeyFor(
  rawToken: string,
  options: ResolvedAuthOptions,
  resolver: SigningKeyResolver,
): Promise<SigningKey> {
  return (await selectSigningKey(rawToken, options, resolver)).key;
}

const MAX_PARSED_KEYS = 256;

/**
 * Parsed public keys by their PEM text, so that a resolver answering PEM costs one parse per key rather
 * than one per request (jsonwebtoken parses a PEM on every verification; a KeyObject it uses as is).
 * Bounded: when full (only a misbehaving resolver could do that) it starts over.
 */
export class PublicKeyObjects {
  private readonly parsed = new Map<string, KeyObject>();

  of(key: SigningKey): KeyObject {
    if (key instanceof KeyObject) return key;
    let parsed = this.parsed.get(key);
    if (!parsed) {
      parsed = createPublicKey(key);
      if (this.parsed.size >= MAX_PARSED_KEYS) this.parsed.clear();
      this.parsed.set(key, parsed);
    }
    return parsed;
  }
}

function decodeUnverified(rawToken: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const parts = rawToken.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('not a JWS compact serialization');
  const [header, payload] = parts.slice(0, 2).map((part) => {
    try {
      const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      if (value && typeof value === 'object' && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // falls through to the refusal below
    }
    throw new InvalidTokenError('header or payload is not a JSON object');
  });
  return { header, payload };
}

function audiences(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** What the verification of one request has found so far, for the cache once the token is accepted. */
interface Pending {
  digest: string;
  selected?: { issuer: string; kid: string; key: KeyObject };
}

interface PassportActions {
  success(user: unknown, info?: unknown): void;
}

/**
 * Verifies the bearer token of the Authorization header (nowhere else) and turns it into the `Caller`
 * of the request.
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
  private readonly pending = new WeakMap<object, Pending>();

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(SIGNING_KEY_RESOLVER) private readonly resolver: SigningKeyResolver,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // passport-jwt hands the key to jsonwebtoken, which takes a KeyObject as is (its types say PEM).
      secretOrKeyProvider: ((
        request: object,
        rawToken: string,
        done: (error: unknown, key?: KeyObject) => void,
      ) => {
        selectSigningKey(rawToken, options, resolver).then(
          ({ issuer, kid, key }) => {
            const keyObject = this.keyObjects.of(key);
            const pending = this.pending.get(request);
            if (pending) pending.selected = { issuer, kid, key: keyObject };
            done(null, keyObject);
          },
          (error: unknown) => done(error),
        );
      }) as SecretOrKeyProvider,
      algorithms: [ALGORITHM],
      issuer: [...options.issuers.keys()],
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: options.clockToleranceSeconds },
      passReqToCallback: true,
    });
    this.cache = options.tokenCache && new VerifiedTokenCache(options.tokenCache);
  }

  /** Passport's entry point (on a per-request copy of the strategy): the cache first, then the full check. */
  override authenticate(request: object, options?: object): void {
    const rawToken = this.cache && bearerToken(request as never);
    if (!this.cache || !rawToken) return super.authenticate(request as never, options);
    const digest = tokenDigest(rawToken);
    const hit = this.cache.get(digest);
    if (!hit) {
      this.pending.set(request, { digest });
      return super.authenticate(request as never, options);
    }
    this.resolver.resolve(hit.issuer, hit.kid).then(
      (key) => {
        if (this.stillHolds(hit, key)) {
          (this as unknown as PassportActions).success(copyOf(hit.caller));
        } else {
          this.verifyAgain(digest, request, options);
        }
      },
      // Let the full check meet the failure again and answer it as it always does (503 or 401).
      () => this.verifyAgain(digest, request, options),
    );
  }

  /** Runs on a token whose signature, issuer, `exp` (when present) and `nbf` have been verified. */
  validate(request: object, claims: Record<string, unknown>): Caller {
    if (typeof claims.exp !== 'number') throw new InvalidTokenError('no exp');
    const policy = this.options.issuers.get(String(claims.iss));
    if (!policy) throw new InvalidTokenError('issuer not trusted');
    // The audience depends on the issuer, so it is checked here rather than by jsonwebtoken.
    if (!audiences(claims.aud).includes(policy.audience)) throw new InvalidTokenError('wrong aud');
    const caller = callerFromClaims(claims, { external: policy.issuer !== this.options.gatewayIssuer });
    const pending = this.pending.get(request);
    this.pending.delete(request);
    if (this.cache && pending?.selected && pending.selected.issuer === caller.issuer) {
      this.cache.set(pending.digest, { caller: copyOf(caller), ...pending.selected }, claims.exp);
    }
    return caller;
  }

  private stillHolds(hit: VerifiedToken, key: SigningKey): boolean {
    const keyObject = this.keyObjects.of(key);
    return keyObject === hit.key || keyObject.equals(hit.key);
  }

  private verifyAgain(digest: string, request: object, options?: object): void {
    this.cache?.delete(digest);
    this.pending.set(request, { digest });
    super.authenticate(request as never, options);
  }
}

/** Callers handed out are copies: nothing downstream can change what the cache holds. */
function copyOf(caller: Caller): Caller {
  return { ...caller, roles: [...caller.roles] };
}
