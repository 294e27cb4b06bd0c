import { pageOf, pageSize } from './page';

describe('pages of a list', () => {
  it('asks for the default page size where the query names none', () => {
    expect(pageSize({})).toBe(20);
    expect(pageSize({ limit: 7 })).toBe(7);
  });

  it('answers `limit` items and a cursor at the last one when the repository found one more', () => {
    expect(
      pageOf(
        [1, 2, 3],
        2,
        (n) => `item ${n}`,
        (last) => `after ${last}`,
      ),
    ).toEqual({ items: ['item 1', 'item 2'], nextCursor: 'after 2' });
  });

  it('answers no cursor on the last page, even a full one', () => {
    expect(pageOf([1, 2], 2, String, () => 'more')).toEqual({ items: ['1', '2'], nextCursor: null });
    expect(pageOf([], 2, String, () => 'more')).toEqual({ items: [], nextCursor: null });
  });
});
