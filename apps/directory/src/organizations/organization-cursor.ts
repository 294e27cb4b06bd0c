import { ValidationProblem } from '@referral/platform-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The opaque `cursor` of the organization list: the id of the last organization of the page. The
 * repository compares against that row's own (created_at, id), so the cursor never carries a
 * timestamp that JavaScript would round to milliseconds.
 */
export function encodeOrganizationCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

/** @throws ValidationProblem (422, field `cursor`) when the text is not a cursor of this list */
export function decodeOrganizationCursor(cursor: string): string {
  let after: unknown;
  try {
    after = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown })?.after;
  } catch {
    after = undefined;
  }
  if (typeof after !== 'string' || !UUID.test(after)) throw invalidCursor();
  return after;
}

export function invalidCursor(): ValidationProblem {
  return new ValidationProblem([
    { field: 'cursor', message: 'cursor must be the nextCursor of a previous page of this list' },
  ]);
}
