import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import type { ClientJwks } from '../api-clients/client-jwks';
import { CLIENT_ASSERTION_ALGORITHMS } from './client-assertion-algorithms';
import { OAuthError } from './oauth-error';

/** SMART Backend Services: an assertion's `exp` is at most five minutes after the time it is sent. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_JTI_LENGTH = 255;

export interface AssertionPolicy {
  /** The registered client the assertion must name, with its public keys. */
  clientId: string;
  jwks: ClientJwks;
  /** The token endpoint's URL as clients call it (`PUBLIC_URL` + `/v1/auth/token`). */
  audience: string;
  now: Date;
  /** Leeway for `exp`, `nbf` and the five-minute bound, for clients whose clocks drift. */
  clockToleranceSeconds: number;
}

export interface VerifiedAssertion {
  jti: string;
  /** Until when the assertion would be accepted (`exp` plus the leeway): its `jti` is kept until then. */
  usableUntil: Date;
}

/** Before the signature is checked, one answer for every failure: nothing is told to a stranger. */
const refused = () => new OAuthError('invalid_client', 'Client authentication failed.');
/** After it is checked, the client is told what is wrong with its assertion (never the assertion). */
const invalid = (description: string) => new OAuthError('invalid_client', description);

/**
 * The client an assertion names (`iss`, which must equal `sub`: RFC 7523 §3), read without
 * verifying it, to find the client's keys; the OAuth error for something that is not a JWT.
 */
export function assertedClientId(assertion: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(assertion);
  } catch {
    throw new OAuthError('invalid_request', 'client_assertion is not a JWT.');
  }
  const { iss, sub } = payload;
  if (typeof iss !== 'string' || !iss || iss !== sub) {
    throw invalid('The client assertion must name the client_id as both iss and sub.');
  }
  return iss;
}

/**
 * Verifies a client assertion (RFC 7523 §3, SMART Backend Services): signed with an allowed
 * algorithm by the key of the client's JWK Set its `kid` names; `iss` = `sub` = the client id; `aud`
 * the token endpoint; `exp` present, not past and at most five minutes ahead; `jti` present (its single
 * use is the caller's to enforce, until `usableUntil`). Every failure is `invalid_client` (401).
 */
export async function verifyClientAssertion(
  assertion: string,
  policy: AssertionPolicy,
): Promise<VerifiedAssertion> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw new OAuthError('invalid_request', 'client_assertion is not a JWT.');
  }
  if (!(CLIENT_ASSERTION_ALGORITHMS as readonly string[]).includes(header.alg ?? '')) {
    throw invalid(`The client assertion must be signed with ${CLIENT_ASSERTION_ALGORITHMS.join(', ')}.`);
  }
  if (typeof header.kid !== 'string' || !header.kid) {
    throw invalid('The client assertion must name its key (kid header).');
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(policy.jwks), {
      algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
      currentDate: policy.now,
      clockTolerance: policy.clockToleranceSeconds,
    }));
  } catch (error) {
    // jose checks the signature before the claims: a claim error means the client signed it.
    if (error instanceof joseErrors.JWTExpired) throw invalid('The client assertion has expired.');
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw invalid(`The client assertion's ${error.claim} claim is invalid.`);
    }
    throw refused();
  }

  const nowSeconds = Math.floor(policy.now.getTime() / 1000);
  const { iss, sub, aud, exp, jti } = payload;
  if (iss !== policy.clientId || sub !== policy.clientId) {
    throw invalid('The client assertion must name the client_id as both iss and sub.');
  }
  if (!(aud === policy.audience || (Array.isArray(aud) && aud.includes(policy.audience)))) {
    throw invalid(`The client assertion's aud must be the token endpoint, ${policy.audience}.`);
  }
  if (typeof exp !== 'number') throw invalid('The client assertion must have an exp.');
  if (exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS + policy.clockToleranceSeconds) {
    throw invalid('The client assertion must expire within five minutes.');
  }
  if (typeof jti !== 'string' || !jti || jti.length > MAX_JTI_LENGTH) {
    throw invalid(`The client assertion must have a jti of 1 to ${MAX_JTI_LENGTH} characters.`);
  }
  return { jti, usableUntil: new Date((exp + policy.clockToleranceSeconds) * 1000) };
}
