import { decodeCursor, encodeCursor } from './cursor';

describe('API client cursors', () => {
  const position = {
    createdAt: new Date('2026-11-26T10:00:00.123Z'),
    id: '6f1c2a9e-4b7d-4e0a-9c3f-2d8e5b1a7c40',
  };

  it('round-trips a position and is url-safe', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['an empty string', ''],
    ['a bad id', Buffer.from('2026-11-26T10:00:00.123Z|42').toString('base64url')],
    ['a bad time', Buffer.from(`yesterday|${position.id}`).toString('base64url')],
    ['extra parts', Buffer.from(`2026-11-26T10:00:00.123Z|${position.id}|x`).toString('base64url')],
  ])('refuses %s', (_, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
