import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { ClientJwks } from '../api-clients/client-jwks';
import { assertedClientId, verifyClientAssertion, type AssertionPolicy } from './client-assertion';
import { OAuthError } from './oauth-error';

const CLIENT = 'cl_hospital';
const TOKEN_URL = 'https://api.referrals.example.pk/v1/auth/token';
const NOW = new Date('2026-03-04T06:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

interface Key {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function key(alg: 'ES384' | 'RS384' | 'ES256', kid: string): Promise<Key> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg } };
}

describe('verifyClientAssertion', () => {
  let es384: Key;
  let rs384: Key;
  let jwks: ClientJwks;
  const policy = (): AssertionPolicy => ({
    clientId: CLIENT,
    jwks,
    audience: TOKEN_URL,
    now: NOW,
    clockToleranceSeconds: 30,
  });

  beforeAll(async () => {
    es384 = await key('ES384', 'hospital-es-1');
    rs384 = await key('RS384', 'hospital-rs-1');
    jwks = { keys: [es384.jwk, rs384.jwk] as ClientJwks['keys'] };
  });

  const sign = (
    signer: Key,
    claims: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
  ): Promise<string> =>
    new SignJWT({
      iss: CLIENT,
      sub: CLIENT,
      aud: TOKEN_URL,
      exp: nowSeconds + 240,
      jti: 'a7c1e6d2-5f0b-4c3e-9d1a-2b8f7e6c5d40',
      ...claims,
    })
      .setProtectedHeader({ alg: signer.jwk.alg!, kid: signer.jwk.kid, typ: 'JWT', ...header })
      .sign(signer.privateKey);

  const refusal = async (assertion: Promise<string>, overrides: Partial<AssertionPolicy> = {}) => {
    const error = await verifyClientAssertion(await assertion, { ...policy(), ...overrides }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OAuthError);
    const { code, status, description } = error as OAuthError;
    return { code, status, description };
  };

  it('accepts an ES384 and an RS384 assertion by the key its kid names, keeping the jti until exp plus the leeway', async () => {
    for (const signer of [es384, rs384]) {
      await expect(verifyClientAssertion(await sign(signer), policy())).resolves.toEqual({
        jti: 'a7c1e6d2-5f0b-4c3e-9d1a-2b8f7e6c5d40',
        usableUntil: new Date((nowSeconds + 240 + 30) * 1000),
      });
    }
  });

  it('accepts an aud array that holds the token endpoint', async () => {
    await expect(
      verifyClientAssertion(await sign(es384, { aud: ['https://other.example', TOKEN_URL] }), policy()),
    ).resolves.toMatchObject({ jti: expect.any(String) });
  });

  it('refuses an expired assertion', async () => {
    expect(await refusal(sign(es384, { exp: nowSeconds - 31 }))).toEqual({
      code: 'invalid_client',
      status: 401,
      description: 'The client assertion has expired.',
    });
  });

  it('refuses an assertion that expires more than five minutes ahead', async () => {
    expect(await refusal(sign(es384, { exp: nowSeconds + 300 + 31 }))).toMatchObject({
      code: 'invalid_client',
      description: expect.stringMatching(/five minutes/),
    });
    // Within the leeway, five minutes is five minutes.
    await expect(
      verifyClientAssertion(await sign(es384, { exp: nowSeconds + 300 }), policy()),
    ).resolves.toBeTruthy();
  });

  it('refuses an assertion without exp or without jti', async () => {
    expect(await refusal(sign(es384, { exp: undefined }))).toMatchObject({
      description: expect.stringMatching(/exp/),
    });
    expect(await refusal(sign(es384, { jti: undefined }))).toMatchObject({
      description: expect.stringMatching(/jti/),
    });
    expect(await refusal(sign(es384, { jti: 'x'.repeat(256) }))).toMatchObject({ code: 'invalid_client' });
  });

  it('refuses a wrong aud, naming the one expected', async () => {
    expect(await refusal(sign(es384, { aud: 'https://api.referrals.example.pk/v1/auth/token/' }))).toEqual({
      code: 'invalid_client',
      status: 401,
      description: `The client assertion's aud must be the token endpoint, ${TOKEN_URL}.`,
    });
    expect(await refusal(sign(es384, { aud: undefined }))).toMatchObject({ code: 'invalid_client' });
  });

  it('refuses a wrong iss or sub', async () => {
    expect(await refusal(sign(es384, { iss: 'cl_other', sub: 'cl_other' }))).toMatchObject({
      code: 'invalid_client',
      description: expect.stringMatching(/iss and sub/),
    });
    expect(await refusal(sign(es384, { sub: 'someone' }))).toMatchObject({ code: 'invalid_client' });
  });

  it('refuses an unknown kid, a key of another client and a forged signature alike, telling nothing', async () => {
    const stranger = await key('ES384', 'hospital-es-1'); // the registered kid, another key
    const generic = { code: 'invalid_client', status: 401, description: 'Client authentication failed.' };
    expect(await refusal(sign(es384, {}, { kid: 'hospital-es-9' }))).toEqual(generic);
    expect(await refusal(sign(stranger))).toEqual(generic);
    const [head, body] = (await sign(es384)).split('.');
    const [, , otherSignature] = (await sign(es384, { jti: 'other' })).split('.');
    expect(await refusal(Promise.resolve(`${head}.${body}.${otherSignature}`))).toEqual(generic);
  });

  it('refuses an algorithm that is not allowed, or that is not the key’s', async () => {
    const hs256 = new SignJWT({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL, exp: nowSeconds + 60, jti: 'j' })
      .setProtectedHeader({ alg: 'HS256', kid: 'hospital-es-1' })
      .sign(new TextEncoder().encode('a-shared-secret-of-thirty-two-bytes!'));
    expect(await refusal(hs256)).toMatchObject({
      code: 'invalid_client',
      description: expect.stringMatching(/RS384, ES384, RS256, ES256/),
    });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'hospital-es-1' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL, exp: nowSeconds + 60, jti: 'j' }),
    ).toString('base64url')}.`;
    expect(await refusal(Promise.resolve(none))).toMatchObject({ code: 'invalid_client' });
    // An ES256 key registered as ES384: its assertions do not verify.
    const es256 = await key('ES256', 'hospital-es-2');
    expect(
      await refusal(sign(es256), { jwks: { keys: [{ ...es256.jwk, alg: 'ES384' }] as ClientJwks['keys'] } }),
    ).toMatchObject({ code: 'invalid_client' });
  });

  it('refuses an assertion without a kid', async () => {
    expect(await refusal(sign(es384, {}, { kid: undefined }))).toMatchObject({
      description: expect.stringMatching(/kid/),
    });
  });

  it('answers invalid_request to something that is not a JWT', async () => {
    expect(await refusal(Promise.resolve('not.a.jwt'))).toMatchObject({
      code: 'invalid_request',
      status: 400,
    });
  });

  it('never puts the assertion into a description', async () => {
    const assertion = await sign(es384, { exp: nowSeconds - 3600 });
    const { description } = await refusal(Promise.resolve(assertion));
    expect(description).not.toContain(assertion.split('.')[1]);
  });
});

describe('assertedClientId', () => {
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from('{"alg":"ES384"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

  it('reads the client from iss = sub, before any verification', () => {
    expect(assertedClientId(unsigned({ iss: CLIENT, sub: CLIENT }))).toBe(CLIENT);
  });

  it('refuses an iss other than the sub, and a token that is not a JWT', () => {
    expect(() => assertedClientId(unsigned({ iss: CLIENT, sub: 'x' }))).toThrow(OAuthError);
    expect(() => assertedClientId(unsigned({ sub: CLIENT }))).toThrow(OAuthError);
    expect(() => assertedClientId('a.b.c')).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});
