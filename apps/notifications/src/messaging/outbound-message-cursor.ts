import { ValidationProblem } from '@referral/platform-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque `cursor` of the outbound message list: the id of the last message of the page. */
export function encodeOutboundMessageCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

/** @throws ValidationProblem (422, field `cursor`) when the text is not a cursor of this list */
export function decodeOutboundMessageCursor(cursor: string): string {
  let after: unknown;
  try {
    after = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown })?.after;
  } catch {
    after = undefined;
  }
  if (typeof after !== 'string' || !UUID.test(after)) throw invalidOutboundMessageCursor();
  return after;
}

export function invalidOutboundMessageCursor(): ValidationProblem {
  return new ValidationProblem([
    { field: 'cursor', message: 'cursor must be the nextCursor of a previous page of this list' },
  ]);
}
