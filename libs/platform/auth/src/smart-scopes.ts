/**
 * SMART on FHIR system scopes (SMART App Launch 2, "Scopes and launch context"): what a backend
 * client may ask the token endpoint for, and what a granted scope lets the FHIR facade do. The /v1
 * API ignores scopes (roles decide there); the FHIR facade checks both.
 */

/** The FHIR resource types the facade serves, the ones a scope may name (or `*`, every one). */
export const SMART_RESOURCES = [
  'ServiceRequest',
  'Task',
  'Communication',
  'DocumentReference',
  'Binary',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Subscription',
  'CodeSystem',
  'NamingSystem',
] as const;
export type SmartResource = (typeof SMART_RESOURCES)[number];

/** SMART v2 interactions: create, read, update, delete, search. */
export type ScopeInteraction = 'c' | 'r' | 'u' | 'd' | 's';

export interface SmartScope {
  resource: SmartResource | '*';
  interactions: ReadonlySet<ScopeInteraction>;
}

const KNOWN_RESOURCES: ReadonlySet<string> = new Set([...SMART_RESOURCES, '*']);
/** SMART v1 permissions as their v2 letters: `read` is read and search, `write` the changes. */
const V1_PERMISSIONS: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
/** v2 letters appear at most once each, in this order (`cruds`, `rs`, `cud`…). */
const V2_PERMISSIONS = /^c?r?u?d?s?$/;

/**
 * A `system/<Resource>.<permissions>` scope, v2 (`cruds` letters, in order) or v1 (`read`, `write`,
 * `*`); null for anything else: another context (`user/`, `patient/`), a resource the facade does not
 * serve, v2 query parameters (`?category=…`, not supported), or a scope that is not SMART at all.
 */
export function parseSmartScope(scope: string): SmartScope | null {
  const match = /^system\/([A-Za-z]+|\*)\.([a-z]+|\*)$/.exec(scope);
  if (!match || !KNOWN_RESOURCES.has(match[1])) return null;
  const permission = match[2];
  const letters = V1_PERMISSIONS[permission] ?? (V2_PERMISSIONS.test(permission) ? permission : '');
  if (!letters) return null;
  return {
    resource: match[1] as SmartResource | '*',
    interactions: new Set(letters.split('') as ScopeInteraction[]),
  };
}

/**
 * Whether the scopes of a token let its caller make `interaction` on `resource`. `undefined` scopes
 * (a token without a scope claim, or with no SMART scope in it) restrict nothing; otherwise one
 * `system/` scope must name the resource (or `*`) and grant the interaction. Scopes that do not parse
 * (`openid`, `patient/…`: contexts the facade does not implement) grant nothing.
 */
export function scopePermits(
  scopes: readonly string[] | undefined,
  resource: string,
  interaction: ScopeInteraction,
): boolean {
  if (scopes === undefined) return true;
  return scopes.some((scope) => {
    const parsed = parseSmartScope(scope);
    return (
      parsed !== null &&
      (parsed.resource === '*' || parsed.resource === resource) &&
      parsed.interactions.has(interaction)
    );
  });
}
