import {
  generateClientId,
  generateClientSecret,
  hashClientSecret,
  verifyClientSecret,
  type ScryptParameters,
} from './client-secret';

// Cheap parameters keep the spec fast; the format and the comparison are the same.
const fast: ScryptParameters = { N: 1024, r: 8, p: 1 };

describe('client secrets', () => {
  it('stores scrypt$N$r$p$salt$hash with a random 16-byte salt, never the secret', async () => {
    const stored = await hashClientSecret('s3cret-value', fast);
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    expect({ scheme, N, r, p }).toEqual({ scheme: 'scrypt', N: '1024', r: '8', p: '1' });
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64')).toHaveLength(32);
    expect(stored).not.toContain('s3cret-value');
  });

  it('salts every hash: the same secret hashes differently twice', async () => {
    expect(await hashClientSecret('same', fast)).not.toBe(await hashClientSecret('same', fast));
  });

  it('verifies the right secret and refuses a wrong one', async () => {
    const stored = await hashClientSecret('correct horse battery staple', fast);
    await expect(verifyClientSecret('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyClientSecret('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(verifyClientSecret('', stored)).resolves.toBe(false);
  });

  it('verifies with the parameters stored in the hash, so they can be raised later', async () => {
    const stored = await hashClientSecret('old-params', { N: 2048, r: 4, p: 1 });
    await expect(verifyClientSecret('old-params', stored)).resolves.toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['too few parts', 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0'],
    [
      'N not a power of two',
      'scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=',
    ],
    [
      'N far too large',
      `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=`,
    ],
    [
      'r out of range',
      'scrypt$1024$0$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=',
    ],
    ['a hash too short', 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA=='],
  ])('never matches a malformed stored hash (%s)', async (_, stored) => {
    await expect(verifyClientSecret('anything', stored)).resolves.toBe(false);
  });

  it('generates 32-byte base64url secrets and cl_ ids of 24 url-safe characters, all different', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateClientSecret));
    const ids = new Set(Array.from({ length: 50 }, generateClientId));
    expect(secrets.size).toBe(50);
    expect(ids.size).toBe(50);
    for (const secret of secrets) expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const id of ids) expect(id).toMatch(/^cl_[A-Za-z0-9_-]{24}$/);
  });
});
