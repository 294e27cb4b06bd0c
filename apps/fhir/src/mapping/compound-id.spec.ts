import { randomUUID } from 'node:crypto';
import { compoundId, readCompoundId } from './compound-id';

describe('compound ids', () => {
  it('joins two UUIDs in 53 characters a FHIR id allows, and reads them back', () => {
    for (let i = 0; i < 200; i++) {
      const owner = randomUUID();
      const item = randomUUID();
      const id = compoundId(owner, item);
      expect(id).toMatch(/^[a-z2-7]{26}\.[a-z2-7]{26}$/);
      expect(readCompoundId(id)).toEqual({ owner, item });
    }
  });

  it('reads the extremes', () => {
    const zero = '00000000-0000-0000-0000-000000000000';
    const ones = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
    expect(readCompoundId(compoundId(zero, ones))).toEqual({ owner: zero, item: ones });
    expect(compoundId(ones.toUpperCase(), zero)).toBe(compoundId(ones, zero));
  });

  it.each([
    'not-an-id',
    '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d',
    'aaaaaaaaaaaaaaaaaaaaaaaaaa',
    'aaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaa',
    'AAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAA',
    // the last character carries two bits past the 128: a text we never wrote
    'aaaaaaaaaaaaaaaaaaaaaaaaab.aaaaaaaaaaaaaaaaaaaaaaaaaa',
  ])('names nothing for %s', (id) => {
    expect(readCompoundId(id)).toBeUndefined();
  });

  it('refuses to join anything but UUIDs', () => {
    expect(() => compoundId('x', randomUUID())).toThrow();
  });
});
