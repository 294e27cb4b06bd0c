import { randomBytes } from 'node:crypto';
import { isDevelopmentKey, Keyring, parseSecretKeys } from './keyring';

const key = () => randomBytes(32).toString('base64');

describe('Keyring (AES-256-GCM at rest)', () => {
  it('reads keyId:base64 lists, the current first, and refuses malformed ones', () => {
    const [a, b] = [key(), key()];
    expect(parseSecretKeys(`k2:${b}, k1:${a}`)?.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(parseSecretKeys(a)?.[0].id).toMatch(/^sha256-[0-9a-f]{12}$/);
    for (const bad of ['', `k1:${a},k1:${b}`, `k1:${randomBytes(16).toString('base64')}`, 'k1:%%', 42]) {
      expect(parseSecretKeys(bad)).toBeNull();
    }
    expect(() => new Keyring('k1:short')).toThrow(/well-formed/);
    expect(isDevelopmentKey(Buffer.from('dev-only-idempotency-body-key-32'))).toBe(true);
  });

  it('seals under the current key, opens under any listed key, bound to its context', () => {
    const [old, current] = [`old:${key()}`, `new:${key()}`];
    const before = new Keyring(old).seal('Zarmeena Synthetic', 'row-1');
    const ring = new Keyring(`${current},${old}`);
    const after = ring.seal(Buffer.from('Zarmeena Synthetic'), 'row-1');
    expect(before.keyId).toBe('old');
    expect(after.keyId).toBe('new');
    expect(after.data.toString('latin1')).not.toContain('Zarmeena');
    expect(ring.open(before, 'row-1').toString()).toBe('Zarmeena Synthetic');
    expect(ring.open(after, 'row-1').toString()).toBe('Zarmeena Synthetic');
    expect(() => ring.open(after, 'row-2')).toThrow();
    const altered = Buffer.from(after.data);
    altered[altered.length - 1] ^= 1;
    expect(() => ring.open({ keyId: 'new', data: altered }, 'row-1')).toThrow();
    expect(() => new Keyring(current).open(before, 'row-1')).toThrow(/unknown key old/);
  });

  it('refuses a tag cut short (GCM would check only what is left of it)', () => {
    const ring = new Keyring(`k1:${key()}`);
    const sealed = ring.seal('', 'row-1'); // IV (12) and tag (16), nothing else
    expect(ring.open(sealed, 'row-1').length).toBe(0);
    const truncated = { keyId: 'k1', data: sealed.data.subarray(0, 16) }; // 4 bytes of the tag
    expect(() => ring.open(truncated, 'row-1')).toThrow();
  });
});
