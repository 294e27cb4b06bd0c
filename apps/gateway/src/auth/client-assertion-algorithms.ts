/**
 * The JWS algorithms a client may sign its assertion with: RS384 and ES384, which SMART Backend
 * Services requires servers to support, and their SHA-256 siblings. Never `none`, never HMAC (a
 * registered JWKS holds public keys only).
 */
export const CLIENT_ASSERTION_ALGORITHMS = ['RS384', 'ES384', 'RS256', 'ES256'] as const;
export type ClientAssertionAlgorithm = (typeof CLIENT_ASSERTION_ALGORITHMS)[number];

/** The key type (and curve) each algorithm needs. */
export const KEY_OF_ALGORITHM: Record<ClientAssertionAlgorithm, { kty: 'RSA' | 'EC'; crv?: string }> = {
  RS256: { kty: 'RSA' },
  RS384: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
};
