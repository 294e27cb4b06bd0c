import { ValidationProblem } from './problem-details';

/** 422 on `cursor`: not a `nextCursor` this list answered. */
export const invalidCursor = (): ValidationProblem =>
  new ValidationProblem([{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }]);

/**
 * The position a list's `?cursor=` names, undefined when the request has none.
 * @param decode the list's own cursor reader: undefined for text that is not one of its cursors
 * @throws ValidationProblem (422, field `cursor`) when the cursor is not one of this list's
 */
export function readCursor<T>(
  cursor: string | undefined,
  decode: (cursor: string) => T | undefined,
): T | undefined {
  if (cursor === undefined) return undefined;
  const position = decode(cursor);
  if (position === undefined) throw invalidCursor();
  return position;
}
