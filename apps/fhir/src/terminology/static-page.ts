import type { Resource } from '@medplum/fhirtypes';
import { FhirError } from '../http/fhir-error';
import { count, single, type SearchParams } from '../http/search';

/**
 * One page of a short list the facade holds itself (our code and naming systems): `_count` as on
 * every search, `_cursor` the position of the page's first item, as the next link carries it.
 */
export function staticPage<T extends Resource>(
  items: readonly T[],
  params: SearchParams,
): { items: T[]; nextCursor: string | null } {
  const cursor = single(params, '_cursor');
  if (cursor !== undefined && !/^\d{1,4}$/.test(cursor))
    throw FhirError.of(400, `_cursor ${cursor} is not ours`);
  const from = cursor === undefined ? 0 : Number(cursor);
  const to = from + (count(params) ?? items.length);
  return { items: items.slice(from, to), nextCursor: to < items.length ? String(to) : null };
}
