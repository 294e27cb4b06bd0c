import type { Bundle, Resource } from '@medplum/fhirtypes';

/** A searchset Bundle: the matches, then what `_include` brought, with the self and next links. */
export function searchset(
  base: string,
  matches: Resource[],
  links: { self: string; next?: string },
  included: Resource[] = [],
): Bundle {
  const entry = (resource: Resource, mode: 'match' | 'include') => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [
      { relation: 'self', url: links.self },
      ...(links.next ? [{ relation: 'next', url: links.next }] : []),
    ],
    entry: [...matches.map((r) => entry(r, 'match')), ...included.map((r) => entry(r, 'include'))],
  };
}
