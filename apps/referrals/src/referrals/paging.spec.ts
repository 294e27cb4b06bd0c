import { ValidationProblem } from '@referral/platform-http';
import { pageOf, positionOf } from './paging';

describe('paging', () => {
  const decode = (cursor: string) => (/^\d+$/.test(cursor) ? Number(cursor) : undefined);

  it('reads no cursor as the first page and a cursor of ours as its position', () => {
    expect(positionOf(undefined, decode)).toBeUndefined();
    expect(positionOf('7', decode)).toBe(7);
  });

  it('refuses a cursor that is not a nextCursor of the list (422 on `cursor`)', () => {
    const refusal = (() => {
      try {
        positionOf('not-ours', decode);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationProblem);
    expect((refusal as ValidationProblem).toProblem().errors).toEqual([
      { field: 'cursor', message: 'cursor is not a nextCursor of this list' },
    ]);
  });

  it('answers `limit` items and a cursor at the last one when the repository found one more', () => {
    expect(
      pageOf(
        [1, 2, 3],
        2,
        (n) => `item ${n}`,
        (last) => `after ${last}`,
      ),
    ).toEqual({
      items: ['item 1', 'item 2'],
      nextCursor: 'after 2',
    });
  });

  it('answers no cursor on the last page, even a full one', () => {
    expect(pageOf([1, 2], 2, String, () => 'more')).toEqual({ items: ['1', '2'], nextCursor: null });
    expect(pageOf([], 2, String, () => 'more')).toEqual({ items: [], nextCursor: null });
  });
});
