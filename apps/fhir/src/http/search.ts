import { MAX_PAGE_SIZE } from '@referral/contracts';
import { FhirError } from './fhir-error';

export type SearchParams = Record<string, string | string[] | undefined>;

/** The parameters every search takes: `_count` (page size), `_cursor` (our next-page token). */
const PAGING = ['_count', '_cursor'];

/** A `_lastUpdated` bound: `gt`, `ge`, `lt`, `le` or equal (`eq`, no prefix) a FHIR instant or date. */
export interface LastUpdated {
  test(at: string): boolean;
}

/** One value of a parameter that takes one (a repeated one is refused: 400). */
export function single(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw FhirError.of(400, `${name} may be given once`);
  return value === '' ? undefined : value;
}

/**
 * The search's own parameters, refusing any other (400): a client that filters by something we do
 * not support must not get every resource back as if it had matched (FHIR lets a server ignore
 * unknown parameters; a clinical integration is better told).
 */
export function searchParams(params: SearchParams, supported: readonly string[]): SearchParams {
  const allowed = new Set([...PAGING, ...supported]);
  const unknown = Object.keys(params).filter((name) => !allowed.has(name));
  if (unknown.length > 0) {
    throw FhirError.of(
      400,
      `Unsupported search parameter ${unknown.join(', ')}; supported: ${[...allowed].join(', ')}`,
    );
  }
  return params;
}

/** `_count`: 1 to MAX_PAGE_SIZE; above is capped, as our lists are. */
export function count(params: SearchParams): number | undefined {
  const given = single(params, '_count');
  if (given === undefined) return undefined;
  if (!/^\d{1,6}$/.test(given) || Number(given) < 1)
    throw FhirError.of(400, '_count must be a positive integer');
  return Math.min(Number(given), MAX_PAGE_SIZE);
}

const PREFIXED =
  /^(gt|ge|lt|le|eq)?(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)$/;

/** `_lastUpdated` (each value a bound, all must hold), or none. */
export function lastUpdated(params: SearchParams): LastUpdated | undefined {
  const given = params._lastUpdated;
  if (given === undefined) return undefined;
  const bounds = (Array.isArray(given) ? given : [given]).map((value) => {
    const match = PREFIXED.exec(value);
    if (!match || Number.isNaN(Date.parse(match[2]))) {
      throw FhirError.of(
        400,
        `_lastUpdated must be a date or instant with an optional prefix gt, ge, lt, le, eq: ${value}`,
      );
    }
    const prefix = match[1] ?? 'eq';
    const isDate = match[3] === undefined;
    const from = Date.parse(isDate ? `${match[2]}T00:00:00Z` : match[2]);
    // A date is the whole (UTC) day; an instant to the millisecond.
    const to = isDate ? from + 86_400_000 : from + 1;
    return (at: number) => {
      switch (prefix) {
        case 'gt':
          return at >= to;
        case 'ge':
          return at >= from;
        case 'lt':
          return at < from;
        case 'le':
          return at < to;
        default:
          return at >= from && at < to;
      }
    };
  });
  return { test: (at) => bounds.every((holds) => holds(Date.parse(at))) };
}

/** The link to the next page: the same search with our cursor. */
export function nextLink(
  base: string,
  path: string,
  params: SearchParams,
  cursor: string | null,
): string | undefined {
  if (!cursor) return undefined;
  return selfLink(base, path, { ...params, _cursor: cursor });
}

export function selfLink(base: string, path: string, params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
      query.append(name, one);
  }
  const search = query.toString();
  return `${base}/${path}${search ? `?${search}` : ''}`;
}
