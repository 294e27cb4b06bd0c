import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';

/**
 * The absolute URL of a resource on this server, `<base>/<type>/<id>`: what `Bundle.entry.fullUrl`
 * must be for a resource that has a RESTful identity. `base` is the facade's service base as clients
 * reach it (e.g. `https://api.example.pk/fhir/R4`); a trailing slash is ignored. A resource without an
 * id has no such URL: that is a bug in the caller, not something to hide.
 */
export function fullUrl(base: string, resource: Resource): string {
  if (!resource.id) throw new Error(`a ${resource.resourceType} without an id has no fullUrl`);
  return `${base.replace(/\/+$/, '')}/${resource.resourceType}/${resource.id}`;
}

export interface SearchsetOptions {
  /** The service base the fullUrls are built on (see fullUrl). */
  base: string;
  /** The search as the client asked it (the `self` link). */
  self: string;
  /** The next page, when there is one (our `nextCursor`, as a URL of the facade). */
  next?: string;
  /** How many match in all, only when the service says so: our lists page by cursor and do not count. */
  total?: number;
  /** Resources asked for with `_include`: each once, and never one that is a match already. */
  included?: readonly Resource[];
}

const key = (resource: Resource) => `${resource.resourceType}/${resource.id}`;

/**
 * One page of search results as a FHIR searchset Bundle: the matches (`search.mode` `match`), then the
 * included resources (`include`) without duplicates, `link` self and next; no `entry` at all when
 * nothing matched (FHIR JSON allows no empty array). `total` is left out unless
 * known: FHIR makes it optional, and a guessed count would send a client paging wrongly.
 */
export function searchset(entries: readonly Resource[], options: SearchsetOptions): Bundle {
  const seen = new Set(entries.map(key));
  const included = (options.included ?? []).filter((resource) => {
    if (seen.has(key(resource))) return false;
    seen.add(key(resource));
    return true;
  });
  const entry = (resource: Resource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: fullUrl(options.base, resource),
    resource,
    search: { mode },
  });
  const link: BundleLink[] = [{ relation: 'self', url: options.self }];
  if (options.next) link.push({ relation: 'next', url: options.next });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(options.total !== undefined ? { total: options.total } : {}),
    link,
    // FHIR JSON has no empty arrays (the validator's error "Array cannot be empty"): no match, no entry.
    ...(entries.length + included.length > 0
      ? {
          entry: [
            ...entries.map((resource) => entry(resource, 'match')),
            ...included.map((resource) => entry(resource, 'include')),
          ],
        }
      : {}),
  };
}
