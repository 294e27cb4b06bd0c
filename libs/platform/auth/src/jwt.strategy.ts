import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AUTH_OPTIONS, type ResolvedAuthOptions } from './auth-options';
import type { Caller } from './caller';
import { callerFromClaims } from './caller-from-claims';
import { InvalidTokenError } from './invalid-token.error';
import { SIGNING_KEY_RESOLVER, type SigningKeyResolver } from './signing-key-resolver';

export const JWT_STRATEGY = 'jwt';
const ALGORITHM = 'RS256';

/**
 * Looks at the unverified token only to choose the key: the header must say RS256 and name a `kid`,
 * and `iss` must be an issuer we trust, before anything is fetched. None of it is believed yet: the
 * signature is then verified with that issuer's key, RS256 only.
 */
export async function signingKeyFor(
  rawToken: string,
  options: ResolvedAuthOptions,
  resolver: SigningKeyResolver,
): Promise<string> {
  const { header, payload } = decodeUnverified(rawToken);
  if (header.alg !== ALGORITHM) throw new InvalidTokenError(`alg ${String(header.alg)} refused`);
  if (typeof header.kid !== 'string' || !header.kid) throw new InvalidTokenError('no kid');
  // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
  if ('crit' in header) throw new InvalidTokenError('crit header refused');
  const issuer = payload.iss;
  if (typeof issuer !== 'string' || !options.issuers.has(issuer)) {
    throw new InvalidTokenError(`issuer ${JSON.stringify(issuer)} not trusted`);
  }
  return resolver.resolve(issuer, header.kid);
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

/**
 * Verifies the bearer token of the Authorization header (nowhere else) and turns it into the `Caller`
 * of the request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(SIGNING_KEY_RESOLVER) resolver: SigningKeyResolver,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (
        _request: unknown,
        rawToken: string,
        done: (error: unknown, key?: string) => void,
      ) => {
        signingKeyFor(rawToken, options, resolver).then(
          (key) => done(null, key),
          (error: unknown) => done(error),
        );
      },
      algorithms: [ALGORITHM],
      issuer: [...options.issuers.keys()],
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: options.clockToleranceSeconds },
    });
  }

  /** Runs on a token whose signature, issuer, `exp` (when present) and `nbf` have been verified. */
  validate(claims: Record<string, unknown>): Caller {
    if (typeof claims.exp !== 'number') throw new InvalidTokenError('no exp');
    const policy = this.options.issuers.get(String(claims.iss));
    if (!policy) throw new InvalidTokenError('issuer not trusted');
    // The audience depends on the issuer, so it is checked here rather than by jsonwebtoken.
    if (!audiences(claims.aud).includes(policy.audience)) throw new InvalidTokenError('wrong aud');
    return callerFromClaims(claims, { external: policy.issuer !== this.options.gatewayIssuer });
  }
}
