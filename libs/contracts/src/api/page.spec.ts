import { pageOf, pageSize } from './page';

describe('pages of a list', () => {
  it('asks for the default page size where the query names none', () => {
    expect(pageSize({})).toBe(20);
    expect(pageSize({ limit: 7 })).toBe(7);
  });

  it('gives the first `limit` rows and the cursor of the last when one more row was read', () => {
    expect(pageOf([1, 2, 3], 2, (last) => `after-${last}`)).toEqual({ items: [1, 2], nextCursor: 'after-2' });
  });

  it('has no next cursor on the last page', () => {
    expect(pageOf([1, 2], 2, (last) => `after-${last}`)).toEqual({ items: [1, 2], nextCursor: null });
    expect(pageOf([], 2, (last) => `after-${last}`)).toEqual({ items: [], nextCursor: null });
  });
});
