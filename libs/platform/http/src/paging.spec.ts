import { readCursor } from './paging';
import { ValidationProblem } from './problem-details';

describe('readCursor', () => {
  const decode = (cursor: string) => (cursor.startsWith('ok:') ? cursor.slice(3) : undefined);

  it('is undefined when the request names no cursor', () => {
    expect(readCursor(undefined, decode)).toBeUndefined();
  });

  it("gives the position the list's own reader finds", () => {
    expect(readCursor('ok:42', decode)).toBe('42');
  });

  it.each(['abc', ''])('refuses %p, not a cursor of this list, with a 422 naming the cursor', (cursor) => {
    let error: unknown;
    try {
      readCursor(cursor, decode);
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
