import { randomUUID } from 'node:crypto';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

describe('keyset cursors', () => {
  it('gives back the position it was made from', () => {
    const position = { createdAt: new Date('2026-03-04T06:00:00.123Z'), id: randomUUID() };
    expect(decodeKeysetCursor(encodeKeysetCursor(position))).toEqual(position);
  });

  it.each([
    'garbage',
    '',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["2026-03-04T06:00:00.000Z","not-a-uuid"]').toString('base64url'),
    Buffer.from(`["yesterday","${randomUUID()}"]`).toString('base64url'),
    Buffer.from(`["2026-03-04T06:00:00.000Z","${randomUUID()}",3]`).toString('base64url'),
  ])('refuses %p', (cursor) => {
    expect(decodeKeysetCursor(cursor)).toBeUndefined();
  });
});
