import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AccessTokenClaims } from '@referral/platform-auth';
import { signAccessToken } from './access-token';
import { publicJwk } from './signing-key-pair';

describe('signAccessToken', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const claims: AccessTokenClaims = {
    iss: 'urn:specialist-referral:gateway',
    aud: 'specialist-referral-api',
    sub: 'cl_abc',
    org: '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10',
    roles: ['clinician'],
    iat: now,
    exp: now + 900,
    jti: 'b9b7c2de-0a53-4c9a-8f1e-6c3d2a1b0f99',
  };

  it('signs an RS256 JWT that a standard library verifies with the published JWK', async () => {
    const token = await signAccessToken(claims, 'key-1', privateKey);
    const jwk = publicJwk('key-1', publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const verified = jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), {
      algorithms: ['RS256'],
      issuer: claims.iss,
      audience: 'specialist-referral-api',
    });
    expect(verified).toEqual(claims);
    expect(jwt.decode(token, { complete: true })?.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
  });

  it('makes a token that another key does not verify', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await signAccessToken(
      claims,
      'key-1',
      createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    );
    expect(() => jwt.verify(token, other.publicKey, { algorithms: ['RS256'] })).toThrow(/invalid signature/);
  });
});
