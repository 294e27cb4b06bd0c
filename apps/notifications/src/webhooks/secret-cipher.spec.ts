import { randomBytes, randomUUID } from 'node:crypto';
import { isDevelopmentKey, parseSecretKeys, SecretCipher } from './secret-cipher';

const key = () => randomBytes(32).toString('base64');

describe('webhook secrets at rest', () => {
  it('reads keyId:base64 lists, the current first, and bare keys by fingerprint', () => {
    const [a, b] = [key(), key()];
    expect(parseSecretKeys(`k2:${b}, k1:${a}`)?.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(parseSecretKeys(a)?.[0].id).toMatch(/^sha256-[0-9a-f]{12}$/);
    for (const bad of [
      '',
      `k1:${a},k1:${b}`,
      `k1:${randomBytes(16).toString('base64')}`,
      'k1:not base64',
      42,
    ]) {
      expect(parseSecretKeys(bad)).toBeNull();
    }
    expect(isDevelopmentKey(Buffer.from('dev-only-webhook-secret-key-32b!'))).toBe(true);
  });

  it('encrypts under the current key, decrypts under any listed key, bound to the endpoint', () => {
    const [old, current] = [key(), key()];
    const endpoint = randomUUID();
    const before = new SecretCipher(parseSecretKeys(`old:${old}`)!).encrypt('whsec_abc', endpoint);
    const cipher = new SecretCipher(parseSecretKeys(`new:${current},old:${old}`)!);
    const after = cipher.encrypt('whsec_abc', endpoint);
    expect(after.startsWith('new:')).toBe(true);
    expect(after).not.toContain('whsec_abc');
    expect(cipher.decrypt(before, endpoint)).toBe('whsec_abc');
    expect(cipher.decrypt(after, endpoint)).toBe('whsec_abc');
    expect(() => cipher.decrypt(after, randomUUID())).toThrow();
    expect(() => new SecretCipher(parseSecretKeys(`other:${key()}`)!).decrypt(after, endpoint)).toThrow(
      /unknown key/,
    );
  });
});
