import { generateKeyPairSync } from 'node:crypto';
import type { Caller } from './caller';
import { tokenDigest, VerifiedTokenCache, type VerifiedToken } from './verified-token-cache';

const key = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
const caller: Caller = {
  clientId: 'cl_clinic_test',
  organizationId: '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60',
  practitionerId: null,
  roles: ['clinician'],
  issuer: 'urn:specialist-referral:gateway',
};
const verified: VerifiedToken = { caller, issuer: caller.issuer, kid: 'k1', key };

/** A clock the test moves by hand (ms since the epoch). */
function clock(start = Date.UTC(2026, 0, 1)) {
  const time = { now: start };
  return { time, now: () => time.now, seconds: (offset: number) => Math.floor(start / 1000) + offset };
}

describe('VerifiedTokenCache', () => {
  it('keeps a token until its exp, and not a moment longer', () => {
    const { time, now, seconds } = clock();
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 3_600_000 }, now);
    cache.set('a', verified, seconds(60));
    time.now += 59_999;
    expect(cache.get('a')).toMatchObject({ kid: 'k1' });
    time.now += 1; // exp reached
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps a token at most maxAgeMs, however far away its exp', () => {
    const { time, now, seconds } = clock();
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 1_000 }, now);
    cache.set('a', verified, seconds(3_600));
    time.now += 999;
    expect(cache.get('a')).toBeDefined();
    time.now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('does not keep a token whose exp has passed (accepted within the clock tolerance)', () => {
    const { now, seconds } = clock();
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 }, now);
    cache.set('late', verified, seconds(-10));
    cache.set('now', verified, seconds(0));
    expect(cache.get('late')).toBeUndefined();
    expect(cache.get('now')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries, forgetting the least recently used first', () => {
    const { now, seconds } = clock();
    const cache = new VerifiedTokenCache({ maxEntries: 3, maxAgeMs: 60_000 }, now);
    for (const digest of ['a', 'b', 'c']) cache.set(digest, verified, seconds(300));
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('d', verified, seconds(300));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    for (const digest of ['a', 'c', 'd']) expect(cache.get(digest)).toBeDefined();
    for (let i = 0; i < 1_000; i += 1) cache.set(`flood-${i}`, verified, seconds(300));
    expect(cache.size).toBe(3);
  });

  it('refuses bounds that would not bound anything', () => {
    expect(() => new VerifiedTokenCache({ maxEntries: 0, maxAgeMs: 1 })).toThrow(/maxEntries/);
    expect(() => new VerifiedTokenCache({ maxEntries: 1, maxAgeMs: 0 })).toThrow(/maxAgeMs/);
  });
});

describe('tokenDigest', () => {
  it('tells apart tokens that differ in their last character only, and holds no part of them', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const tampered = `${token.slice(0, -1)}Z`;
    expect(tokenDigest(token)).not.toBe(tokenDigest(tampered));
    expect(tokenDigest(token)).toBe(tokenDigest(token));
    expect(tokenDigest(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenDigest(token)).not.toContain('eyJ');
  });
});
