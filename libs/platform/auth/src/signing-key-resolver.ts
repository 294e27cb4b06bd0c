import type { KeyObject } from 'node:crypto';

/**
 * An RSA public key: the parsed key (what jose verifies with), or PEM (SPKI) text, which the strategy
 * parses once per key and keeps.
 */
export type SigningKey = string | KeyObject;

/**
 * Finds the public key that verifies a token of `issuer` signed with key `kid`. Called only for
 * issuers the service trusts; it throws when it has no such key.
 */
export interface SigningKeyResolver {
  /**
   * The public key of an RSA key, PEM (SPKI) or parsed. Called again on each repeated token (a cheap
   * lookup is expected): a token is accepted from the cache only while this still gives its key.
   */
  resolve(issuer: string, kid: string | undefined): Promise<SigningKey>;
}

/** Injection token of the `SigningKeyResolver`: JWKS by default, the gateway's own keys in the gateway. */
export const SIGNING_KEY_RESOLVER = Symbol('SIGNING_KEY_RESOLVER');

/**
 * The keys of an issuer cannot be had right now (its JWKS does not answer). Not the caller's fault:
 * the request fails with 503 rather than 401.
 */
export class SigningKeysUnavailableError extends Error {
  constructor(issuer: string, options?: ErrorOptions) {
    super(`the signing keys of ${issuer} are unavailable`, options);
    this.name = 'SigningKeysUnavailableError';
  }
}
