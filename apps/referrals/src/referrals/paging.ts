import { invalidCursor } from './referral-problems';

/** API.md "Lists": a page has 20 items unless `limit` says otherwise. */
export const DEFAULT_PAGE = 20;

/** `cursor` decoded, or 422 when it is not a `nextCursor` this list answered; undefined: the first page. */
export function positionOf<T>(cursor: string | undefined, decode: (cursor: string) => T | undefined) {
  if (cursor === undefined) return undefined;
  const position = decode(cursor);
  if (position === undefined) throw invalidCursor();
  return position;
}

/** A page of `rows` (fetched one beyond `limit`): the first `limit`, and a cursor when more follow. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  cursorOf: (last: R) => string,
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null,
  };
}
