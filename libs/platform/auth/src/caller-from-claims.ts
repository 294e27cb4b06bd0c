import { ROLES, type Caller, type Role } from './caller';
import { InvalidTokenError } from './invalid-token.error';
import { UUID_SHAPE } from '@referral/contracts';

const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);
/** A scope in a SMART context (SMART App Launch 2): the ones `Caller.scopes` keeps. */
const SMART_CONTEXT = /^(system|user|patient)\//;

/**
 * The SMART scopes of a `scope` claim: a space-separated string (RFC 9068), or an array of strings
 * as some issuers send it; undefined without the claim or without a SMART scope in it. A claim of
 * another shape refuses the token.
 */
function scopesOf(scope: unknown): string[] | undefined {
  if (scope === undefined) return undefined;
  let entries: string[];
  if (typeof scope === 'string') entries = scope.split(' ');
  else if (Array.isArray(scope) && scope.every((entry) => typeof entry === 'string')) entries = scope;
  else throw new InvalidTokenError('scope neither a string nor an array of strings');
  const smart = [...new Set(entries.filter((entry) => SMART_CONTEXT.test(entry)))];
  return smart.length ? smart : undefined;
}

/**
 * The caller a verified token names. Strict: organization and practitioner ids must be UUIDs (they
 * end up in queries), and one role we do not know refuses the whole token rather than being dropped,
 * since an issuer that sends unknown roles is misconfigured and might mean something else by the rest.
 */
export function callerFromClaims(claims: Record<string, unknown>, options: { external: boolean }): Caller {
  const { iss, sub, org, practitioner, roles } = claims;
  if (typeof iss !== 'string' || !iss) throw new InvalidTokenError('no iss');
  if (typeof sub !== 'string' || !sub) throw new InvalidTokenError('no sub');
  if (typeof org !== 'string' || !UUID_SHAPE.test(org))
    throw new InvalidTokenError('org missing or not a UUID');
  if (practitioner !== undefined && (typeof practitioner !== 'string' || !UUID_SHAPE.test(practitioner))) {
    throw new InvalidTokenError('practitioner not a UUID');
  }
  if (!Array.isArray(roles) || roles.length === 0) throw new InvalidTokenError('roles missing or empty');
  const unknown = roles.filter((role) => typeof role !== 'string' || !KNOWN_ROLES.has(role));
  if (unknown.length) throw new InvalidTokenError(`unknown roles ${JSON.stringify(unknown)}`);
  // An external client-credentials token names the service account in `sub` and the client in `client_id`.
  const scopes = scopesOf(claims.scope);
  const clientId =
    options.external && typeof claims.client_id === 'string' && claims.client_id ? claims.client_id : sub;
  return {
    clientId,
    // Ids compare as strings in code, and PostgreSQL writes UUIDs in lower case.
    organizationId: org.toLowerCase(),
    practitionerId: practitioner?.toLowerCase() ?? null,
    roles: [...new Set(roles as Role[])],
    issuer: iss,
    ...(scopes && { scopes }),
  };
}
