import { randomUUID } from 'node:crypto';
import { UUID_SHAPE } from '@referral/contracts';
import {
  decodeKeyCursor,
  decodeKeysetCursor,
  decodeRankedKeysetCursor,
  decodeSequenceCursor,
  encodeKeyCursor,
  encodeKeysetCursor,
  encodeRankedKeysetCursor,
  encodeSequenceCursor,
} from './keyset-cursor';

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
    // Times Date.parse takes but PostgreSQL refuses (a 500), or that we never write.
    ...[
      '0000-01-01T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-03-04T06:00:00Z',
      '2026-03-04',
      '1',
    ].map((at) => Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url')),
  ])('refuses %p', (cursor) => {
    expect(decodeKeysetCursor(cursor)).toBeUndefined();
  });
});

describe('ranked keyset cursors (the queue)', () => {
  it('gives back the position it was made from', () => {
    const position = { rank: 1, at: new Date('2026-03-04T06:00:00.123Z'), id: randomUUID() };
    expect(decodeRankedKeysetCursor(encodeRankedKeysetCursor(position))).toEqual(position);
  });

  it.each([
    'garbage',
    '',
    encodeKeysetCursor({ createdAt: new Date(), id: randomUUID() }),
    Buffer.from(`["0","2026-03-04T06:00:00.000Z","${randomUUID()}"]`).toString('base64url'),
    Buffer.from(`[-1,"2026-03-04T06:00:00.000Z","${randomUUID()}"]`).toString('base64url'),
    Buffer.from(`[0.5,"2026-03-04T06:00:00.000Z","${randomUUID()}"]`).toString('base64url'),
    Buffer.from(`[0,"soon","${randomUUID()}"]`).toString('base64url'),
    Buffer.from(`[0,"0000-01-01T00:00:00.000Z","${randomUUID()}"]`).toString('base64url'),
    Buffer.from('[0,"2026-03-04T06:00:00.000Z","not-a-uuid"]').toString('base64url'),
  ])('refuses %p', (cursor) => {
    expect(decodeRankedKeysetCursor(cursor)).toBeUndefined();
  });
});

describe('sequence cursors (a referral history)', () => {
  it('gives back the sequence number it was made from', () => {
    expect(decodeSequenceCursor(encodeSequenceCursor('9007199254740993'))).toBe('9007199254740993');
    expect(decodeSequenceCursor(encodeSequenceCursor('9223372036854775807'))).toBe('9223372036854775807');
  });

  it.each([
    'garbage',
    '',
    Buffer.from('[12]').toString('base64url'),
    Buffer.from('["0"]').toString('base64url'),
    Buffer.from('["-3"]').toString('base64url'),
    Buffer.from('["1e3"]').toString('base64url'),
    Buffer.from('["12345678901234567890"]').toString('base64url'),
    Buffer.from('["9223372036854775808"]').toString('base64url'),
    encodeKeysetCursor({ createdAt: new Date(), id: randomUUID() }),
  ])('refuses %p', (cursor) => {
    expect(decodeSequenceCursor(cursor)).toBeUndefined();
  });
});

describe('key cursors (the specialties)', () => {
  const CODE = /^[a-z]+(-[a-z]+)*$/;

  it('gives back the key it was made from', () => {
    expect(decodeKeyCursor(encodeKeyCursor('gynaecology-obstetrics'), CODE)).toBe('gynaecology-obstetrics');
  });

  it.each([
    'garbage',
    '',
    Buffer.from('null').toString('base64url'),
    Buffer.from('{"after":3}').toString('base64url'),
    Buffer.from('["cardiology"]').toString('base64url'),
    encodeKeyCursor('Cardiology'),
  ])('refuses %p', (cursor) => {
    expect(decodeKeyCursor(cursor, CODE)).toBeUndefined();
  });
});

describe('id cursors (organizations, outbound messages): key cursors of UUID shape', () => {
  it('round-trips the last id as URL-safe text', () => {
    const id = randomUUID();
    const cursor = encodeKeyCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeyCursor(cursor, UUID_SHAPE)).toBe(id);
  });

  it.each([
    ['not base64 JSON', 'abc'],
    ['JSON without the id', Buffer.from('{"x":1}').toString('base64url')],
    ['an id that is not a UUID', Buffer.from('{"after":"1 OR 1=1"}').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['empty', ''],
  ])('refuses %s', (_, cursor) => {
    expect(decodeKeyCursor(cursor, UUID_SHAPE)).toBeUndefined();
  });
});
