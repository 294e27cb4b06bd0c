import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  generateSigningKeyPair,
  jwkThumbprint,
  publicJwk,
  samePublicKey,
  signingKeyPairFromPrivateKey,
} from './signing-key-pair';

describe('signing key pairs', () => {
  it('generates a 2048-bit RSA pair whose kid is its RFC 7638 thumbprint', async () => {
    const pair = await generateSigningKeyPair();
    expect(pair.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(pair.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(pair.kid).toBe(jwkThumbprint(pair.publicKeyPem));
    expect(pair.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(publicJwk(pair.kid, pair.publicKeyPem).n, 'base64url')).toHaveLength(256);
  });

  it('computes the RFC 7638 example thumbprint', () => {
    // RFC 7638 §3.1
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const pem = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(jwkThumbprint(pem)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('takes an operator key in PKCS#1 and stores it as PKCS#8 with its public half', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const pair = signingKeyPairFromPrivateKey('ops-2026-11', pkcs1);
    expect(pair.kid).toBe('ops-2026-11');
    expect(pair.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(
      samePublicKey(pair.publicKeyPem, publicKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    ).toBe(true);
  });

  it('refuses a key that is not RSA', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() =>
      signingKeyPairFromPrivateKey('ec', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).toThrow(/RSA/);
  });

  it('publishes the public key as an RS256 signature JWK', async () => {
    const pair = await generateSigningKeyPair();
    expect(publicJwk(pair.kid, pair.publicKeyPem)).toEqual({
      kty: 'RSA',
      n: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      e: 'AQAB',
      kid: pair.kid,
      alg: 'RS256',
      use: 'sig',
    });
  });
});
