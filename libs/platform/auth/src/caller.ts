import type { Role } from '@referral/contracts';

// The role names are part of the public contract (tokens carry them, routes declare them).
export { ROLES, type Role } from '@referral/contracts';

/**
 * Roles of services rather than people or partner systems, each allowed only where a route names it
 * in @Roles (a route without @Roles is 403 to a caller holding nothing else). `contact-reader`: the
 * notifications service reading practitioners' phone, email and languages from the directory
 * (`GET /v1/practitioners/{id}`, any organization), and nothing else.
 */
export const SERVICE_ROLES: readonly Role[] = ['contact-reader'];

/** The verified caller of a request (`request.user` once the JWT guard has run). */
export interface Caller {
  /** The API client (`sub` of the token; `client_id` for external issuers that have one). */
  clientId: string;
  organizationId: string;
  practitionerId: string | null;
  roles: Role[];
  /** Who issued the token: the gateway, or a trusted external OIDC issuer. */
  issuer: string;
  /**
   * The SMART scopes of the token (`system/Task.rs`, …: the entries of its `scope` claim in a SMART
   * context), for the FHIR facade to check with `scopePermits`; undefined when the token has no scope
   * claim or none of its scopes is a SMART one (OIDC's `openid profile`): not restricted by scope.
   * The /v1 API ignores scopes; roles decide there.
   */
  scopes?: string[];
}

/** The claims the gateway puts into its RS256 access tokens. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud?: string | string[];
  org: string;
  practitioner?: string;
  roles: Role[];
  iat: number;
  exp: number;
  jti?: string;
  /** The granted SMART scopes, space-separated (RFC 9068 §2.2.3), when the client asked for any. */
  scope?: string;
}
