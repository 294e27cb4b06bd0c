import { randomUUID } from 'node:crypto';
import { ValidationProblem } from '@referral/platform-http';
import { decodeOrganizationCursor, encodeOrganizationCursor } from './organization-cursor';

describe('organization list cursor', () => {
  it('round-trips the last id as URL-safe text', () => {
    const id = randomUUID();
    const cursor = encodeOrganizationCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeOrganizationCursor(cursor)).toBe(id);
  });

  it.each([
    ['not base64 JSON', 'abc'],
    ['JSON without the id', Buffer.from('{"x":1}').toString('base64url')],
    ['an id that is not a UUID', Buffer.from('{"after":"1 OR 1=1"}').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['empty', ''],
  ])('refuses %s with a 422 naming the cursor', (_, cursor) => {
    let error: unknown;
    try {
      decodeOrganizationCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationProblem);
    expect((error as ValidationProblem).toProblem()).toMatchObject({
      status: 422,
      errors: [{ field: 'cursor' }],
    });
  });
});
